import type { AppError } from './types';
import { Code, type ErrorCode } from './bindings';
import { isBrowserProblem } from './browser';

// Keyed by the codes Rust reports (generated): a misspelt or retired code fails `tsc`.
const ACTIONS: Partial<Record<ErrorCode, string>> = {
  [Code.GrafanaUnauthorized]: 'Check the token, or create a new service-account token in Grafana.',
  [Code.InternalError]: 'This is Panelshot\'s fault: please report it with the log (Settings → Open log folder).',
  [Code.GrafanaSessionEnded]: 'Grafana\'s login page opens in a browser window: sign in there as usual.',
  [Code.SigninCancelled]: 'Sign in again when you are ready.',
  [Code.SigninTimeout]: 'Sign in again when you are ready.',
  [Code.SigninNoDesktop]: 'Sign in on a machine with a desktop, or use a service-account token.',
  [Code.GrafanaForbidden]: 'Give the service account the Viewer role (or higher) in Grafana.',
  [Code.GrafanaUnreachable]: 'Check the URL and that Grafana is running.',
  [Code.GrafanaTimeout]: 'Grafana is slow or unreachable; try again or raise the timeout.',
  [Code.GrafanaServerError]: 'Check Grafana (or the proxy in front of it), then try again.',
  [Code.GrafanaTls]: 'Add the CA certificate of your Grafana to the connection.',
  [Code.GrafanaNotGrafana]: 'The URL does not point at Grafana; check it, including any sub-path.',
  [Code.KeyringUnavailable]: 'Unlock or install your OS keyring (Secret Service, Keychain, Credential Manager).',
  [Code.ChromiumNotFound]: 'Install Chromium or Google Chrome, or choose a browser in Settings.',
  [Code.RenderTimeout]: 'The panel did not finish drawing; raise the timeout or capture anyway.',
  [Code.RenderPanelError]: 'The panel shows an error in Grafana itself; check its query.',
  [Code.StoreCorrupt]: 'The database is damaged; run `panelshot doctor` to move it aside.',
  [Code.StoreDiskFull]: 'Free some space on the disk that holds Panelshot\'s data; nothing saved is lost.',
  [Code.StoreReadOnlyDisk]: 'The disk with Panelshot\'s data is read-only; make it writable or choose another data folder.',
  [Code.StorePermission]: 'Give your user write access to Panelshot\'s data folder.',
  [Code.StoreLocked]: 'Close other Panelshot windows or commands, then try again.',
  [Code.ExportMissingFile]: 'Re-export the entry to make the file again.',
  [Code.ExportInvalidTemplate]: 'Use only {dashboard} {panel} {id} {date} {time} {width} {height} {ext}.',
  [Code.ExportInvalidOutput]: 'Choose a file name whose extension matches the format, or a folder.',
  [Code.ExportIo]: 'Choose a folder you can write to (Settings → default export folder).',
  [Code.ClipboardFailed]: 'Use Export… to save the image as a file instead.',
  [Code.DesktopOpenFailed]: 'Open the file from your file manager.',
};

/** A render stopped on purpose (a newer preview, or Esc): not an error to show. */
export function isCancelled(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: ErrorCode }).code === Code.RenderCancelled;
}

/** A parenthesis that holds machine text (an address, a library's or D-Bus's error) rather
 * than words for people; "(401)" stays. */
const TECHNICAL = /:\/\/|error|dbus|d-bus|freedesktop|os error|errno/i;

const capital = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
const period = (t: string) => (/[.!?…]$/.test(t) ? t : `${t}.`);

/** `https://host:3000/a/b?c` as `host:3000`: the place, without the path's noise. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** What happened, in one sentence: the message's first, without addresses, machine text or
 * the advice that follows it. */
export function headline(message: string): string {
  const [first = ''] = splitSentences(message);
  let t = first.replace(/\s*\(([^()]*)\)/g, (all, inner: string) => (TECHNICAL.test(inner) || inner.length > 40 ? '' : all));
  // "could not reach host: <library text>": the place is said, the rest is for Details.
  const colon = t.indexOf(': ');
  if (colon > 0 && TECHNICAL.test(t.slice(colon))) t = t.slice(0, colon);
  t = t.replace(/https?:\/\/[^\s),]+/g, hostOf).trim();
  return period(capital(t));
}

/** The message's sentences (a full stop followed by a capital or a backtick starts the next:
 * decimals such as "2.5 s" stay whole). */
function splitSentences(message: string): string[] {
  return message
    .trim()
    .split(/(?<=\.)\s+(?=[A-Z`])/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A message for people: one sentence of what happened, one of what to do, and the full text
 * (with its code) for Details. Never raw debug text in the first two. */
export function describe(e: unknown): { title: string; code: ErrorCode | null; action: string | null; details: string } {
  if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
    const err = e as AppError;
    const advice = splitSentences(err.message).slice(1)[0];
    const action = ACTIONS[err.code as ErrorCode] ?? (advice ? period(capital(advice)) : null);
    return { title: headline(err.message), code: err.code as ErrorCode, action, details: `${err.message} (${err.code})` };
  }
  return { title: 'Something went wrong', code: null, action: null, details: String(e) };
}

/** One line per exported item in a batch's results. A browser problem is named, not quoted:
 * its set-up is shown on its own (ErrorBox), and each line would repeat a long message. */
export function itemLine(item: { title: string; path: string | null; error: AppError | null }): string {
  if (!item.error) return `✓ ${item.title} → ${item.path ?? ''}`;
  if (isBrowserProblem(item.error)) return `✗ ${item.title}: no usable browser (Settings → Browser)`;
  return `✗ ${item.title}: ${headline(item.error.message)}`;
}

/** What the window offers beside a failed render: try again, wait longer, or take the panel as
 * it is — the buttons for what the CLI's `--timeout` and `--capture-anyway` do. */
export function renderRemedies(e: unknown): { retry: boolean; waitLonger: boolean; captureAnyway: boolean } {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : null;
  const c = typeof code === 'string' ? code : '';
  const slow = c === Code.RenderTimeout || c === Code.RenderNoQuery;
  const shown = slow || c === Code.RenderPanelError || c === Code.GrafanaServerError;
  return {
    retry: c.startsWith('render.') || c.startsWith('grafana.'),
    waitLonger: slow,
    captureAnyway: shown,
  };
}
