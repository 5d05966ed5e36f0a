// Generated from the Rust types by `src-tauri/bindings.rs`; do not edit.
// Regenerate with `UPDATE_BINDINGS=1 cargo test --lib bindings`.

import type { Channel } from '@tauri-apps/api/core';

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;

export type ErrorBody = { 
/**
 * Typed as the generated `ErrorCode` union in the window, so a comparison with a code
 * that does not exist fails `tsc`.
 */
code: ErrorCode, message: string, };

export type AppInfo = { name: string, version: string, dataDir: string | null, };

export type AuthKind = "token" | "basic" | "session" | "none";

export type Connection = { id: number, name: string, 
/**
 * Normalised: scheme, host, port and sub-path, always ending in `/`.
 */
url: string, orgId: number | null, auth: AuthKind, username: string | null, 
/**
 * An extra CA certificate (PEM) trusted for this connection only.
 */
caCertPem: string | null, insecure: boolean, timeoutSecs: number, createdAt: string, };

export type AuthChoice = "token" | "basic" | "session" | "none" | "keep";

export type ConnectionInput = { name: string, url: string, orgId?: number, auth: AuthChoice, 
/**
 * Secrets from the form are `Secret` from the first moment, so `Debug` never shows them.
 */
token?: string, user?: string, password?: string, caCertPem?: string, insecure: boolean, timeoutSecs?: number, };

export type ConnectionTest = { 
/**
 * Grafana's version, or `unknown` when the server hides it.
 */
version: string, 
/**
 * `ok`, or what `/api/health` said about the database.
 */
database: string, orgId: number | null, orgName: string | null, 
/**
 * `service account`, `user <login>` or `anonymous`.
 */
identity: string, };

export type SearchInput = { connection: string, query?: string, tags: Array<string>, folderUids: Array<string>, starred: boolean, limit?: number, page?: number, };

export type SearchHit = { uid: string, title: string, url: string, folderUid: string | null, folderTitle: string | null, tags: Array<string>, isStarred: boolean, };

export type SearchPage = { hits: Array<SearchHit>, page: number, limit: number, 
/**
 * True when this page was full, so another may follow.
 */
hasMore: boolean, };

export type FolderNode = { uid: string, title: string, children: Array<FolderNode>, };

export type GridPos = { x: number, y: number, w: number, h: number, };

export type LibraryRef = { uid: string, name: string, };

export type RepeatInfo = { variable: string, 
/**
 * `h` or `v`; for a repeated row or tab, `row` or `tab`.
 */
direction: string, maxPerRow: number | null, };

export type GroupStep = { 
/**
 * `tab` or `row`.
 */
kind: string, title: string, collapsed: boolean, };

export type DataNeed = { "kind": "none" } | { "kind": "query" } | { "kind": "from_panel", "panel": number } | { "kind": "unknown" };

export type PanelInfo = { id: number, 
/**
 * The Scenes key, `panel-<id>`, also accepted as `panelId` by `d-solo`.
 */
key: string, title: string, 
/**
 * The visualisation: `timeseries`, `stat`, …; `library` until resolved.
 */
kind: string, grid: GridPos, naturalWidth: number, naturalHeight: number, 
/**
 * Title of the innermost row the panel sits in, if any.
 */
row: string | null, 
/**
 * In a collapsed row (classic) or a collapsed row anywhere on its path (v2).
 */
inCollapsedRow: boolean, 
/**
 * Tabs and rows from the outside in.
 */
path: Array<GroupStep>, libraryPanel: LibraryRef | null, repeat: RepeatInfo | null, 
/**
 * One image per value: the repeat variable's current selection, `All` expanded.
 */
repeatValues: Array<string>, data: DataNeed, 
/**
 * The dashboard JSON saves this panel with an id another panel has (or with none):
 * Grafana's page numbers it `id` instead, and that is the only id that reaches it.
 */
renumberedFrom: number | null, };

export type VarOption = { text: string, value: string, };

export type Variable = { name: string, label: string | null, kind: string, current: Array<string>, options: Array<VarOption>, multi: boolean, includeAll: boolean, };

