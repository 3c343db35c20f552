//! The `quire-file` scheme: the preview's view of the library's images. The
//! core decides what may be served (`Library::library_image`); this only
//! answers the webview's request.

use std::sync::Arc;

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::AppState;

pub const SCHEME: &str = "quire-file";

/// Where the scheme's root is, as the webview spells it on this platform.
#[cfg(any(windows, target_os = "android"))]
pub const BASE: &str = "http://quire-file.localhost/";
#[cfg(not(any(windows, target_os = "android")))]
pub const BASE: &str = "quire-file://localhost/";

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let slot = Arc::clone(&ctx.app_handle().state::<AppState>().library);
    let path = request.uri().path().to_string();
    std::thread::spawn(move || {
        let response = match slot.get().ok() {
            Some(library) => match library.library_image(&path) {
                Ok((bytes, content_type)) => Response::builder()
                    .header(header::CONTENT_TYPE, content_type)
                    .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                    // An SVG opened by itself still runs no script.
                    .header(
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
                    )
                    .body(bytes),
                Err(err) => {
                    tracing::debug!("quire-file refused {path:?}: {err}");
                    let status = match err {
                        quire::Error::NotFound(_) => StatusCode::NOT_FOUND,
                        _ => StatusCode::FORBIDDEN,
                    };
                    Response::builder()
                        .status(status)
                        .header(header::CONTENT_TYPE, "text/plain")
                        .body(err.to_string().into_bytes())
                }
            },
            None => Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Vec::new()),
        };
        responder.respond(response.unwrap_or_else(|_| Response::new(Vec::new())));
    });
}
