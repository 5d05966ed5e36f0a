import { Channel, invoke } from '@tauri-apps/api/core';
import type { CommandArgs, CommandName, Commands } from './bindings';
import { Code } from './bindings';
import type {
  AppError,
  AppInfo,
  AppSettings,
  BatchProgress,
  BrowserStatus,
  InstallProgress,
  SettingsUpdate,
  Connection,
  ConnectionInput,
  ConnectionTest,
  DeckInput,
  Copied,
  DashboardDetail,
  ExportInput,
  ExportItem,
  FolderNode,
  Format,
  HistoryEntry,
  HistoryInput,
  Job,
  Look,
  Preset,
  Preview,
  RenderOptions,
  SearchPage,
} from './types';

export type { AppError };

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

/** Calls a Rust command: only those the app registers, with the arguments its signature takes,
 * answering the type it declares (`CommandArgs` and `Commands` are generated from the Rust side);
 * rejects with an `AppError` whatever the failure was. */
export async function call<K extends CommandName>(
  cmd: K,
  ...args: CommandArgs[K] extends Record<string, never> ? [] : [CommandArgs[K]]
): Promise<Commands[K]> {
  try {
    return await invoke<Commands[K]>(cmd, args[0]);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw { code: Code.IpcFailed, message: String(e) } satisfies AppError;
  }
}

export type { AppInfo, BrowserStatus, InstallProgress };

export const api = {
  appInfo: () => call('app_info'),
  connections: () => call('connections_list'),
  addConnection: (input: ConnectionInput) => call('connection_add', { input }),
  updateConnection: (current: string, input: ConnectionInput) => call('connection_update', { current, input }),
  testConnection: (name: string) => call('connection_test', { name }),
  removeConnection: (name: string) => call('connection_remove', { name }),
  signIn: (name: string) => call('connection_sign_in', { name }),
  search: (connection: string, query: string, page = 1, starred = false, folderUids: string[] = [], tags: string[] = []) =>
    call('dashboards_search', { input: { connection, query, page, limit: 50, starred, folderUids, tags } }),
  tags: (connection: string) => call('tags_list', { connection }),
  folders: (connection: string) => call('folders_list', { connection }),
  dashboard: (connection: string, uid: string) => call('dashboard_get', { connection, uid }),
  /** `onWait` hears what the render waits for, whenever that changes. */
  preview: (connection: string, uid: string, panel: string, options: RenderOptions, onWait: (what: string) => void = () => {}) => {
    const waiting = new Channel<string>();
    waiting.onmessage = onWait;
    return call('panel_preview', { connection, uid, panel, options, waiting });
  },
  cancelPreview: () => call('preview_cancel'),
  thumbnails: (connection: string, uid: string, options: RenderOptions, refresh = false) =>
    call('panel_thumbnails', { connection, uid, options, refresh }),
  copyImage: (connection: string, uid: string, panel: string, options: RenderOptions) =>
    call('copy_image', { connection, uid, panel, options }),
  copyData: (connection: string, uid: string, panel: string, options: RenderOptions) =>
    call('copy_data', { connection, uid, panel, options }),
  exportFileName: (dashboard: string, panel: string, panelId: string, width: number, height: number, format: Format) =>
    call('export_file_name', { dashboard, panel, panelId, width, height, format }),
  exportPanels: (input: ExportInput) => call('panel_export', { input }),
  exportDeck: (input: DeckInput) => call('deck_export', { input }),
  exportBatch: (input: ExportInput, onProgress: (p: BatchProgress) => void) => {
    const progress = new Channel<BatchProgress>();
    progress.onmessage = onProgress;
    return call('panels_export_batch', { input, progress });
  },
  history: (input: HistoryInput) => call('history_list', { input }),
  historyDashboards: () => call('history_dashboards'),
  thumbnail: (id: number) => call('history_thumbnail', { id }),
  presets: () => call('presets_list'),
  /** The core's resolver: defaults → settings → the preset (else the default one). */
  resolveLook: (preset: string | null) => call('look_resolve', { preset, patch: null }),
  savePreset: (preset: Preset) => call('preset_save', { preset }),
  deletePreset: (name: string) => call('preset_delete', { name }),
  updatePreset: (original: string, preset: Preset) => call('preset_update', { original, preset }),
  setDefaultPreset: (name: string | null) => call('preset_set_default', { name }),
  jobs: () => call('jobs_list'),
  saveJob: (job: Job) => call('job_save', { job }),
  runJob: (name: string, onProgress: (p: BatchProgress) => void = () => {}) => {
    const progress = new Channel<BatchProgress>();
    progress.onmessage = onProgress;
    return call('job_run', { name, progress });
  },
  deleteJob: (name: string) => call('job_delete', { name }),
  settings: () => call('settings_get'),
  testBrowser: (path: string | null) => call('browser_test', { path }),
  browserStatus: () => call('browser_status'),
  installBrowser: (onProgress: (p: InstallProgress) => void) => {
    const progress = new Channel<InstallProgress>();
    progress.onmessage = onProgress;
    return call('browser_install', { progress });
  },
  updateSettings: (input: SettingsUpdate) => call('settings_set', { input }),
  reexport: (id: number) => call('history_reexport', { id }),
  deleteHistory: (ids: number[], withFiles: boolean) => call('history_delete', { ids, withFiles }),
  openFile: (id: number) => call('history_open', { id }),
  showInFolder: (id: number) => call('history_reveal', { id }),
  nameExample: (template: string) => call('name_example', { template }),
  openDataFolder: () => call('open_data_folder'),
  openLogFolder: () => call('open_log_folder'),
};
