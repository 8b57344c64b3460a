//! `camnang serve` end to end: the real binary on an ephemeral port, plain
//! HTTP over a socket (so paths reach the server exactly as written), live
//! reload over Server-Sent Events, the error overlay and recovery.

use crate::helpers::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `camnang serve`, stopped when dropped.
pub(crate) struct Served {
    child: Child,
    /// `127.0.0.1:PORT`.
    addr: String,
    /// The base path, e.g. `/kynangso/`.
    base: String,
}

impl Served {
    pub(crate) fn start(site: &TestSite) -> Served {
        Self::start_with(site, &[])
    }

    /// `camnang serve --port 0` with more arguments.
    fn start_with(site: &TestSite, args: &[&str]) -> Served {
        let mut command = Command::new(env!("CARGO_BIN_EXE_camnang"));
        command.args(["--root"]).arg(site.root());
        Self::launch(command.args(["serve", "--port", "0"]).args(args))
    }

    /// `camnang serve --port 0` run inside the site folder, as the README
    /// says, so the root is the default `.`.
    fn start_inside(site: &TestSite) -> Served {
        Self::launch(
            Command::new(env!("CARGO_BIN_EXE_camnang"))
                .current_dir(site.root())
                .args(["serve", "--port", "0"]),
        )
    }

    fn launch(command: &mut Command) -> Served {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(rest) = line.strip_prefix("Serving http://") {
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let (addr, path) = url.split_at(url.find('/').unwrap());
        Served {
            child,
            addr: addr.to_string(),
            base: path.to_string(),
        }
    }

    /// `127.0.0.1:PORT`.
    pub(crate) fn addr(&self) -> &str {
        &self.addr
    }

    /// The base path, e.g. `/kynangso/`.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// The server's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// GET `path` exactly as given; returns (status, head, body).
    pub(crate) fn get(&self, path: &str) -> (u16, String, String) {
        self.try_get(path).unwrap()
    }

    /// [`Served::get`], with any failure as an error message.
    pub(crate) fn try_get(&self, path: &str) -> Result<(u16, String, String), String> {
        let mut s = TcpStream::connect(&self.addr).map_err(|e| format!("connect: {e}"))?;
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .map_err(|e| format!("write: {e}"))?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).map_err(|e| format!("read: {e}"))?;
        let raw = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("no status in {head:?}"))?;
        Ok((status, head.to_string(), body.to_string()))
    }

    /// Opens the reload stream and returns it after the first event.
    pub(crate) fn events(&self) -> (BufReader<TcpStream>, u64) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET {}__camnang/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.base, self.addr
        )
        .unwrap();
        let mut r = BufReader::new(s);
        let first = next_build(&mut r);
        (r, first)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the stream until the next `build` event and returns its generation.
/// Fails after 30 s (keep-alive comments arrive meanwhile, so the socket's
/// own timeout never fires).
pub(crate) fn next_build(r: &mut BufReader<TcpStream>) -> u64 {
    let mut line = String::new();
    let mut is_build = false;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        assert!(Instant::now() < deadline, "no build message in 30 s");
        line.clear();
        assert!(
            r.read_line(&mut line).unwrap() > 0,
            "the event stream closed"
        );
        if line.starts_with("event: build") {
            is_build = true;
        } else if let (true, Some(data)) = (is_build, line.strip_prefix("data: ")) {
            return data.trim().parse().unwrap();
        }
    }
}

/// An editor's save may arrive as several events (truncate, write), so a
/// save can cause more than one build: reads reload messages until `path`
/// satisfies `done`, and returns that response.
fn until(
    served: &Served,
    events: &mut BufReader<TcpStream>,
    path: &str,
    done: impl Fn(u16, &str) -> bool,
) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        next_build(events);
        let (status, _, body) = served.get(path);
        if done(status, &body) {
            return (status, body);
        }
        assert!(
            Instant::now() < deadline,
            "{path} never changed: {status} {body}"
        );
    }
}

pub(crate) fn sub_path_site() -> TestSite {
    TestSite::minimal().file(
        "site-config.yaml",
        "title: Trang thử nghiệm\nbase_url: https://truong.example/kynangso/\n",
    )
}

const LESSON: &str = "content/bai-hoc/bai-1.md";

