//! The `quire-file` scheme: the preview's view of the library's images. The
//! core decides what may be served and reads it (`Library::library_image_answer`);
//! this answers the webview's request from a small, fixed pool of threads.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, OnceLock};

use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::session::Session;

pub const SCHEME: &str = "quire-file";

/// Where the scheme's root is, as the webview spells it on this platform.
#[cfg(any(windows, target_os = "android"))]
pub const BASE: &str = "http://quire-file.localhost/";
#[cfg(not(any(windows, target_os = "android")))]
pub const BASE: &str = "quire-file://localhost/";

/// Threads reading images: a post with hundreds of images queues its requests
/// here instead of starting a thread (and holding a file in memory) for each.
const READERS: usize = 3;
/// Requests waiting for a reader; past this the webview is told to try later
/// (503), so the queue's memory stays bounded too.
const WAITING: usize = 256;

struct Job {
    session: Session,
    path: String,
    range: Option<String>,
    responder: UriSchemeResponder,
}

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let job = Job {
        session: ctx.app_handle().state::<Session>().inner().clone(),
        path: request.uri().path().to_string(),
        range: request
            .headers()
            .get(header::RANGE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string),
        responder,
    };
    match readers().try_send(job) {
        Ok(()) => {}
        Err(TrySendError::Full(job) | TrySendError::Disconnected(job)) => {
            let busy = Response::builder()
                .status(StatusCode::SERVICE_UNAVAILABLE)
                .header(header::RETRY_AFTER, "1")
                .body(Vec::new());
            job.responder
                .respond(busy.unwrap_or_else(|_| Response::new(Vec::new())));
        }
    }
}

/// The queue the readers take jobs from, started on the first request.
fn readers() -> &'static SyncSender<Job> {
    static QUEUE: OnceLock<SyncSender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (sender, receiver) = sync_channel::<Job>(WAITING);
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..READERS {
            let receiver = Arc::clone(&receiver);
            let started = std::thread::Builder::new()
                .name(format!("quire-file-{index}"))
                .spawn(move || read_jobs(&receiver));
            if let Err(err) = started {
                tracing::warn!("quire-file could not start a reader: {err}");
            }
        }
        sender
    })
}

fn read_jobs(receiver: &Mutex<Receiver<Job>>) {
    loop {
        // Hold the lock only to take a job, not while reading it.
        let job = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let response = answer(&job.session, &job.path, job.range.as_deref());
        job.responder
            .respond(response.unwrap_or_else(|_| Response::new(Vec::new())));
    }
}

fn answer(
    session: &Session,
    path: &str,
    range: Option<&str>,
) -> tauri::http::Result<Response<Vec<u8>>> {
    let Ok(library) = session.library() else {
        return Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(Vec::new());
    };
    match library.library_image_answer(path, range) {
        Ok(image) => {
            let mut response = Response::builder()
                .header(header::CONTENT_TYPE, image.content_type)
                .header(header::ACCEPT_RANGES, "bytes")
                .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
                // An SVG opened by itself still runs no script.
                .header(
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
                );
            if let Some(part) = image.part {
                response = response.status(StatusCode::PARTIAL_CONTENT).header(
                    header::CONTENT_RANGE,
                    format!("bytes {}-{}/{}", part.first, part.last, part.total),
                );
            }
            response.body(image.bytes)
        }
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
    }
}
