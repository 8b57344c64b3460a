//! `camnang serve` under load (issue 9): many concurrent requests, slow and
//! oversized requests, reload clients that come and go, and saves in a
//! burst while a rebuild runs. Every request goes to 127.0.0.1 only, and
//! every loop is bounded in count and time.

use crate::serve::{listeners, next_build, sub_path_site, Served};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// The server's resident memory in KB (Linux `/proc`).
fn rss_kb(served: &Served) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", served.pid())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// Sends `request` as is and reads until the server closes or `limit`
/// passes. Returns what came back and how long it took.
fn raw(served: &Served, request: &[u8], limit: Duration) -> (String, Duration) {
    let started = Instant::now();
    let mut s = TcpStream::connect(served.addr()).unwrap();
    s.set_read_timeout(Some(limit)).unwrap();
    // A server may close before reading everything; that is an answer too.
    let _ = s.write_all(request);
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    (
        String::from_utf8_lossy(&got).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_thousand_concurrent_requests_all_succeed() {
    let site = sub_path_site();
    let served = Arc::new(Served::start(&site));
    let paths = ["", "bai-hoc/", "bai-hoc/bai-1/", "tim-kiem/", "sitemap.xml"];
    let expected: Vec<usize> = paths
        .iter()
        .map(|p| served.get(&format!("{}{p}", served.base())).2.len())
        .collect();
    let start = Arc::new(Barrier::new(1000));
    let errors = Arc::new(Mutex::new(Vec::new()));
    let threads: Vec<_> = (0..1000)
        .map(|i| {
            let (served, start, errors) = (served.clone(), start.clone(), errors.clone());
            let (path, len) = (paths[i % paths.len()], expected[i % paths.len()]);
            std::thread::Builder::new()
                .stack_size(64 * 1024)
                .spawn(move || {
                    start.wait();
                    match served.try_get(&format!("{}{path}", served.base())) {
                        Ok((200, _, body)) if body.len() == len => {}
                        Ok((status, _, body)) => errors
                            .lock()
                            .unwrap()
                            .push(format!("{path}: {status}, {} bytes", body.len())),
                        Err(e) => errors.lock().unwrap().push(format!("{path}: {e}")),
                    }
                })
                .unwrap()
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let errors = errors.lock().unwrap();
    assert!(
        errors.is_empty(),
        "{} errors: {:?}",
        errors.len(),
        &errors[..errors.len().min(10)]
    );
}

#[test]
fn slow_and_oversized_requests_are_bounded() {
    let site = sub_path_site();
    let served = Served::start(&site);
    // Headers that never end (slowloris): the server hangs up by itself.
    let (_, took) = raw(
        &served,
        b"GET /kynangso/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n",
        Duration::from_secs(60),
    );
    assert!(
        took < Duration::from_secs(20),
        "a slow request held a connection for {took:?}"
    );
    // A connection kept alive after its answer, then left idle, is closed too.
    let (answer, took) = raw(
        &served,
        b"GET /kynangso/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        Duration::from_secs(60),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        took < Duration::from_secs(20),
        "an idle connection was kept for {took:?}"
    );
    // A 1 MB header, a 100 KB address, 1,000 headers and a 1 MB body are
    // refused at once with a 4xx status, or the connection is closed.
    let big_header = format!(
        "GET /kynangso/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let long_url = format!(
        "GET /kynangso/{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "a".repeat(100_000)
    );
    let many = format!(
        "GET /kynangso/ HTTP/1.1\r\nHost: 127.0.0.1\r\n{}\r\n",
        "X-H: 1\r\n".repeat(1000)
    );
    let body = format!(
        "GET /kynangso/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n{}",
        1 << 20,
        "a".repeat(1 << 20)
    );
    for (what, request) in [
        ("a 1 MB header", big_header),
        ("a 100 KB address", long_url),
        ("1,000 headers", many),
        ("a 1 MB body", body),
    ] {
        let (answer, took) = raw(&served, request.as_bytes(), Duration::from_secs(10));
        let status: u16 = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert!(
            answer.is_empty() || (400..500).contains(&status),
            "{what}: {}",
            answer.lines().next().unwrap_or("")
        );
        assert!(took < Duration::from_secs(5), "{what} took {took:?}");
    }
    // The server is still well.
    assert_eq!(
        served.get(&format!("{}bai-hoc/bai-1/", served.base())).0,
        200
    );
}

#[test]
fn reload_clients_coming_and_going_leak_no_tasks_or_memory() {
    let site = sub_path_site();
    let served = Served::start(&site);
    let round = |n: usize| {
        let tabs: Vec<_> = (0..n).map(|_| served.events()).collect();
        assert_eq!(listeners(&served), n as u64);
        drop(tabs);
        let deadline = Instant::now() + Duration::from_secs(30);
        while listeners(&served) > 0 {
            assert!(
                Instant::now() < deadline,
                "reload connections still counted"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    // Warm up (the allocator and the runtime keep some memory), then
    // measure ten more rounds of 100.
    round(100);
    let before = rss_kb(&served);
    for _ in 0..10 {
        round(100);
    }
    let after = rss_kb(&served);
    assert!(
        after < before + 8 * 1024,
        "resident memory grew from {before} KB to {after} KB over 1,000 reload connections"
    );
}

/// The version written into lesson `i`'s title, e.g. "Bài 3 – bản 7".
fn title(i: usize, version: usize) -> String {
    format!("Bài {i} – bản {version}")
}

/// Every "Bài N – bản V" on a page, as N → V.
fn versions(body: &str) -> BTreeMap<usize, usize> {
    let mut found = BTreeMap::new();
    for part in body.split("Bài ").skip(1) {
        let Some((n, rest)) = part.split_once(" – bản ") else {
            continue;
        };
        let v: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(n), Ok(v)) = (n.parse(), v.parse()) {
            found.insert(n, v);
        }
    }
    found
}

/// The build generation a page came from (the reload script names it).
fn generation(body: &str) -> Option<u64> {
    let rest = &body[body.find("data-generation=\"")? + 17..];
    rest[..rest.find('"')?].parse().ok()
}

/// One page as a reader saw it: the build it came from, its path, and the
/// version of each lesson it shows.
type Seen = (u64, String, BTreeMap<usize, usize>);

#[test]
fn saves_in_a_burst_while_rebuilding_never_serve_a_mixed_state() {
    const LESSONS: usize = 12;
    const BURSTS: usize = 8;
    let site = (0..LESSONS).fold(sub_path_site(), |site, i| {
        site.file(
            &format!("content/bai-hoc/bai-{i}.md"),
            format!(
                "---\ntitle: \"{}\"\nweight: {i}\n---\nNội dung.\n",
                title(i, 0)
            ),
        )
    });
    let served = Arc::new(Served::start(&site));
    let (mut events, _) = served.events();
    let done = Arc::new(AtomicBool::new(false));
    // Readers: the section page (which lists every lesson) and lesson
    // pages, over and over, each tagged with the build it came from.
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let readers: Vec<_> = (0..2)
        .map(|r| {
            let (served, done, seen) = (served.clone(), done.clone(), seen.clone());
            std::thread::spawn(move || {
                let mut k = r;
                while !done.load(Ordering::Relaxed) {
                    let path = if k % 2 == 0 {
                        "bai-hoc/".to_string()
                    } else {
                        format!("bai-hoc/bai-{}/", k % LESSONS)
                    };
                    k += 1;
                    let (status, _, body) = served.get(&format!("{}{path}", served.base()));
                    assert!(status == 200, "{path}: {status}");
                    assert!(body.contains("</footer>"), "{path} came back cut short");
                    let g = generation(&body).expect("every page names its build");
                    seen.lock().unwrap().push((g, path, versions(&body)));
                }
            })
        })
        .collect();
    // The writer: every lesson saved, one after another, in bursts.
    for version in 1..=BURSTS {
        for i in 0..LESSONS {
            site.write(
                &format!("content/bai-hoc/bai-{i}.md"),
                format!(
                    "---\ntitle: \"{}\"\nweight: {i}\n---\nNội dung.\n",
                    title(i, version)
                ),
            );
            std::thread::sleep(Duration::from_millis(3));
        }
    }
    // Then the server settles on the last saves.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, _, body) = served.get(&format!("{}bai-hoc/", served.base()));
        let v = versions(&body);
        if v.len() == LESSONS && v.values().all(|&v| v == BURSTS) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the last saves were never served: {v:?}"
        );
        next_build(&mut events);
    }
    done.store(true, Ordering::Relaxed);
    for r in readers {
        r.join().unwrap();
    }
    // Within one build, every page agrees on every lesson's version.
    let seen = seen.lock().unwrap();
    let mut by_build: BTreeMap<u64, BTreeMap<usize, (usize, String)>> = BTreeMap::new();
    for (g, path, versions) in seen.iter() {
        let build = by_build.entry(*g).or_default();
        for (&lesson, &version) in versions {
            let (first, from) = build.entry(lesson).or_insert((version, path.clone()));
            assert_eq!(
                *first, version,
                "build {g} served lesson {lesson} as version {first} on {from} and {version} on {path}"
            );
        }
    }
    assert!(
        seen.len() > 20,
        "the readers made only {} requests",
        seen.len()
    );
    assert!(
        by_build.len() > 2,
        "only {} builds were seen during the saves",
        by_build.len()
    );
}
