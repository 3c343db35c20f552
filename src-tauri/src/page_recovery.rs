//! The page's own process can end while the window stays (WebKit's web
//! process crashing, or killed by the kernel when memory runs short): the
//! window would stay blank. What the writer typed is stored within a second
//! of typing, so the page is loaded again and picks up where the library is.

/// Reloads the window's page whenever the process showing it ends.
pub fn reload_when_the_page_ends(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let watched = window.with_webview(|platform| {
            use webkit2gtk::WebViewExt;
            platform
                .inner()
                .connect_web_process_terminated(|view, reason| {
                    tracing::warn!(?reason, "the page's process ended; loading the page again");
                    view.reload();
                });
        });
        if let Err(err) = watched {
            tracing::warn!(%err, "cannot watch the page's process");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