export type DashboardDetail = { uid: string, title: string, slug: string, url: string, folderUid: string | null, folderTitle: string | null, tags: Array<string>, 
/**
 * IANA name, `utc` or `browser` (Grafana's empty value means browser).
 */
timezone: string, timeFrom: string, timeTo: string, 
/**
 * What the dashboard was saved as (`v1`, `v2beta1`…).
 */
apiVersion: string | null, version: number | null, variables: Array<Variable>, panels: Array<PanelInfo>, };

export type Theme = "light" | "dark";

export type RenderOptions = { width: number, height: number, scale: number, 
/**
 * IANA name, `utc` or `browser`; `None` keeps the dashboard's own zone.
 */
timezone: string | null, from: string | null, to: string | null, 
/**
 * Template variables; a name may repeat for multi-value variables.
 */
vars: Array<[string, string]>, theme: Theme, transparent: boolean, timeoutSecs: number, captureAnyway: boolean, 
/**
 * Text size as a factor (1.5 = 150 %); `None` is 100 % for images and [`DECK_ZOOM`] on
 * slides.
 */
zoom: number | null, };

export type Format = "png" | "jpeg" | "webp" | "pdf";

export type Preview = { 
/**
 * `data:image/png;base64,…`
 */
dataUrl: string, widthPx: number, heightPx: number, durationMs: number, readySignal: string, };

export type Copied = { widthPx: number, heightPx: number, 
/**
 * Whether the picture had to be rendered (false: the current preview was used).
 */
rendered: boolean, };

export type CopiedData = { frames: number, rows: number, 
/**
 * Whether the panel had to be rendered (false: the current preview's data was used).
 */
rendered: boolean, };

export type DataKind = "csv";

export type PanelPicture = { 
/**
 * The panel's key in the dashboard's panel list.
 */
key: string, 
/**
 * `data:image/png;base64,…`
 */
dataUrl: string, widthPx: number, heightPx: number, };

export type PanelPictures = { panels: Array<PanelPicture>, 
/**
 * Panels the dashboard did not show (collapsed rows, other tabs).
 */
notShown: Array<string>, 
/**
 * RFC 3339.
 */
madeAt: string, durationMs: number, cached: boolean, };

export type ExportInput = { connection: string, uid: string, panels: Array<string>, options: RenderOptions, format: Format, quality?: number, 
/**
 * A file for one panel, a folder for several.
 */
output: string, overwrite: boolean, 
/**
 * One image per value of this variable.
 */
each?: string, 
/**
 * Also save the data each panel drew, beside its image.
 */
data?: DataKind, };

export type ExportTarget = { "kind": "panel", "panel": string } | { "kind": "dashboard" };

export type ExportItem = { target: ExportTarget, panelId: number | null, title: string, path: string | null, format: Format, widthPx: number, heightPx: number, bytes: number, durationMs: number, readySignal: string | null, 
/**
 * Page's own "drawn" time when it reports one (see `render::Capture`).
 */
pageDrawnMs: number | null, error: ErrorBody | null, 
/**
 * The history row recording this attempt.
 */
historyId: number | null, 
/**
 * Why no history row could be written for this attempt (a full or read-only data disk):
 * the file, if any, is still there, and the command says so and fails.
 */
historyError: ErrorBody | null, 
/**
 * With "one image per value": the variable's value this image shows.
 */
eachValue: string | null, 
/**
 * The data files written beside the image (`ExportRequest::data`).
 */
dataFiles: string[], 
/**
 * What to know about them (no data in the range, none readable, none for a dashboard).
 */
dataNote: string | null, };

export type BatchProgress = { done: number, total: number, item: ExportItem, };

export type Status = "ok" | "failed";

export type HistoryTarget = { "kind": "panel", "panel": string } | { "kind": "dashboard" } | { "kind": "deck" };

export type FileFormat = "png" | "jpg" | "webp" | "pdf" | "pptx";

export type HistoryInput = { connection?: string, dashboardUid?: string, text?: string, 
/**
 * `ok` or `failed`.
 */
status?: string, since?: string, until?: string, beforeId?: number, limit?: number, };

