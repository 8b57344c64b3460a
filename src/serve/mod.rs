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
pub mod paths;
pub mod state;
mod watch;

pub use changes::{classify, collect, Change, ChangeKind};
pub use http::{overlay, router};
pub use state::{LiveSite, Snapshot};

use crate::cache::BuildCache;
use crate::config::SiteConfig;
use crate::diagnostics::{report, Error, Result};
use crate::output::{MemorySink, SharedFiles};
use crate::site::{BuildOptions, Site};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
/// rendered again, and the result is the same as a clean build.
#[derive(Debug)]
pub struct Rebuilder {
    root: PathBuf,
    options: BuildOptions,
    cache: BuildCache,
}

impl Rebuilder {
    /// A rebuilder for the site in `root`; its first build does all the work.
    pub fn new(root: &Path, options: BuildOptions) -> Self {
        Rebuilder {
            root: root.to_path_buf(),
            options,
            cache: BuildCache::new(),
        }
    }

    /// Builds the site as it is on disk now. The build is isolated from
    /// panics so that a bug in one rebuild cannot take the server down.
    pub fn build(&self) -> Result<SharedFiles> {
        let run = || -> Result<SharedFiles> {
            let site = Site::load(&self.root, self.options.clone())?;
            let sink = MemorySink::new();
            site.build_cached(&sink, Some(&self.cache))?;
            Ok(sink.into_shared())
        };
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|_| {
            self.cache.abandon();
            Err(Error::Refused {
                message: "the build stopped unexpectedly (a bug in camnang)".into(),
                hint: "the last good version is still served; please report this".into(),
            })
        })
    }

    /// The work kept from earlier builds.
    pub fn cache(&self) -> &BuildCache {
        &self.cache
    }
}

/// Binds the port, with a clear error (and another port to try) when it is taken.
fn bind(options: &ServeOptions) -> Result<TcpListener> {
    TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(|e| {
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
    };

    let site = Arc::new(LiveSite::new());
    let builder = Rebuilder::new(root, build_options);
    rebuild(&builder, &site, "first build");
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
                let what: Vec<&str> = batch.iter().map(|c| c.path.as_str()).collect();
                rebuild(&builder, &site, &what.join(", "));
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
        axum::serve(listener, router(site, &base_path))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::io("serve", root, e))
    })
}

/// One rebuild: publish the files, or keep the last good ones and publish
/// the error. Either way, print one line (or the error) in the terminal.
fn rebuild(builder: &Rebuilder, site: &LiveSite, what: &str) {
    let started = Instant::now();
    match builder.build() {
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
