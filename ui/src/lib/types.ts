// Mirrors of the Rust types that cross IPC (src-tauri: store, grafana, render, service).

export interface AppError {
  code: string;
  message: string;
}

export interface Connection {
  id: number;
  name: string;
  url: string;
  org_id: number | null;
  auth: 'token' | 'basic' | 'none';
  username: string | null;
  insecure: boolean;
  timeout_secs: number;
  created_at: string;
}

export interface ConnectionTest {
  version: string;
  database: string;
  org_id: number | null;
  org_name: string | null;
  identity: string;
}

export interface SearchHit {
  uid: string;
  title: string;
  url: string;
  folder_uid: string | null;
  folder_title: string | null;
  tags: string[];
  is_starred: boolean;
}

export interface SearchPage {
  hits: SearchHit[];
  page: number;
  limit: number;
  has_more: boolean;
}

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PanelInfo {
  id: number;
  key: string;
  title: string;
  kind: string;
  grid: GridPos;
  natural_width: number;
  natural_height: number;
  row: string | null;
  in_collapsed_row: boolean;
  library_panel: { uid: string; name: string } | null;
  repeat: { variable: string; direction: string; max_per_row: number | null } | null;
}

export interface Variable {
  name: string;
  label: string | null;
  kind: string;
  current: string[];
  options: { text: string; value: string }[];
  multi: boolean;
  include_all: boolean;
}

export interface DashboardDetail {
  uid: string;
  title: string;
  slug: string;
  url: string;
  folder_uid: string | null;
  folder_title: string | null;
  tags: string[];
  timezone: string;
  time_from: string;
  time_to: string;
  api_version: string | null;
  version: number | null;
  variables: Variable[];
  panels: PanelInfo[];
}

export type Theme = 'light' | 'dark';
export type Format = 'png' | 'jpeg' | 'webp' | 'pdf';

export interface RenderOptions {
  width: number;
  height: number;
  scale: number;
  timezone: string | null;
  from: string | null;
  to: string | null;
  vars: [string, string][];
  theme: Theme;
  transparent: boolean;
  timeout_secs: number;
  capture_anyway: boolean;
}

export interface Preview {
  dataUrl: string;
  widthPx: number;
  heightPx: number;
  durationMs: number;
  readySignal: string;
}

export interface ExportItem {
  target: { kind: 'panel'; panel: string } | { kind: 'dashboard' };
  panel_id: number | null;
  title: string;
  path: string | null;
  format: Format;
  width_px: number;
  height_px: number;
  bytes: number;
  duration_ms: number;
  error: AppError | null;
  history_id: number | null;
}

export interface HistoryEntry {
  id: number;
  created_at: string;
  connection_name: string;
  dashboard_uid: string;
  dashboard_title: string;
  target: string;
  panel_id: number | null;
  panel_title: string;
  format: string;
  output_path: string | null;
  width_px: number;
  height_px: number;
  bytes: number;
  duration_ms: number;
  status: 'ok' | 'failed';
  error_code: string | null;
  error_message: string | null;
  has_thumbnail: boolean;
}

export interface Preset {
  name: string;
  builtin: boolean;
  width: number;
  height: number;
  scale: number;
  theme: Theme;
  timezone: string | null;
  time_from: string | null;
  time_to: string | null;
  format: Format;
  quality: number | null;
  transparent: boolean;
  is_default: boolean;
}