export type HistoryEntry = { id: number, createdAt: string, connectionName: string, dashboardUid: string, dashboardTitle: string, target: HistoryTarget, panelId: number | null, panelTitle: string, options: JsonValue, format: FileFormat, outputPath: string | null, widthPx: number, heightPx: number, bytes: number, durationMs: number, status: Status, errorCode: string | null, errorMessage: string | null, hasThumbnail: boolean, };

export type Preset = { name: string, builtin: boolean, width: number, height: number, scale: number, theme: Theme, timezone: string | null, 
/**
 * Relative range such as `now-7d` → `now`.
 */
timeFrom: string | null, timeTo: string | null, format: Format, quality: number | null, transparent: boolean, 
/**
 * Text size (`RenderOptions::zoom`); unset is 100 % for images and the slides' default.
 */
zoom: number | null, isDefault: boolean, };

export type Look = { options: RenderOptions, 
/**
 * No size was asked for anywhere: a panel comes out at its size on the dashboard.
 */
naturalSize: boolean, format: Format, quality: number | null, };

export type LookPatch = { width: number | null, height: number | null, scale: number | null, theme: Theme | null, timezone: string | null, from: string | null, to: string | null, transparent: boolean | null, format: Format | null, quality: number | null, timeoutSecs: number | null, captureAnyway: boolean | null, zoom: number | null, };

export type JobItem = { dashboardUid: string, 
/**
 * Panel id or key.
 */
panel: string, 
/**
 * Variable overrides for this item (a name may repeat).
 */
vars: Array<[string, string]>, timeFrom: string | null, timeTo: string | null, 
/**
 * The title typed for this panel's slide (a deck job); none: the panel's own.
 */
title: string | null, };

export type SlideSize = "16:9" | "4:3";

export type DeckFormat = "pptx" | "pdf";

export type DeckLayout = { slide: SlideSize, 
/**
 * Panels per slide: 1, 2 or 4.
 */
perSlide: number, 
/**
 * A title on each slide.
 */
titles: boolean, 
/**
 * In a `.pptx`, table panels as PowerPoint tables (their data, editable) instead of
 * pictures.
 */
nativeTables: boolean, };

export type JobDeck = { format: DeckFormat, layout: DeckLayout, };

export type Job = { name: string, connection: string, preset: string | null, outputDir: string, template: string, items: Array<JobItem>, 
/**
 * Write one deck (`<job name>-<date>.pptx|pdf` in the folder) instead of images.
 */
deck: JobDeck | null, 
/**
 * The look kept inside the job (what was on screen when it was saved, in a preset's
 * fields; its name is not used). When set it is the job's look and `preset` is ignored.
 */
look: Preset | null, };

export type DeckPanel = { dashboardUid: string, 
/**
 * Panel id or Scenes key.
 */
panel: string, 
/**
 * The slide title instead of the panel's own.
 */
title: string | null, 
/**
 * This panel's own time range and variables over the deck's.
 */
from: string | null, to: string | null, vars: Array<[string, string]>, };

export type DeckResult = { path: string | null, format: DeckFormat, slides: number, panels: number, 
/**
 * Each picture's size in pixels (the slot times the scale).
 */
picturePx: [number, number], 
/**
 * The text size the panels were drawn at (the user's, else the slides' default).
 */
zoom: number, bytes: number, durationMs: number, historyId: number | null, error: ErrorBody | null, 
/**
 * Why no history row could be written (see `ExportItem::history_error`).
 */
historyError: ErrorBody | null, };

export type DeckInput = { connection: string, panels: Array<DeckPanel>, options: RenderOptions, layout: DeckLayout, format: DeckFormat, 
/**
 * What the deck is called (the dashboard's title): its file is `<name>-<date>-<time>.<ext>`
 * in the default export folder.
 */
name: string, };

export type JobRun = { "kind": "images", items: Array<ExportItem>, } | { "kind": "deck", deck: DeckResult, };

