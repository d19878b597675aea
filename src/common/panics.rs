//! The last line of defence against bugs: a panic while drawing a chart, rendering a page or
//! anywhere in a build becomes an error naming what was being made, instead of an abort with a
//! backtrace; unwinding still runs the clean-up (the staging folder is removed).
//!
//! [`catch`] works on its own, so library callers and tests get the diagnostic. The command line
//! also installs [`install_quiet_hook`], which keeps Rust's own panic message off the terminal
//! for panics that [`catch`] turns into a diagnostic, and adds where in the code it happened.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::common::messages::msg;

/// The help of every diagnostic made from a panic.
pub fn help() -> String {
    msg!("common.panic.help")
}

/// How many [`catch`] calls are running, on any thread: rayon runs work for a catching caller
/// on its own threads, so a thread-local flag would miss them.
static CATCHING: AtomicUsize = AtomicUsize::new(0);

/// Where recent caught panics happened in the code (message, `file:line`), from the hook.
static LOCATIONS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// Runs `work`; a panic inside it comes back as its message (with the place in the code when
/// the quiet hook is installed).
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    CATCHING.fetch_add(1, Ordering::SeqCst);
    let result = catch_unwind(AssertUnwindSafe(work));
    CATCHING.fetch_sub(1, Ordering::SeqCst);
    result.map_err(|payload| {
        let message = message_of(payload.as_ref());
        match take_location(&message) {
            Some(place) => msg!("common.panic.at", message = message, place = place),
            None => message,
        }
    })
}

fn message_of(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| msg!("common.panic.no_message"))
}

fn locations() -> std::sync::MutexGuard<'static, Vec<(String, String)>> {
    LOCATIONS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn take_location(message: &str) -> Option<String> {
    let mut locations = locations();
    let index = locations.iter().rposition(|(m, _)| m == message)?;
    Some(locations.remove(index).1)
}

/// Replaces the panic hook: panics inside `catch` are only noted (their diagnostic reports
/// them); any other keeps Rust's default message. For programs, not for the library's callers.
pub fn install_quiet_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if CATCHING.load(Ordering::SeqCst) == 0 {
            default(info);
            return;
        }
        if let Some(place) = info.location() {
            let mut locations = locations();
            // A handful is plenty: each is taken by the catch that reports it.
            if locations.len() >= 64 {
                locations.remove(0);
            }
            locations.push((message_of(info.payload()), place.to_string()));
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(catch(|| 2 + 2), Ok(4));
        let caught = catch(|| {
            let limits: Vec<i32> = vec![155, 131];
            // The kind of bug the chart layout had: clamp with its bounds crossed.
            50.clamp(limits[0], limits[1])
        });
        let message = caught.unwrap_err();
        assert!(message.contains("min > max"), "{message}");
        let caught = catch(|| -> u8 { panic!("{} went wrong", "something") });
        assert!(caught.unwrap_err().starts_with("something went wrong"));
    }

    #[test]
    fn the_help_reads_in_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let payload: Box<dyn Any + Send> = Box::new(42);
        assert_eq!(
            with_lang(Lang::Vi, || message_of(payload.as_ref())),
            "sự cố không kèm thông báo"
        );
        assert!(with_lang(Lang::Vi, help).starts_with("đây là lỗi của chương trình bulletin"));
    }
}
