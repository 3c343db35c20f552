//! When the window's first post list is on screen: logged once with the time
//! since launch (the start-up benchmark reads it), and the start-up scan
//! waits for it so the list is not held up by the database.

use std::sync::{Condvar, Mutex, Once, OnceLock};
use std::time::{Duration, Instant};

/// When Quire's process began (set first thing in `main`).
pub static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Set once the first post list is on screen.
static LIST_SHOWN: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

/// The UI reports its first post list on screen.
pub fn list_shown() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let ms = LAUNCHED.get().map_or(0, |t| t.elapsed().as_millis());
        tracing::info!("the post list is shown, {ms} ms after launch");
        if let Ok(mut shown) = LIST_SHOWN.0.lock() {
            *shown = true;
            LIST_SHOWN.1.notify_all();
        }
    });
}

/// Waits until the first post list is on screen, or `timeout` has passed.
pub fn wait_for_list_shown(timeout: Duration) {
    if let Ok(shown) = LIST_SHOWN.0.lock() {
        let _ = LIST_SHOWN
            .1
            .wait_timeout_while(shown, timeout, |shown| !*shown);
    }
}