export type AppSettings = { exportDir: string, 
/**
 * The browser chosen by the user; `None` means found automatically.
 */
chromiumPath: string | null, 
/**
 * The browser that will be used, or why none was found.
 */
detectedChromium: { Ok : string } | { Err : string }, concurrency: number, timeoutSecs: number, 
/**
 * How long a panel that queries may take to start its first data query (applies from the
 * next start).
 */
firstQueryWaitSecs: number, 
/**
 * File names of exports from the window.
 */
fileTemplate: string, dataDir: string, 
/**
 * The version list a headless-shell download reads (Chrome for Testing's, or a mirror's).
 */
browserSource: string, 
/**
 * The headless shell Panelshot downloaded, if any.
 */
downloadedBrowser: string | null, };

export type SettingsUpdate = { exportDir?: string, 
/**
 * An empty string returns to automatic discovery.
 */
chromiumPath?: string, concurrency?: number, timeoutSecs?: number, firstQueryWaitSecs?: number, fileTemplate?: string, 
/**
 * An empty string returns to Chrome for Testing's own list.
 */
browserSource?: string, };

export type BrowserOrigin = "chosen" | "environment" | "downloaded" | "system";

export type BrowserStatus = { 
/**
 * The browser renders use, when one works.
 */
path: string | null, 
/**
 * What it says to `--version`.
 */
version: string | null, origin: BrowserOrigin | null, 
/**
 * Why none can be used: `chromium.not_found`, `chromium.launcher_script`,
 * `chromium.launch_failed`.
 */
problem: ErrorBody | null, 
/**
 * Whether the browser in use is a headless shell. A full browser (Chrome, Edge, Chromium)
 * renders the same pages with more memory and CPU (README, Speed).
 */
headlessShell: boolean, 
/**
 * Whether Chrome for Testing publishes a headless shell for this machine.
 */
canDownload: boolean, 
/**
 * Whether to offer the headless shell's download beside the browser in use: a full browser
 * found on the computer that works, where a download exists. A browser chosen in Settings,
 * by `--chrome` or by `PANELSHOT_CHROME` was someone's decision and is not second-guessed.
 */
offerHeadlessShell: boolean, 
/**
 * The version list a download reads.
 */
source: string, };

export type InstallStep = "listing" | "downloading" | "unpacking" | "checking";

export type InstallProgress = { step: InstallStep, received: number, total: number | null, };

/** Every error code Panelshot reports. */
export type ErrorCode = 'browser.bad_archive' | 'browser.bad_source' | 'browser.broken' | 'browser.download_failed' | 'browser.io' | 'browser.unsupported_platform' | 'chromium.launcher_script' | 'chromium.launch_failed' | 'chromium.not_found' | 'clipboard.failed' | 'deck.encode' | 'desktop.open_failed' | 'export.encode' | 'export.exists' | 'export.invalid_format' | 'export.invalid_output' | 'export.invalid_template' | 'export.io' | 'export.missing_file' | 'grafana.bad_response' | 'grafana.config' | 'grafana.forbidden' | 'grafana.invalid_url' | 'grafana.not_found' | 'grafana.not_grafana' | 'grafana.other_api' | 'grafana.server_error' | 'grafana.session_ended' | 'grafana.timeout' | 'grafana.tls' | 'grafana.too_large' | 'grafana.unauthorized' | 'grafana.unreachable' | 'grafana.unsupported' | 'input.invalid' | 'internal.error' | 'ipc.failed' | 'keyring.failed' | 'keyring.missing_secret' | 'keyring.unavailable' | 'render.browser_crashed' | 'render.cancelled' | 'render.cdp' | 'render.covered' | 'render.failed' | 'render.invalid_option' | 'render.invalid_size' | 'render.no_query' | 'render.page_status' | 'render.panel_error' | 'render.timeout' | 'signin.cancelled' | 'signin.failed' | 'signin.no_desktop' | 'signin.timeout' | 'store.corrupt' | 'store.data_dir' | 'store.disk_full' | 'store.duplicate' | 'store.failed' | 'store.io' | 'store.locked' | 'store.not_found' | 'store.permission' | 'store.read_only' | 'store.read_only_disk' | 'store.too_new';

