//! `camnang serve`: builds into memory, serves from memory, watches the
//! site and rebuilds on every save, and tells open pages to reload.
//!
//! Stages: bind (a clear error when the port is taken), first build, then
//! the rebuild loop on a thread fed by the watcher, while axum serves the
//! latest snapshot. Rebuilds are incremental ([`Rebuilder`]): work whose
//! inputs did not change is reused, so the result equals a clean build.

pub mod changes;
mod http;
pub mod lan;
mod listen;
pub mod paths;
pub mod state;
mod watch;

pub use changes::{classify, collect, Change, ChangeKind};
pub use http::{overlay, router};
pub use state::{LiveSite, Snapshot};

use crate::cache::BuildCache;
use crate::config::SiteConfig;
use crate::diagnostics::{report, Error, Result};
use crate::output::{MemorySink, SiteFiles};
use crate::site::{BuildOptions, Kept, Site};
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::Mutex;
use std::time::Instant;

/// Options of `camnang serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on: 127.0.0.1 unless the user asks otherwise.
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Poll for changes instead of native file events.
    pub poll: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Print each stage of every rebuild and its time.
    pub verbose: bool,
}

/// Builds the site into memory, again and again, reusing the work of
/// earlier builds (see [`crate::cache`]): only what a change affects is
/// rendered again, and the result is the same as a clean build. A save
/// that changes only lesson bodies is patched into the last build
/// ([`Site::patch`]) without looking at the rest of the site.
#[derive(Debug)]
pub struct Rebuilder {
    root: PathBuf,
    options: BuildOptions,
    cache: BuildCache,
    /// The last good build, which the next save may be patched into.
    last: Mutex<Option<(Kept, Arc<SiteFiles>)>>,
    patches: AtomicUsize,
}

impl Rebuilder {
    /// A rebuilder for the site in `root`; its first build does all the work.
    pub fn new(root: &Path, options: BuildOptions) -> Self {
        Rebuilder {
            root: root.to_path_buf(),
            options,
            cache: BuildCache::new(),
            last: Mutex::default(),
            patches: AtomicUsize::new(0),
        }
    }

    /// Builds the whole site as it is on disk now.
    pub fn build(&self) -> Result<Arc<SiteFiles>> {
        self.isolated(|| self.full())
    }

    /// Builds the site after `changes`: patches the last build when they
    /// are edits to lesson bodies only, else builds the whole site.
    pub fn rebuild(&self, changes: &BTreeSet<Change>) -> Result<Arc<SiteFiles>> {
        self.isolated(|| match self.patch(changes) {
            Some(files) => Ok(files),
            None => self.full(),
        })
    }

    /// How many rebuilds were patches.
    pub fn patches(&self) -> usize {
        self.patches.load(Ordering::Relaxed)
    }

    /// The work kept from earlier builds.
    pub fn cache(&self) -> &BuildCache {
        &self.cache
    }

    fn last(&self) -> std::sync::MutexGuard<'_, Option<(Kept, Arc<SiteFiles>)>> {
        self.last.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs a build isolated from panics, so that a bug in one rebuild
    /// cannot take the server down.
    fn isolated(&self, run: impl FnOnce() -> Result<Arc<SiteFiles>>) -> Result<Arc<SiteFiles>> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| {
            self.cache.abandon();
            *self.last() = None;
            Err(Error::Refused {
                message: "the build stopped unexpectedly (a bug in camnang)".into(),
                hint: "the last good version is still served; please report this".into(),
            })
        })
    }

    fn full(&self) -> Result<Arc<SiteFiles>> {
        // A failed build leaves nothing to patch: the next one is full too.
        *self.last() = None;
        let site = Site::load(&self.root, self.options.clone())?;
        let sink = MemorySink::new();
        let (_, kept) = site.build_kept(&sink, Some(&self.cache))?;
        let files = Arc::new(sink.into_site_files());
        *self.last() = Some((kept, files.clone()));
        Ok(files)
    }

    fn patch(&self, changes: &BTreeSet<Change>) -> Option<Arc<SiteFiles>> {
        let bodies = changes
            .iter()
            .map(|c| match c.kind {
                ChangeKind::Lesson | ChangeKind::SectionIndex => {
                    c.path.strip_prefix("content/").map(String::from)
                }
                _ => None,
            })
            .collect::<Option<Vec<String>>>()?;
        if bodies.is_empty() {
            return None;
        }
        let (kept, files) = self.last().take()?;
        let site = Site::load(&self.root, self.options.clone()).ok()?;
        let (kept, files) = site.patch(kept, &files, &bodies, &self.cache)?;
        let files = Arc::new(files);
        *self.last() = Some((kept, files.clone()));
        self.patches.fetch_add(1, Ordering::Relaxed);
        Some(files)
    }
}

