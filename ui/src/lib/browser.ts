import type { BrowserOrigin, BrowserStatus, InstallProgress } from './types';

/** What a download step looks like on the progress bar: a label, and how full the bar is
 * (`null`: no size known yet, so the bar runs without a value). */
export function progressView(p: InstallProgress | null): { label: string; fraction: number | null } {
  if (!p) return { label: 'Starting…', fraction: null };
  switch (p.step) {
    case 'listing':
      return { label: 'Finding the current version…', fraction: null };
    case 'downloading': {
      const mb = (n: number) => (n / 1_000_000).toFixed(1);
      if (p.total) return { label: `Downloading ${mb(p.received)} of ${mb(p.total)} MB`, fraction: p.received / p.total };
      return { label: `Downloading ${mb(p.received)} MB`, fraction: null };
    }
    case 'unpacking':
      return { label: 'Unpacking…', fraction: 1 };
    default:
      return { label: 'Checking that it runs…', fraction: 1 };
  }
}

const ORIGINS: Record<BrowserOrigin, string> = {
  chosen: 'chosen in Settings',
  environment: 'from PANELSHOT_CHROME',
  downloaded: 'downloaded by Panelshot',
  system: 'found on this computer',
};

/** One line for a working browser: "Chromium 156 · found on this computer". */
export function browserLine(s: BrowserStatus): string | null {
  if (!s.path || !s.version || s.problem) return null;
  return `${s.version} · ${s.origin ? ORIGINS[s.origin] : 'found'}`;
}

/** Whether a failure is about the browser: such errors show the browser set-up, never raw. */
export function isBrowserProblem(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : null;
  return typeof code === 'string' && (code.startsWith('chromium.') || code.startsWith('browser.'));
}

/** The offer beside a working full browser (Chrome, Edge, Chromium): the headless shell is the
 * same Blink without the browser's own window interface. Figures: README, Speed. */
export const LIGHTER =
  "Lighter: Chrome's headless shell draws the same panels as a full browser with about a quarter less memory and a fifth less CPU. Download it (about 100 MB) and Panelshot renders with it from then on.";