/** Each code by its Rust name: the window compares with these (`e.code === Code.RenderTimeout`), never with a written code. */
export const Code = {
  BrowserBadArchive: 'browser.bad_archive',
  BrowserBadSource: 'browser.bad_source',
  BrowserBroken: 'browser.broken',
  BrowserDownloadFailed: 'browser.download_failed',
  BrowserIo: 'browser.io',
  BrowserUnsupported: 'browser.unsupported_platform',
  ChromiumIsScript: 'chromium.launcher_script',
  ChromiumLaunchFailed: 'chromium.launch_failed',
  ChromiumNotFound: 'chromium.not_found',
  ClipboardFailed: 'clipboard.failed',
  DeckEncode: 'deck.encode',
  DesktopOpenFailed: 'desktop.open_failed',
  ExportEncode: 'export.encode',
  ExportExists: 'export.exists',
  ExportInvalidFormat: 'export.invalid_format',
  ExportInvalidOutput: 'export.invalid_output',
  ExportInvalidTemplate: 'export.invalid_template',
  ExportIo: 'export.io',
  ExportMissingFile: 'export.missing_file',
  GrafanaBadResponse: 'grafana.bad_response',
  GrafanaConfig: 'grafana.config',
  GrafanaForbidden: 'grafana.forbidden',
  GrafanaInvalidUrl: 'grafana.invalid_url',
  GrafanaNotFound: 'grafana.not_found',
  GrafanaNotGrafana: 'grafana.not_grafana',
  GrafanaOtherApi: 'grafana.other_api',
  GrafanaServerError: 'grafana.server_error',
  GrafanaSessionEnded: 'grafana.session_ended',
  GrafanaTimeout: 'grafana.timeout',
  GrafanaTls: 'grafana.tls',
  GrafanaTooLarge: 'grafana.too_large',
  GrafanaUnauthorized: 'grafana.unauthorized',
  GrafanaUnreachable: 'grafana.unreachable',
  GrafanaUnsupported: 'grafana.unsupported',
  InputInvalid: 'input.invalid',
  InternalError: 'internal.error',
  IpcFailed: 'ipc.failed',
  KeyringFailed: 'keyring.failed',
  KeyringMissingSecret: 'keyring.missing_secret',
  KeyringUnavailable: 'keyring.unavailable',
  RenderBrowserCrashed: 'render.browser_crashed',
  RenderCancelled: 'render.cancelled',
  RenderCdp: 'render.cdp',
  RenderCovered: 'render.covered',
  RenderFailed: 'render.failed',
  RenderInvalidOption: 'render.invalid_option',
  RenderInvalidSize: 'render.invalid_size',
  RenderNoQuery: 'render.no_query',
  RenderPageStatus: 'render.page_status',
  RenderPanelError: 'render.panel_error',
  RenderTimeout: 'render.timeout',
  SigninCancelled: 'signin.cancelled',
  SigninFailed: 'signin.failed',
  SigninNoDesktop: 'signin.no_desktop',
  SigninTimeout: 'signin.timeout',
  StoreCorrupt: 'store.corrupt',
  StoreDataDir: 'store.data_dir',
  StoreDiskFull: 'store.disk_full',
  StoreDuplicate: 'store.duplicate',
  StoreFailed: 'store.failed',
  StoreIo: 'store.io',
  StoreLocked: 'store.locked',
  StoreNotFound: 'store.not_found',
  StorePermission: 'store.permission',
  StoreReadOnly: 'store.read_only',
  StoreReadOnlyDisk: 'store.read_only_disk',
  StoreTooNew: 'store.too_new',
} as const satisfies Record<string, ErrorCode>;