/// How many connections may wait to be accepted.
const LISTEN_BACKLOG: i32 = 1024;

/// Binds the port, with a clear error (and another port to try) when it is taken.
fn bind(options: &ServeOptions) -> Result<TcpListener> {
    let listener = TcpListener::bind(SocketAddr::new(options.bind, options.port));
    // std listens with a backlog of 128: a burst of page loads (a class
    // opening the preview at once) would overflow it and see resets.
    // Listening again only deepens the queue; if it fails, 128 stays.
    if let Ok(l) = &listener {
        let _ = socket2::SockRef::from(l).listen(LISTEN_BACKLOG);
    }
    listener.map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "another program uses port {}: try `camnang serve --port {}`",
                options.port,
                options.port.saturating_add(1)
            ),
            std::io::ErrorKind::AddrNotAvailable => {
                "this machine has no such address: use 127.0.0.1 or 0.0.0.0".into()
            }
            _ => "try another `--port`, or `--port 0` for any free port".into(),
        };
        Error::Refused {
            message: format!("cannot listen on {}:{}: {e}", options.bind, options.port),
            hint,
        }
    })
}

/// Runs the dev server until Ctrl+C.
pub fn serve(root: &Path, options: ServeOptions) -> Result<()> {
    let listener = bind(&options)?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::io("read", root, e))?
        .port();
    // A broken config is shown like any other build error; until it is
    // fixed the site is served at `/`.
    let base_path = SiteConfig::load(root).map_or_else(|_| "/".into(), |c| c.base().path);
    let host = if options.bind.is_unspecified() {
        lan::lan_address().unwrap_or(IpAddr::from([127, 0, 0, 1]))
    } else {
        options.bind
    };
    let url = format!("http://{host}:{port}{base_path}");
    let build_options = BuildOptions {
        drafts: options.drafts,
        base_url: Some(url.clone()),
        verbose: options.verbose,
        today: Some(crate::content::Date::today()),
        portable: false,
        ..BuildOptions::default()
    };

    let site = Arc::new(LiveSite::new());
    let builder = Rebuilder::new(root, build_options);
    rebuild(&builder, &site, None);
    let (mut watcher, changes) = watch::watch(root, options.poll)?;
    {
        let site = site.clone();
        std::thread::spawn(move || {
            for mut batch in changes.iter() {
                // Saves that arrive while building join the next batch.
                while let Ok(more) = changes.try_recv() {
                    batch.extend(more);
                }
                if batch.iter().any(|c| c.kind == ChangeKind::Folder) {
                    if let Err(e) = watcher.follow_folders() {
                        eprintln!("{}\n", report(&e));
                    }
                }
                rebuild(&builder, &site, Some(&batch));
            }
        });
    }

    println!("Serving {url} (Ctrl+C to stop)");
    if options.bind.is_unspecified() {
        eprintln!(
            "warning: listening on every network interface: anyone on this network can open the preview.\n\
             On a phone on the same Wi-Fi, open {url} or scan:"
        );
        if let Some(qr) = lan::terminal_qr(&url) {
            eprintln!("{qr}");
        }
    }
    if options.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start", root, e))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("listen on", root, e))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::io("listen on", root, e))?;
        listen::serve(listener, router(site, &base_path), async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
        Ok(())
    })
}

/// One rebuild (the first build when `changes` is `None`): publish the
/// files, or keep the last good ones and publish the error. Either way,
/// print one line (or the error) in the terminal.
fn rebuild(builder: &Rebuilder, site: &LiveSite, changes: Option<&BTreeSet<Change>>) {
    let started = Instant::now();
    let result = match changes {
        None => builder.build(),
        Some(changes) => builder.rebuild(changes),
    };
    let what = match changes {
        None => "first build".to_string(),
        Some(changes) => {
            let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
            paths.join(", ")
        }
    };
    match result {
        Ok(files) => {
            let n = files.len();
            site.publish_build(files);
            println!(
                "Rebuilt ({what}): {n} files in {} ms",
                started.elapsed().as_millis()
            );
        }
        Err(e) => {
            let text = report(&e);
            eprintln!("{text}\n");
            site.publish_error(text);
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Could not open a browser; open {url} yourself.");
    }
}
