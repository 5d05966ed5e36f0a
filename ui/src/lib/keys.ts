// Keyboard: the shortcuts (one list, shown by the `?` overlay) and arrow-key movement inside a
// group of buttons, so a group is one Tab stop instead of one per button.

/** Every shortcut, as the help overlay lists it. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: '?', what: 'Show or hide these shortcuts' },
  { keys: 'Ctrl+1 … Ctrl+5', what: 'Go to Connections, Browse, History, Presets & jobs, Settings' },
  { keys: 'Ctrl+K or /', what: 'Search dashboards (Enter opens the first match)' },
  { keys: 'Arrow keys', what: 'Move between panel pictures, sizes and ranges' },
  { keys: 'Enter', what: 'Preview the panel in focus' },
  { keys: 'Ctrl+Enter or X', what: 'Pick the panel in focus for a batch, job or deck' },
  { keys: 'O', what: 'Go to the options (size first; Tab: theme, zone, range)' },
  { keys: 'a letter or digit', what: 'In sizes and ranges: jump to the one it starts (7 → Last 7 d)' },
  { keys: 'Ctrl+Shift+C', what: 'Copy the image' },
  { keys: 'Ctrl+E', what: 'Export…' },
  { keys: 'Esc', what: 'Cancel the preview being drawn; close this overlay' },
];

/** Whether a key press belongs to the field it was typed in (no single-key shortcut then). */
export function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || typeof t.closest !== 'function') return false;
  return !!t.closest('input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable="true"]');
}

/** A single-key shortcut: `key` pressed with no modifier, outside a text field. */
export function plainKey(e: KeyboardEvent, key: string): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && e.key.toLowerCase() === key && !typing(e);
}

const label = (el: HTMLElement) => (el.textContent ?? '').trim().replace(/^Last\s+/i, '').toLowerCase();

/** The item to go to from `from` for `key`, among `items` (in reading order); `null`: none.
 * `grid`: Up and Down go to the nearest item in the row above or below (by position). */
export function nextItem(items: HTMLElement[], from: HTMLElement, key: string, grid: boolean): HTMLElement | null {
  const i = items.indexOf(from);
  if (i < 0) return null;
  const linear = (d: number) => items[Math.min(items.length - 1, Math.max(0, i + d))] ?? null;
  switch (key) {
    case 'ArrowRight':
      return linear(1);
    case 'ArrowLeft':
      return linear(-1);
    case 'Home':
      return items[0] ?? null;
    case 'End':
      return items[items.length - 1] ?? null;
    case 'ArrowDown':
    case 'ArrowUp': {
      if (!grid) return linear(key === 'ArrowDown' ? 1 : -1);
      const r = from.getBoundingClientRect();
      const below = key === 'ArrowDown';
      const cx = r.left + r.width / 2;
      let best: HTMLElement | null = null;
      let bestScore = Infinity;
      for (const el of items) {
        const o = el.getBoundingClientRect();
        const ahead = below ? o.top >= r.bottom - 1 : o.bottom <= r.top + 1;
        if (!ahead) continue;
        // The nearest row first, then the nearest column.
        const score = Math.abs(below ? o.top - r.bottom : r.top - o.bottom) * 1000 + Math.abs(o.left + o.width / 2 - cx);
        if (score < bestScore) {
          bestScore = score;
          best = el;
        }
      }
      return best;
    }
  }
  // Type-ahead: the next item (after this one, wrapping) whose label starts with the key.
  if (key.length === 1 && /\S/.test(key)) {
    const k = key.toLowerCase();
    for (let n = 1; n <= items.length; n++) {
      const el = items[(i + n) % items.length];
      if (el && label(el).startsWith(k)) return el;
    }
  }
  return null;
}

/** Svelte action: the elements matching `selector` inside `node` are one Tab stop; arrow keys
 * (and, with `typeahead`, a letter or digit) move between them. The Tab stop is the item last
 * in focus, else the one marked `.active`/`.selected`, else the first. */
export function roving(node: HTMLElement, opts: { selector: string; grid?: boolean; typeahead?: boolean }) {
  let o = opts;
  let last: HTMLElement | null = null;
  const items = () => Array.from(node.querySelectorAll<HTMLElement>(o.selector));
  const settle = () => {
    const all = items();
    const stop = (last && all.includes(last) ? last : null) ?? all.find((el) => el.matches('.active, .selected, .selected *')) ?? all[0];
    for (const el of all) el.tabIndex = el === stop ? 0 : -1;
  };
  const onFocus = (e: FocusEvent) => {
    const t = e.target as HTMLElement;
    if (items().includes(t)) {
      last = t;
      settle();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || !items().includes(t)) return;
    if (e.key.length === 1 && !o.typeahead) return;
    const to = nextItem(items(), t, e.key, !!o.grid);
    if (to) {
      e.preventDefault();
      to.focus();
    }
  };
  const watch = new MutationObserver(settle);
  watch.observe(node, { childList: true, subtree: true });
  node.addEventListener('focusin', onFocus);
  node.addEventListener('keydown', onKey);
  settle();
  return {
    update(next: typeof opts) {
      o = next;
      settle();
    },
    destroy() {
      watch.disconnect();
      node.removeEventListener('focusin', onFocus);
      node.removeEventListener('keydown', onKey);
    },
  };
}