/** Every IPC command the app registers and what it answers (`app::ipc_commands!`). */
export type Commands = {
  app_info: AppInfo;
  connections_list: Array<Connection>;
  connection_add: Connection;
  connection_update: Connection;
  connection_test: ConnectionTest;
  connection_remove: null;
  connection_sign_in: ConnectionTest;
  dashboards_search: SearchPage;
  folders_list: Array<FolderNode>;
  tags_list: Array<[string, number]>;
  dashboard_get: DashboardDetail;
  panel_preview: Preview;
  preview_cancel: boolean;
  panel_thumbnails: PanelPictures;
  copy_image: Copied;
  copy_data: CopiedData;
  panel_export: Array<ExportItem>;
  export_file_name: string;
  panels_export_batch: Array<ExportItem>;
  deck_export: DeckResult;
  history_list: Array<HistoryEntry>;
  history_thumbnail: string | null;
  presets_list: Array<Preset>;
  look_resolve: Look;
  settings_get: AppSettings;
  settings_set: AppSettings;
  browser_test: string;
  browser_status: BrowserStatus;
  browser_install: BrowserStatus;
  name_example: string;
  open_data_folder: null;
  open_log_folder: null;
  history_reexport: ExportItem;
  history_delete: number;
  history_open: null;
  history_dashboards: Array<[string, string]>;
  history_reveal: null;
  preset_save: Array<Preset>;
  preset_delete: Array<Preset>;
  preset_update: Array<Preset>;
  preset_set_default: Array<Preset>;
  jobs_list: Array<Job>;
  job_save: Array<Job>;
  job_run: JobRun;
  job_delete: Array<Job>;
};
export type CommandName = keyof Commands;

/** What each IPC command takes, as `app::ipc_commands!` declares it (argument names in camelCase, as Tauri passes them). */
export type CommandArgs = {
  app_info: Record<string, never>;
  connections_list: Record<string, never>;
  connection_add: { input: ConnectionInput };
  connection_update: { current: string; input: ConnectionInput };
  connection_test: { name: string };
  connection_remove: { name: string };
  connection_sign_in: { name: string };
  dashboards_search: { input: SearchInput };
  folders_list: { connection: string };
  tags_list: { connection: string };
  dashboard_get: { connection: string; uid: string };
  panel_preview: { connection: string; uid: string; panel: string; options: RenderOptions; waiting: Channel<string> };
  preview_cancel: Record<string, never>;
  panel_thumbnails: { connection: string; uid: string; options: RenderOptions; refresh: boolean };
  copy_image: { connection: string; uid: string; panel: string; options: RenderOptions };
  copy_data: { connection: string; uid: string; panel: string; options: RenderOptions };
  panel_export: { input: ExportInput };
  export_file_name: { dashboard: string; panel: string; panelId: string; width: number; height: number; format: Format };
  panels_export_batch: { input: ExportInput; progress: Channel<BatchProgress> };
  deck_export: { input: DeckInput };
  history_list: { input: HistoryInput };
  history_thumbnail: { id: number };
  presets_list: Record<string, never>;
  look_resolve: { preset: string | null; patch: LookPatch | null };
  settings_get: Record<string, never>;
  settings_set: { input: SettingsUpdate };
  browser_test: { path: string | null };
  browser_status: Record<string, never>;
  browser_install: { progress: Channel<InstallProgress> };
  name_example: { template: string };
  open_data_folder: Record<string, never>;
  open_log_folder: Record<string, never>;
  history_reexport: { id: number };
  history_delete: { ids: Array<number>; withFiles: boolean };
  history_open: { id: number };
  history_dashboards: Record<string, never>;
  history_reveal: { id: number };
  preset_save: { preset: Preset };
  preset_delete: { name: string };
  preset_update: { original: string; preset: Preset };
  preset_set_default: { name: string | null };
  jobs_list: Record<string, never>;
  job_save: { job: Job };
  job_run: { name: string; progress: Channel<BatchProgress> };
  job_delete: { name: string };
};

/** The core's limits on an export (`render::options`) and its default size (`service::look`). */
export const LIMITS = { minSide: 100, maxSide: 8192, maxScale: 4, maxPixels: 64000000, minZoom: 0.5, maxZoom: 3, deckZoom: 2, defaultWidth: 1600, defaultHeight: 900 } as const;

/** The defaults and limits of the numbers a person sets (`core::limits`): the same table the CLI's flags and the core's checks use. */
export const SETTING_LIMITS = { timeoutSecs: { min: 1, max: 600, default: 30 }, concurrency: { min: 1, max: 16, default: 4 }, firstQueryWaitSecs: { min: 0, max: 120 }, quality: { min: 1, max: 100 } } as const;
