//! The dev server's HTTP side (axum): files from the in-memory snapshot,
//! the live-reload script and its Server-Sent Events stream, and the error
//! overlay. Nothing here reads the disk.

use super::paths::{content_type, resolve, Resolved};
use super::state::{LiveSite, Snapshot};
use crate::markdown::escape_html;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::convert::Infallible;
use std::sync::Arc;
use tower_http::limit::RequestBodyLimitLayer;

/// Where the dev server's own files live, under the base path.
const PREFIX: &str = "__camnang/";

/// The reload client: reloads when the server reports a build newer than
/// the one this page came from. Only ever served by `camnang serve`.
const LIVE_JS: &str = r#"(() => {
  const me = document.currentScript;
  const shown = Number(me.dataset.generation);
  const events = new EventSource(me.dataset.events);
  events.addEventListener("build", (e) => {
    if (Number(e.data) !== shown) location.reload();
  });
  addEventListener("pagehide", () => events.close());
})();
"#;

/// In serve mode the offline service worker would keep serving old pages
/// after an edit, so `sw.js` is replaced by one that removes itself and
/// its caches.
const DEV_SERVICE_WORKER: &str = r#"self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil((async () => {
  for (const k of await caches.keys()) await caches.delete(k);
  await self.registration.unregister();
})()));
"#;

#[derive(Clone)]
struct App {
    site: Arc<LiveSite>,
    base: Arc<str>,
}

/// The router for a site served under `base` (`/` or `/kynangso/`).
pub fn router(site: Arc<LiveSite>, base: &str) -> Router {
    let app = App {
        site,
        base: base.into(),
    };
    Router::new()
        .fallback(handle)
        .layer(RequestBodyLimitLayer::new(16 * 1024))
        .with_state(app)
}

async fn handle(State(app): State<App>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "GET only").into_response();
    }
    let path = req.uri().path();
    let own = path
        .strip_prefix(&*app.base)
        .and_then(|p| p.strip_prefix(PREFIX));
    match own {
        Some("live.js") => {
            return typed(
                LIVE_JS.into(),
                "text/javascript; charset=utf-8",
                StatusCode::OK,
            )
        }
        Some("overlay.css") => {
            return typed(
                OVERLAY_CSS.into(),
                "text/css; charset=utf-8",
                StatusCode::OK,
            )
        }
        Some("events") => return events(&app.site).into_response(),
        Some("status") => return status(&app.site),
        _ => {}
    }
    let snapshot = app.site.snapshot();
    match resolve(path, &app.base, |k| snapshot.files.contains(k)) {
        Resolved::File(key) if key == "sw.js" => typed(
            DEV_SERVICE_WORKER.into(),
            "text/javascript; charset=utf-8",
            StatusCode::OK,
        ),
        Resolved::File(key) => file(&app, &snapshot, &key, StatusCode::OK),
        Resolved::Redirect(to) => (StatusCode::FOUND, [(header::LOCATION, to)]).into_response(),
        Resolved::Refused => (StatusCode::BAD_REQUEST, "bad path").into_response(),
        Resolved::NotFound if snapshot.files.contains("404.html") => {
            file(&app, &snapshot, "404.html", StatusCode::NOT_FOUND)
        }
        Resolved::NotFound if snapshot.error.is_some() => {
            let page = page_extras(&app, &snapshot);
            typed(
                page.into_bytes(),
                "text/html; charset=utf-8",
                StatusCode::INTERNAL_SERVER_ERROR,
            )
        }
        Resolved::NotFound => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn file(app: &App, snapshot: &Snapshot, key: &str, status: StatusCode) -> Response {
    let Some(bytes) = snapshot.files.get(key) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let kind = content_type(key);
    if kind.starts_with("text/html") {
        let mut html = bytes.into_owned();
        html.extend_from_slice(page_extras(app, snapshot).as_bytes());
        typed(html, kind, status)
    } else {
        typed(bytes.into_owned(), kind, status)
    }
}

fn typed(bytes: Vec<u8>, kind: &'static str, status: StatusCode) -> Response {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// What serve mode adds at the end of every HTML page: the reload script
/// and, after a failed build, the error over the page.
fn page_extras(app: &App, snapshot: &Snapshot) -> String {
    let mut extra = format!(
        r#"<script src="{base}{PREFIX}live.js" data-events="{base}{PREFIX}events" data-generation="{g}"></script>"#,
        base = app.base,
        g = snapshot.generation
    );
    if let Some(error) = &snapshot.error {
        extra.push_str(&format!(
            r#"<link rel="stylesheet" href="{}{PREFIX}overlay.css">"#,
            app.base
        ));
        extra.push_str(&overlay(error));
    }
    extra
}

/// How the error overlay looks. Served as a file: pages forbid inline
/// styles in their Content-Security-Policy.
const OVERLAY_CSS: &str = "#camnang-error{position:fixed;inset:0;z-index:99999;overflow:auto;\
background:#fff;color:#1a1a1a;padding:1rem;font:16px/1.5 system-ui,sans-serif}\
#camnang-error h2{color:#a4000f;margin-top:0}\
#camnang-error pre{white-space:pre-wrap;background:#f4f4f4;padding:.75rem;font:14px/1.4 monospace}";

/// The error overlay: the same report as the terminal, escaped. Its style
/// is `OVERLAY_CSS`, which `page_extras` links.
pub fn overlay(report: &str) -> String {
    format!(
        concat!(
            r#"<div id="camnang-error" role="alert">"#,
            r#"<h2>Lỗi khi xây dựng trang</h2>"#,
            r#"<pre>{}</pre>"#,
            r#"<p>Sửa tệp rồi lưu lại: trang sẽ tự tải lại. Trang đang hiện là bản xây dựng thành công gần nhất.</p></div>"#
        ),
        escape_html(report)
    )
}

/// The Server-Sent Events stream: the current generation at once, then one
/// `build` event per finished build. Closing the tab drops the stream and
/// its listener count.
fn events(site: &LiveSite) -> impl IntoResponse {
    let (rx, guard) = site.subscribe();
    let first = site.snapshot().generation;
    let stream = futures_util::stream::unfold(
        (Some(first), rx, guard),
        |(first, mut rx, guard)| async move {
            if let Some(g) = first {
                return Some((Ok::<_, Infallible>(build_event(g)), (None, rx, guard)));
            }
            loop {
                match rx.recv().await {
                    Ok(g) => return Some((Ok(build_event(g)), (None, rx, guard))),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The server's state as JSON, for tests and tools: the build generation,
/// whether the last build failed, and how many pages listen for reloads.
fn status(site: &LiveSite) -> Response {
    let snapshot = site.snapshot();
    let json = format!(
        r#"{{"generation":{},"error":{},"listeners":{}}}"#,
        snapshot.generation,
        snapshot.error.is_some(),
        site.listeners()
    );
    typed(json.into_bytes(), "application/json", StatusCode::OK)
}

fn build_event(generation: u64) -> Event {
    Event::default().event("build").data(generation.to_string())
}
