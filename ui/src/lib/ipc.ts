import { Channel, invoke } from '@tauri-apps/api/core';
import type { CommandName } from './bindings';
import type {
  AppError,
  AppInfo,
  AppSettings,
  BatchProgress,
  SettingsUpdate,
  Connection,
  ConnectionInput,
  ConnectionTest,
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

/** Calls a Rust command (only those the app registers: `CommandName` is generated from the Rust
 * list); rejects with an `AppError` whatever the failure was. */
export async function call<T>(cmd: CommandName, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isAppError(e)) throw e;
    throw { code: 'ipc.failed', message: String(e) } satisfies AppError;
  }
}

export type { AppInfo };

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  connections: () => call<Connection[]>('connections_list'),
  addConnection: (input: ConnectionInput) => call<Connection>('connection_add', { input }),
  updateConnection: (current: string, input: ConnectionInput) => call<Connection>('connection_update', { current, input }),
  testConnection: (name: string) => call<ConnectionTest>('connection_test', { name }),
  removeConnection: (name: string) => call<void>('connection_remove', { name }),
  search: (connection: string, query: string, page = 1, starred = false, folderUids: string[] = [], tags: string[] = []) =>
    call<SearchPage>('dashboards_search', { input: { connection, query, page, limit: 50, starred, folderUids, tags } }),
  tags: (connection: string) => call<[string, number][]>('tags_list', { connection }),
  folders: (connection: string) => call<FolderNode[]>('folders_list', { connection }),
  dashboard: (connection: string, uid: string) => call<DashboardDetail>('dashboard_get', { connection, uid }),
  preview: (connection: string, uid: string, panel: string, options: RenderOptions) =>
    call<Preview>('panel_preview', { connection, uid, panel, options }),
  cancelPreview: () => call<boolean>('preview_cancel'),
  copyImage: (connection: string, uid: string, panel: string, options: RenderOptions) =>
    call<Copied>('copy_image', { connection, uid, panel, options }),
  exportFileName: (dashboard: string, panel: string, panelId: string, width: number, height: number, format: Format) =>
    call<string>('export_file_name', { dashboard, panel, panelId, width, height, format }),
  exportPanels: (input: ExportInput) => call<ExportItem[]>('panel_export', { input }),
  exportBatch: (input: ExportInput, onProgress: (p: BatchProgress) => void) => {
    const progress = new Channel<BatchProgress>();
    progress.onmessage = onProgress;
    return call<ExportItem[]>('panels_export_batch', { input, progress });
  },
  history: (input: HistoryInput) => call<HistoryEntry[]>('history_list', { input }),
  historyDashboards: () => call<[string, string][]>('history_dashboards'),
  thumbnail: (id: number) => call<string | null>('history_thumbnail', { id }),
  presets: () => call<Preset[]>('presets_list'),
  /** The core's resolver: defaults → settings → the preset (else the default one). */
  resolveLook: (preset: string | null) => call<Look>('look_resolve', { preset, patch: null }),
  savePreset: (preset: Preset) => call<Preset[]>('preset_save', { preset }),
  deletePreset: (name: string) => call<Preset[]>('preset_delete', { name }),
  updatePreset: (original: string, preset: Preset) => call<Preset[]>('preset_update', { original, preset }),
  setDefaultPreset: (name: string | null) => call<Preset[]>('preset_set_default', { name }),
  jobs: () => call<Job[]>('jobs_list'),
  saveJob: (job: Job) => call<Job[]>('job_save', { job }),
  runJob: (name: string, onProgress: (p: BatchProgress) => void = () => {}) => {
    const progress = new Channel<BatchProgress>();
    progress.onmessage = onProgress;
    return call<ExportItem[]>('job_run', { name, progress });
  },
  deleteJob: (name: string) => call<Job[]>('job_delete', { name }),
  settings: () => call<AppSettings>('settings_get'),
  testBrowser: (path: string | null) => call<string>('browser_test', { path }),
  updateSettings: (input: SettingsUpdate) => call<AppSettings>('settings_set', { input }),
  reexport: (id: number) => call<ExportItem>('history_reexport', { id }),
  deleteHistory: (ids: number[], withFiles: boolean) => call<number>('history_delete', { ids, withFiles }),
  openFile: (id: number) => call<void>('history_open', { id }),
  showInFolder: (id: number) => call<void>('history_reveal', { id }),
  nameExample: (template: string) => call<string>('name_example', { template }),
  openDataFolder: () => call<void>('open_data_folder'),
};
