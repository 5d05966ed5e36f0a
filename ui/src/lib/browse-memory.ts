import type { Format, Preview, RenderOptions } from './types';

/** What Browse was doing: kept when the user visits another screen (in memory, with the
 * picture) and across restarts (localStorage, without it). */
export type BrowseMemory = {
  connection: string;
  dashboardUid: string;
  panel: string | null;
  /** Picks belong to their dashboard. */
  picks: Record<string, string[]>;
  options: RenderOptions;
  format: Format;
  quality: number | null;
  each: string;
  preview: Preview | null;
};

const KEY = 'panelshot.browse';
let inMemory: BrowseMemory | null = null;

export function rememberBrowse(m: BrowseMemory) {
  inMemory = m;
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...m, preview: null }));
  } catch {
    // A full or disabled storage only costs the restore after a restart.
  }
}

/** The remembered work for this connection, if any. */
export function recallBrowse(connection: string | null): BrowseMemory | null {
  if (!connection) return null;
  let m = inMemory;
  if (!m) {
    try {
      const raw = localStorage.getItem(KEY);
      m = raw ? (JSON.parse(raw) as BrowseMemory) : null;
    } catch {
      m = null;
    }
  }
  if (!m || m.connection !== connection || typeof m.dashboardUid !== 'string' || !m.options) return null;
  return { ...m, picks: m.picks ?? {} };
}

/** Forgets (tests; a removed connection). */
export function forgetBrowse() {
  inMemory = null;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
