import type { AppError } from './types';
import type { ErrorCode } from './bindings';
import { isBrowserProblem } from './browser';

// Keyed by the codes Rust reports (generated): a misspelt or retired code fails `tsc`.
const ACTIONS: Partial<Record<ErrorCode, string>> = {
  'grafana.unauthorized': 'Check the token, or create a new service-account token in Grafana.',
  'grafana.forbidden': 'Give the service account the Viewer role (or higher) in Grafana.',
  'grafana.unreachable': 'Check the URL and that Grafana is running.',
  'grafana.timeout': 'Grafana is slow or unreachable; try again or raise the timeout.',
  'grafana.server_error': 'Grafana itself failed to run the query; check Grafana (or its proxy) and try again.',
  'grafana.tls': 'Add the CA certificate of your Grafana to the connection.',
  'grafana.not_grafana': 'The URL does not point at Grafana; check it, including any sub-path.',
  'keyring.unavailable': 'Unlock or install your OS keyring (Secret Service, Keychain, Credential Manager).',
  'chromium.not_found': 'Install Chromium or Google Chrome, or choose a browser in Settings.',
  'render.timeout': 'The panel did not finish drawing; raise the timeout or capture anyway.',
  'render.panel_error': 'The panel shows an error in Grafana itself; check its query.',
  'store.corrupt': 'The database is damaged; run `panelshot doctor` to move it aside.',
  'store.disk_full': 'Free some space on the disk that holds Panelshot\'s data; nothing saved is lost.',
  'store.read_only_disk': 'The disk with Panelshot\'s data is read-only; make it writable or choose another data folder.',
  'store.permission': 'Give your user write access to Panelshot\'s data folder.',
  'store.locked': 'Close other Panelshot windows or commands, then try again.',
  'export.missing_file': 'Re-export the entry to make the file again.',
  'export.invalid_template': 'Use only {dashboard} {panel} {id} {date} {time} {width} {height} {ext}.',
  'export.invalid_output': 'Choose a file name whose extension matches the format, or a folder.',
  'export.io': 'Choose a folder you can write to (Settings → default export folder).',
  'clipboard.failed': 'Use Export… to save the image as a file instead.',
  'desktop.open_failed': 'Open the file from your file manager.',
};

/** A render stopped on purpose (a newer preview, or Esc): not an error to show. */
export function isCancelled(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'render.cancelled';
}

/** A message for people: what happened, then what to do. Never raw debug text. */
export function describe(e: unknown): { title: string; detail: string; action: string | null } {
  if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
    const err = e as AppError;
    return { title: err.message, detail: err.code, action: ACTIONS[err.code as ErrorCode] ?? null };
  }
  return { title: 'Something went wrong', detail: String(e), action: null };
}

/** One line per exported item in a batch's results. A browser problem is named, not quoted:
 * its set-up is shown on its own (ErrorBox), and each line would repeat a long message. */
export function itemLine(item: { title: string; path: string | null; error: AppError | null }): string {
  if (!item.error) return `✓ ${item.title} → ${item.path ?? ''}`;
  if (isBrowserProblem(item.error)) return `✗ ${item.title}: no usable browser (Settings → Browser)`;
  return `✗ ${item.title}: ${item.error.message}`;
}

/** What the window offers beside a failed render: try again, wait longer, or take the panel as
 * it is — the buttons for what the CLI's `--timeout` and `--capture-anyway` do. */
export function renderRemedies(e: unknown): { retry: boolean; waitLonger: boolean; captureAnyway: boolean } {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : null;
  const c = typeof code === 'string' ? code : '';
  const slow = c === 'render.timeout' || c === 'render.no_query';
  const shown = slow || c === 'render.panel_error' || c === 'grafana.server_error';
  return {
    retry: c.startsWith('render.') || c.startsWith('grafana.'),
    waitLonger: slow,
    captureAnyway: shown,
  };
}
