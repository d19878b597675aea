//! `bulletin serve`: the site built into memory (the output folder is never touched), served on
//! a local address with links pointing there, rebuilt after each edit (only the inputs that
//! changed are read again, only the pages that read them rendered again), and the open pages
//! told to reload, or shown the mistake over the last good version.
//!
//! - `http`: the requests the preview answers and how paths are made safe;
//! - `state`: the project and the site's files in memory;
//! - `watch`: the site folder's changes, gathered into batches;
//! - `live`: the event stream, the injected script and the error overlay.

mod http;
mod live;
mod state;
mod watch;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bulletin::Diagnostic;
use state::{Outcome, Preview, Shared};

/// What `bulletin serve` was asked for.
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub open: bool,
    pub drafts: bool,
}

pub fn run(options: ServeOptions) -> ExitCode {
    let root = match options.root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            let folder = options.root.display();
            let error = Diagnostic::error(msg!("cli.serve.no_folder", folder = folder, error = e))
                .help(msg!("cli.serve.no_folder_help"));
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match TcpListener::bind((options.bind.as_str(), options.port)) {
        Ok(listener) => listener,
        Err(e) => {
            let address = format!("{}:{}", options.bind, options.port);
            let error = Diagnostic::error(msg!(
                "cli.serve.cannot_listen",
                address = address,
                error = e
            ))
            .help(msg!("cli.serve.cannot_listen_help"));
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(e) => {
            let error = Diagnostic::error(msg!("cli.serve.no_address", error = e));
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let url = format!("http://{address}/");
    let site = bulletin::Options {
        root: root.clone(),
        output: None,
        // Links point at the preview, whatever sub-path the site's base URL has.
        base_url: Some(url.clone()),
        include_drafts: options.drafts,
    };
    let shared = Arc::new(Shared::default());
    let (preview, outcome) = Preview::start(site, Arc::clone(&shared));
    report(&outcome, None);
    match watch::Watch::new(&root, preview.output_dir()) {
        Ok(watch) => keep_up_to_date(watch, preview, &root),
        Err(e) => cannot_watch(&root, e),
    }
    let serving = msg!("cli.serve.serving", folder = root.display(), url = url);
    println!("{serving}");
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }
    serve(listener, shared)
}

/// Edits are not seen: the preview still serves what it built.
fn cannot_watch(root: &std::path::Path, error: impl std::fmt::Display) {
    let warning = Diagnostic::warning(msg!(
        "cli.serve.cannot_watch",
        folder = root.display(),
        error = error
    ))
    .help(msg!("cli.serve.cannot_watch_help"));
    eprintln!("{warning}");
}

/// Reloads after every batch of changes, on its own thread.
fn keep_up_to_date(mut watch: watch::Watch, mut preview: Preview, root: &std::path::Path) {
    let spawned = std::thread::Builder::new()
        .name("watch".into())
        .spawn(move || {
            while let Some(batch) = watch.next_batch() {
                let outcome = preview.apply(batch.paths);
                report(&outcome, Some(batch.first_seen));
            }
        });
    if let Err(e) = spawned {
        cannot_watch(root, e);
    }
}

/// Answers every connection on its own thread until the process is stopped (Ctrl-C).
fn serve(listener: TcpListener, shared: Arc<Shared>) -> ExitCode {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        let script = shared.script();
        let spawned = std::thread::Builder::new()
            .name("connection".into())
            .spawn(move || answer(stream, &shared, &script));
        if let Err(e) = spawned {
            let warning = Diagnostic::warning(msg!("cli.serve.cannot_answer", error = e));
            eprintln!("{warning}");
        }
    }
    ExitCode::SUCCESS
}

fn answer(mut stream: TcpStream, shared: &Shared, script: &str) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_nodelay(true);
    let Ok(Some(request)) = http::Request::read(&stream) else {
        return;
    };
    // A closed connection is the browser's business; there is no one to tell.
    let _ = route(&request, &mut stream, shared, script);
}

fn route(
    request: &http::Request,
    stream: &mut TcpStream,
    shared: &Shared,
    script: &str,
) -> std::io::Result<()> {
    let head = request.is_head();
    if !request.is_allowed() {
        let body = b"Only GET and HEAD are answered.\n";
        return http::respond(
            stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            "Allow: GET, HEAD\r\n",
            body,
            false,
        );
    }
    if let Some(seen) = live::events_version(&request.target) {
        return live::stream_events(&shared.hub, stream, head, seen);
    }
    // Read before the file: a reload in between only costs the page one more reload.
    let version = shared.hub.version();
    if shared.is_empty() {
        // The site never loaded: a blank page whose overlay shows why.
        let page = live::inject(b"<!doctype html><html><head><meta charset=\"utf-8\"><title>bulletin</title></head><body></body></html>", script, version);
        return http::respond(
            stream,
            "503 Service Unavailable",
            "text/html; charset=utf-8",
            "",
            &page,
            head,
        );
    }
    let found = http::site_path(&request.target).and_then(|path| {
        let folder = format!("{path}/index.html");
        [path, folder]
            .into_iter()
            .find_map(|path| Some((shared.file(&path)?, path)))
            .map(|(bytes, path)| (path, bytes))
    });
    let (status, path, bytes) = match found {
        Some((path, bytes)) => ("200 OK", path, bytes),
        None => match shared.file(NOT_FOUND_PAGE) {
            Some(bytes) => ("404 Not Found", NOT_FOUND_PAGE.to_string(), bytes),
            None => {
                return http::respond(
                    stream,
                    "404 Not Found",
                    "text/plain; charset=utf-8",
                    "",
                    b"Not found\n",
                    head,
                )
            }
        },
    };
    let content_type = http::content_type(&path);
    if content_type.starts_with("text/html") {
        let page = live::inject(&bytes, script, version);
        http::respond(stream, status, content_type, "", &page, head)
    } else {
        http::respond(stream, status, content_type, "", &bytes, head)
    }
}

/// The site's page for addresses it does not have.
const NOT_FOUND_PAGE: &str = "404.html";

/// One line per load or reload on the terminal; the diagnostics of a failed one in full.
fn report(outcome: &Outcome, first_seen: Option<Instant>) {
    match outcome {
        Outcome::Nothing => {}
        Outcome::Updated {
            files,
            reload,
            render,
        } => {
            let ms = |d: &Duration| crate::number(d.as_secs_f64() * 1000.0, 0);
            let line = match first_seen {
                Some(seen) => msg!(
                    "cli.serve.updated",
                    count = crate::count(*files),
                    reading = ms(reload),
                    rendering = ms(render),
                    since = ms(&seen.elapsed())
                ),
                None => msg!(
                    "cli.serve.built",
                    count = crate::count(*files),
                    reading = ms(reload),
                    rendering = ms(render)
                ),
            };
            eprintln!("{line}");
        }
        Outcome::Failed(failure) => {
            for diagnostic in &failure.diagnostics {
                eprintln!("{diagnostic}\n");
            }
            let summary = msg!("cli.serve.failed", count = failure.error_count);
            eprintln!("{summary}");
        }
    }
}

/// Opens the address in the default browser; a failure only costs a warning.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        let warning = Diagnostic::warning(msg!("cli.serve.no_browser", error = e))
            .help(msg!("cli.serve.no_browser_help", url = url));
        eprintln!("{warning}");
    }
}
