//! A tab lent to one render, and what a render does with a tab it cannot keep.

use std::sync::Arc;
use std::time::Duration;

use chromiumoxide::Page;

use super::RenderError;
use super::browser::BrowserInstance;
use super::tab::Tab;

/// A tab lent to one render. It goes back to the browser's parked tabs only when the render
/// succeeded; otherwise it closes — also when the render future is dropped (cancelled) half-way,
/// so a cancelled preview's tab stops at once.
pub(super) struct Lease {
    pub(super) tab: Option<Tab>,
    pub(super) inst: Arc<BrowserInstance>,
    pub(super) keep: usize,
    pub(super) renders_per_tab: u32,
}

impl Lease {
    pub(super) fn tab(&self) -> Result<&Tab, RenderError> {
        self.tab
            .as_ref()
            .ok_or_else(|| RenderError::Cdp("the tab was already returned".into()))
    }

    /// Swaps in another tab; the one held so far closes.
    pub(super) fn replace(&mut self, fresh: Tab) {
        if let Some(old) = self.tab.replace(fresh) {
            close_later(old);
        }
    }

    /// Parks the tab for the next render; a tab that cannot be parked, or has served its share
    /// of renders, closes (on drop).
    pub(super) async fn give_back(mut self) {
        let retired = match &self.tab {
            Some(s) => self.inst.retire(s).await && s.served() < self.renders_per_tab,
            None => false,
        };
        if retired
            && let Some(s) = self.tab.take()
            && let Some(extra) = self.inst.park(s, self.keep)
        {
            close_later(extra);
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(s) = self.tab.take() {
            close_later(s);
        }
    }
}

/// Whether a reused tab's page still runs scripts. Its renderer may be gone while the browser
/// side still answers for it; a dead one never answers, a live one does in a millisecond.
pub(super) async fn answers(page: &Page) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(2), page.evaluate("1")).await,
        Ok(Ok(_))
    )
}

/// Closes a tab without waiting (also from `Drop`, where nothing can be awaited).
fn close_later(s: Tab) {
    if let Ok(rt) = tokio::runtime::Handle::try_current() {
        rt.spawn(async move {
            let _ = tokio::time::timeout(Duration::from_secs(5), s.page.close()).await;
        });
    }
}
