//! The three places a finished site can go, behind the one [`Sink`] interface rendering writes
//! to: the staging folder of a build (swapped in at the end), memory (a preview, tests), and
//! nowhere (`check`, which renders everything to find every mistake but writes nothing).

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::common::diagnostics::Diagnostic;
use crate::output::pages::Sink;

use super::Staging;

impl Sink for Staging {
    fn write(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        Staging::write(self, path, contents)
    }
}

/// Keeps every file in memory, by path.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// Every file written, by path relative to the site.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(path.to_string(), contents.to_vec());
        Ok(())
    }
}

/// Drops every file.
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _path: &str, _contents: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_keeps_the_last_write_of_each_path_in_path_order() {
        let memory = MemorySink::default();
        let sink: &dyn Sink = &memory;
        sink.write("b/index.html", b"1").unwrap();
        sink.write("a.css", b"2").unwrap();
        sink.write("b/index.html", b"3").unwrap();
        let files = memory.into_files();
        assert_eq!(files.keys().collect::<Vec<_>>(), ["a.css", "b/index.html"]);
        assert_eq!(files["b/index.html"], b"3");
        assert!(NullSink.write("x", b"y").is_ok());
    }
}
