//! The preview in flight and the last one drawn. A newer preview, or Esc, aborts the one in
//! flight (dropping the render closes its tab at once); "Copy image" reuses the last picture
//! when it was drawn with exactly the options asked for.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::task::AbortHandle;

use panelshot_core::render::RenderOptions;

#[derive(Default)]
pub struct Previews {
    running: Mutex<Option<(u64, AbortHandle)>>,
    next: AtomicU64,
    last: Mutex<Option<Drawn>>,
}

/// The last picture drawn: its key, PNG and the answers its data queries got.
type Drawn = (String, Vec<u8>, Vec<String>);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Identifies a picture: the same key means the same render.
pub fn key(connection: &str, uid: &str, panel: &str, options: &RenderOptions) -> String {
    let opts = serde_json::to_string(options).unwrap_or_default();
    format!("{connection}\n{uid}\n{panel}\n{opts}")
}

impl Previews {
    /// Registers a new preview and aborts the one it replaces.
    pub fn start(&self, handle: AbortHandle) -> u64 {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        if let Some((_, old)) = lock(&self.running).replace((id, handle)) {
            old.abort();
        }
        id
    }

    pub fn finish(&self, id: u64) {
        let mut running = lock(&self.running);
        if running.as_ref().is_some_and(|(r, _)| *r == id) {
            *running = None;
        }
    }

    /// Aborts the preview in flight; false when there was none.
    pub fn cancel(&self) -> bool {
        match lock(&self.running).take() {
            Some((_, h)) => {
                h.abort();
                true
            }
            None => false,
        }
    }

    pub fn remember(&self, key: String, png: Vec<u8>, data: Vec<String>) {
        *lock(&self.last) = Some((key, png, data));
    }

    /// The last picture and its data answers, when it was drawn with exactly these options.
    pub fn cached(&self, key: &str) -> Option<(Vec<u8>, Vec<String>)> {
        lock(&self.last)
            .as_ref()
            .filter(|(k, _, _)| k == key)
            .map(|(_, png, data)| (png.clone(), data.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_preview_aborts_the_old_one_and_cancel_aborts_the_current() {
        let p = Previews::default();
        let first = tokio::spawn(std::future::pending::<()>());
        let a = p.start(first.abort_handle());
        let second = tokio::spawn(std::future::pending::<()>());
        let b = p.start(second.abort_handle());
        assert!(first.await.unwrap_err().is_cancelled());
        p.finish(a); // a stale finish leaves the current one registered
        assert!(p.cancel());
        assert!(second.await.unwrap_err().is_cancelled());
        assert!(!p.cancel());
        p.finish(b);
    }

    #[test]
    fn the_cache_answers_only_the_same_request() {
        let p = Previews::default();
        let o = RenderOptions::default();
        p.remember(key("c", "d", "1", &o), vec![1, 2], vec!["{}".into()]);
        assert_eq!(
            p.cached(&key("c", "d", "1", &o)),
            Some((vec![1, 2], vec!["{}".to_string()]))
        );
        assert_eq!(p.cached(&key("c", "d", "2", &o)), None);
        let wider = RenderOptions {
            width: o.width + 1,
            ..o.clone()
        };
        assert_eq!(p.cached(&key("c", "d", "1", &wider)), None);
    }
}
