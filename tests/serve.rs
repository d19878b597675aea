//! `bulletin serve` as a person uses it: the program started on a free port over a copy of the
//! reference site, pages fetched with a minimal HTTP client, files edited and the event stream
//! read. Waits poll with generous limits; nothing here measures speed.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bulletin::Lang;
use common::{copy_site, repo_root};

/// Generous: a debug build on a loaded 2-core machine.
const LIMIT: Duration = Duration::from_secs(120);

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bulletin serve --port 0` and reads the address it prints.
fn serve(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("bulletin serve starts");
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(at) = line.find("http://") {
                let address = line[at + "http://".len()..].split('/').next().unwrap();
                let _ = sender.send(address.to_string());
            }
        }
    });
    let mut server = Server {
        child,
        address: String::new(),
    };
    server.address = receiver
        .recv_timeout(LIMIT)
        .expect("serve prints its address");
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    server
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// One request on its own connection, the target sent exactly as written.
fn request(address: &str, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(LIMIT)).unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(address: &str, target: &str) -> Response {
    request(address, "GET", target)
}

/// An open event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Connects and waits until the server has registered the stream.
    fn open(address: &str) -> Events {
        Events::open_at(address, "/__bulletin/events")
    }

    fn open_at(address: &str, target: &str) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let mut head = String::new();
        while !head.contains(": connected") {
            let mut line = String::new();
            assert!(events.reader.read_line(&mut line).unwrap() > 0, "{head}");
            head.push_str(&line);
        }
        assert!(head.contains("text/event-stream"), "{head}");
        events
    }

    /// The next event, as (name, data).
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("an event in time");
            assert!(read > 0, "the stream stays open");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() && !name.is_empty() {
                return (name, data);
            } else if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data.push_str(value);
            }
        }
    }

    /// Skips events until one named `wanted`; its data comes back.
    fn wait_for(&mut self, wanted: &str) -> String {
        loop {
            let (name, data) = self.next();
            if name == wanted {
                return data;
            }
        }
    }
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} contains {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Fetches `target` until its page contains `wanted`.
fn poll_until(address: &str, target: &str, wanted: &str) {
    let started = Instant::now();
    loop {
        let page = get(address, target);
        if page.status == 200 && page.text().contains(wanted) {
            return;
        }
        assert!(
            started.elapsed() < LIMIT,
            "{target} never showed {wanted:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

const PROVINCE: &str = "/en/provinces/binh-duong/";
const OBSERVATIONS: &str = "data/observations/2022-05-binh-duong.csv";

#[test]
fn the_preview_serves_the_site_with_its_types_and_the_build_has_no_script() {
    let site = copy_site(&repo_root());
    // A base URL with a sub-path: the preview's links still point at its own root.
    edit(
        site.path(),
        "bulletin.toml",
        "base_url = \"https://bulletin.example.vn/\"",
        "base_url = \"https://example.org/bhxh/\"",
    );
    let server = serve(site.path());
    let address = &server.address;
    for (target, content_type, text) in [
        ("/", "text/html; charset=utf-8", "</html>"),
        (PROVINCE, "text/html; charset=utf-8", "Bình Dương"),
        ("/provinces/yen-bai/", "text/html; charset=utf-8", "Yên Bái"),
    ] {
        let response = get(address, target);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(
            response.header("content-type").as_deref(),
            Some(content_type)
        );
        assert_eq!(
            response.header("cache-control").as_deref(),
            Some("no-store")
        );
        assert!(response.text().contains(text), "{target}");
        let has_script = response.text().contains("/__bulletin/events");
        assert_eq!(
            has_script,
            content_type.starts_with("text/html"),
            "{target}"
        );
    }
    let page = get(address, "/en/").text();
    let script = page.find("/__bulletin/events").unwrap();
    assert!(script < page.rfind("</body>").unwrap(), "before </body>");
    assert!(
        page.contains("href=\"provinces/index.html\"") && !page.contains("href=\"/bhxh/"),
        "links point at the preview"
    );
    // The stylesheet, under its hashed name, as the page names it.
    let stylesheet = page.split("rel=\"stylesheet\" href=\"../").nth(1).unwrap();
    let stylesheet = &stylesheet[..stylesheet.find('"').unwrap()];
    let response = get(address, &format!("/{stylesheet}"));
    assert_eq!(response.status, 200, "{stylesheet}");
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    for lang in Lang::ALL {
        let title = bulletin::builtin_interface_string(lang, "preview.error_title");
        assert!(page.contains(title), "the overlay's words: {title}");
    }
    let head = request(address, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(address, "POST", "/").status, 405);

    let output = site.path().join("built");
    let built = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    let pages = common::snapshot(&output);
    assert!(pages.len() > 100);
    for (path, bytes) in pages {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__bulletin"),
            "{path} has the preview's script"
        );
    }
    assert!(!site.path().join("output").exists(), "serve never writes");
}

#[test]
fn no_path_leaves_the_site() {
    let site = copy_site(&repo_root());
    let server = serve(site.path());
    let not_found = get(&server.address, "/no-such-page/");
    assert_eq!(not_found.status, 404);
    assert!(not_found.text().contains("</html>"), "the site's 404 page");
    for target in [
        "/../bulletin.toml",
        "/%2e%2e/bulletin.toml",
        "/%2e%2e%2fbulletin.toml",
        "/..%5cbulletin.toml",
        "/%00",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/..%2f..%2fbulletin.toml",
        "/data/observations/2022-05-binh-duong.csv",
        "/bulletin.toml",
    ] {
        let response = get(&server.address, target);
        assert_eq!(response.status, 404, "{target}");
        assert_eq!(response.body, not_found.body, "{target}");
    }
}

#[test]
fn edits_reload_the_open_pages_and_mistakes_show_over_the_last_good_site() {
    let site = copy_site(&repo_root());
    let root = site.path();
    let server = serve(root);
    let address = &server.address;
    let mut events = Events::open(address);
    let before = get(address, PROVINCE).text();

    edit(root, OBSERVATIONS, ",310,15974,", ",4321,15974,");
    events.wait_for("reload");
    poll_until(address, PROVINCE, "value=\"4321\"");
    // A page served before the edit whose stream connects only now reloads at once.
    let stream = &before[before.find("/__bulletin/events?v=").unwrap()..];
    let stream = &stream[..stream.find('"').unwrap()];
    let (name, _) = Events::open_at(address, stream).next();
    assert_eq!(name, "reload", "{stream}");

    edit(
        root,
        "content/bulletins/2022-05-binh-duong.en.md",
        "workers have gradually returned",
        "workers came back in remarkable numbers",
    );
    events.wait_for("reload");
    poll_until(
        address,
        "/en/bulletins/2022-05-binh-duong/",
        "remarkable numbers",
    );

    edit(root, OBSERVATIONS, ",4321,15974,", ",3l0,15974,");
    let error = events.wait_for("error");
    assert!(error.contains("2022-05-binh-duong.csv"), "{error}");
    assert!(error.contains("3l0"), "{error}");
    let page = get(address, PROVINCE);
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(page.text().contains("value=\"4321\""));
    let mut late = Events::open(address);
    let shown = late.wait_for("error");
    assert_eq!(shown, error, "a page opened now shows the mistake at once");

    edit(root, OBSERVATIONS, ",3l0,15974,", ",1234,15974,");
    events.wait_for("reload");
    late.wait_for("reload");
    poll_until(address, PROVINCE, "value=\"1234\"");
}

#[test]
fn a_site_that_never_loaded_shows_its_mistakes_until_fixed() {
    let site = copy_site(&repo_root());
    let root = site.path();
    edit(root, OBSERVATIONS, ",310,15974,", ",3l0,15974,");
    let server = serve(root);
    let address = &server.address;
    let page = get(address, "/");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("/__bulletin/events"),
        "the overlay's script"
    );
    let mut events = Events::open(address);
    let error = events.wait_for("error");
    assert!(error.contains("2022-05-binh-duong.csv"), "{error}");

    edit(root, OBSERVATIONS, ",3l0,15974,", ",310,15974,");
    events.wait_for("reload");
    poll_until(address, PROVINCE, "value=\"310\"");
}