#[cfg(target_os = "linux")]
#[test]
fn the_binary_turns_transparent_huge_pages_off_for_itself() {
    // Huge pages make the allocator's regions count in 2 MiB steps (issue
    // 8: about 20 MB more at a 10,000-lesson build's peak).
    let site = sub_path_site();
    let served = Served::start(&site);
    let status = std::fs::read_to_string(format!("/proc/{}/status", served.pid())).unwrap();
    assert!(status.lines().any(|l| l == "THP_enabled:\t0"), "{status}");
}

#[test]
fn an_edit_is_served_after_one_reload_message() {
    let site = sub_path_site();
    let served = Served::start(&site);
    let page = format!("{}bai-hoc/bai-1/", served.base);
    let (status, head, body) = served.get(&page);
    assert_eq!(status, 200);
    assert!(head
        .to_lowercase()
        .contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("Bài một"));
    assert!(
        body.contains("__camnang/live.js"),
        "serve mode adds the reload script"
    );

    let (mut events, first) = served.events();
    let started = Instant::now();
    site.write(
        LESSON,
        "---\ntitle: Bài một đã sửa\nskill: an-toan\n---\n\nNội dung mới.\n",
    );
    let (_, body) = until(&served, &mut events, &page, |_, b| {
        b.contains("Bài một đã sửa")
    });
    assert!(body.contains("Nội dung mới."), "{body}");
    assert!(first >= 1 && started.elapsed() < Duration::from_secs(20));

    // A new lesson appears, a deleted one is gone.
    let second = format!("{}bai-hoc/bai-2/", served.base);
    site.write(
        "content/bai-hoc/bai-2.md",
        "---\ntitle: Bài hai\nskill: an-toan\n---\n\nHai.\n",
    );
    until(&served, &mut events, &second, |s, _| s == 200);
    std::fs::remove_file(site.root().join("content/bai-hoc/bai-2.md")).unwrap();
    until(&served, &mut events, &second, |s, _| s == 404);
}

#[test]
fn a_build_error_shows_over_the_page_and_a_fix_clears_it() {
    let site = sub_path_site();
    let served = Served::start(&site);
    let page = format!("{}bai-hoc/bai-1/", served.base);
    let (mut events, _) = served.events();

    site.write(
        LESSON,
        "---\ntitle: [không đóng\nskill: an-toan\n---\n\nNội dung.\n",
    );
    let (status, body) = until(&served, &mut events, &page, |_, b| {
        b.contains("camnang-error")
    });
    assert_eq!(status, 200, "the last good page is still served");
    assert!(body.contains("id=\"camnang-error\""), "{body}");
    assert!(
        body.contains("bai-1.md:2"),
        "the overlay names the file and line: {body}"
    );
    assert!(
        body.contains("Bài một"),
        "under the overlay: the last good page"
    );

    site.write(
        LESSON,
        "---\ntitle: Bài một đã sửa lỗi\nskill: an-toan\n---\n\nNội dung.\n",
    );
    let (_, body) = until(&served, &mut events, &page, |_, b| {
        b.contains("Bài một đã sửa lỗi")
    });
    assert!(
        !body.contains("camnang-error"),
        "the overlay is gone once the file is fixed"
    );
}

#[test]
fn nothing_outside_the_output_is_ever_served() {
    let site = sub_path_site().file("bi-mat.txt", "BÍ MẬT");
    let served = Served::start(&site);
    let b = &served.base;
    for path in [
        format!("{b}../bi-mat.txt"),
        format!("{b}../../etc/passwd"),
        format!("{b}%2e%2e/bi-mat.txt"),
        format!("{b}%2E%2E%2Fbi-mat.txt"),
        format!("{b}..%5cbi-mat.txt"),
        format!("{b}..\\bi-mat.txt"),
        format!("{b}/etc/passwd"),
        format!("{b}%2fetc%2fpasswd"),
        "/../bi-mat.txt".to_string(),
        "/bi-mat.txt".to_string(),
        format!("{b}site-config.yaml"),
        format!("{b}content/bai-hoc/bai-1.md"),
    ] {
        let (status, _, body) = served.get(&path);
        assert!((400..500).contains(&status), "{path}: {status}");
        assert!(
            !body.contains("BÍ MẬT") && !body.contains("base_url"),
            "{path}"
        );
    }
    // The root redirects into the sub-path; a missing page gets the site's 404.
    let (status, head, _) = served.get("/");
    assert_eq!(status, 302);
    assert!(head.contains(&format!("location: {b}")), "{head}");
    assert_eq!(served.get(&format!("{b}khong-co/")).0, 404);
    let (status, _, _) = served.get(&format!("{b}bai-hoc"));
    assert_eq!(status, 302);
}

