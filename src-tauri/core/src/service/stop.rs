//! A request to stop work under way (the CLI's Ctrl-C or SIGTERM): renders not yet captured
//! end, images not yet started are not started, and everything already captured is still
//! written and recorded before the command returns.

use std::sync::Arc;

#[derive(Clone)]
pub struct Stop(Arc<tokio::sync::watch::Sender<bool>>);

impl Default for Stop {
    fn default() -> Self {
        Stop(Arc::new(tokio::sync::watch::Sender::new(false)))
    }
}

impl Stop {
    pub fn stop(&self) {
        self.0.send_replace(true);
    }

    pub fn is_stopped(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once `stop` was called (at once if it already was).
    pub async fn stopped(&self) {
        let mut rx = self.0.subscribe();
        let _ = rx.wait_for(|s| *s).await;
    }
}

#[cfg(test)]
mod tests {
    use super::Stop;

    #[tokio::test]
    async fn stopped_resolves_for_a_stop_before_or_after_the_wait() {
        let s = Stop::default();
        assert!(!s.is_stopped());
        let waiter = tokio::spawn({
            let s = s.clone();
            async move { s.stopped().await }
        });
        s.stop();
        waiter.await.unwrap();
        s.stopped().await;
        assert!(s.is_stopped());
    }
}