#[test]
fn a_port_in_use_is_a_clear_error_with_another_port_to_try() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = TestSite::minimal().cli(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("try `camnang serve --port"), "{err}");
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let built = TestSite::minimal().build_ok();
    for (path, bytes) in &built.files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("__camnang"),
            "{path}"
        );
    }
}

#[test]
fn a_broken_config_at_start_is_shown_not_fatal() {
    let site = TestSite::minimal().file("site-config.yaml", "title: [không đóng\n");
    let served = Served::start(&site);
    assert_eq!(served.base, "/");
    let (status, _, body) = served.get("/");
    assert_eq!(status, 500);
    assert!(
        body.contains("camnang-error") && body.contains("site-config.yaml"),
        "{body}"
    );
}

/// Reads `{"generation":…,"error":…,"listeners":…}` from the status endpoint.
fn status(served: &Served) -> serde_json::Value {
    let (status, _, body) = served.get(&format!("{}__camnang/status", served.base));
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

pub(crate) fn listeners(served: &Served) -> u64 {
    status(served)["listeners"].as_u64().unwrap()
}

#[test]
fn a_server_left_alone_does_not_rebuild() {
    // The build reads every source; reading is not a change, or the
    // server would rebuild forever.
    let site = sub_path_site();
    let served = Served::start(&site);
    for _ in 0..3 {
        served.get(&format!("{}bai-hoc/bai-1/", served.base));
    }
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(status(&served)["generation"], 1, "only the first build");
}

#[test]
fn a_templates_folder_made_after_start_is_watched() {
    let site = sub_path_site();
    assert!(!site.root().join("templates").exists());
    let served = Served::start(&site);
    let page = format!("{}bai-hoc/bai-1/", served.base);
    let (mut events, _) = served.events();
    std::fs::create_dir(site.root().join("templates")).unwrap();
    // The folder's own event makes the server watch it and rebuild.
    next_build(&mut events);
    site.write(
        "templates/partials/footer.html",
        "<footer>Chân trang riêng của trường</footer>",
    );
    until(&served, &mut events, &page, |_, b| {
        b.contains("Chân trang riêng của trường")
    });
    // A second edit inside the new folder is seen too.
    site.write(
        "templates/partials/footer.html",
        "<footer>Chân trang đã sửa</footer>",
    );
    until(&served, &mut events, &page, |_, b| {
        b.contains("Chân trang đã sửa")
    });
}

#[test]
fn reload_connections_are_forgotten_when_tabs_close() {
    let site = sub_path_site();
    let served = Served::start(&site);
    assert_eq!(listeners(&served), 0);
    let tabs: Vec<_> = (0..100).map(|_| served.events()).collect();
    assert_eq!(listeners(&served), 100);
    drop(tabs);
    let deadline = Instant::now() + Duration::from_secs(30);
    while listeners(&served) > 0 {
        assert!(
            Instant::now() < deadline,
            "{} reload connections still counted after their tabs closed",
            listeners(&served)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn polling_sees_an_edit_and_stays_idle_otherwise() {
    let site = sub_path_site();
    let served = Served::start_with(&site, &["--poll"]);
    let page = format!("{}bai-hoc/bai-1/", served.base);
    let (mut events, _) = served.events();
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(
        status(&served)["generation"],
        1,
        "polling alone rebuilds nothing"
    );
    site.write(
        LESSON,
        "---\ntitle: Bài một qua poll\nskill: an-toan\n---\n\nNội dung.\n",
    );
    until(&served, &mut events, &page, |_, b| {
        b.contains("Bài một qua poll")
    });
}

#[test]
fn run_inside_the_site_folder_it_sees_edits() {
    // The default root `.` is relative; the watcher reports absolute paths.
    let site = sub_path_site();
    let served = Served::start_inside(&site);
    let page = format!("{}bai-hoc/bai-1/", served.base);
    let (mut events, _) = served.events();
    site.write(
        LESSON,
        "---\ntitle: Bài một sửa tại chỗ\nskill: an-toan\n---\n\nNội dung.\n",
    );
    until(&served, &mut events, &page, |_, b| {
        b.contains("Bài một sửa tại chỗ")
    });
}
