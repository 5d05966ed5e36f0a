/** The screens of the app shell, in sidebar order. */
export type ScreenId = 'connections' | 'browse' | 'history' | 'presets' | 'settings';

export interface Screen {
  id: ScreenId;
  label: string;
  /** Digit used with Ctrl/Cmd to jump to the screen. */
  key: string;
  hint: string;
}

export const SCREENS: readonly Screen[] = [
  { id: 'connections', label: 'Connections', key: '1', hint: 'Grafana servers and how you sign in to them' },
  { id: 'browse', label: 'Browse', key: '2', hint: 'Folders, dashboards and panels' },
  { id: 'history', label: 'History', key: '3', hint: 'Every export, with thumbnails' },
  { id: 'presets', label: 'Presets & jobs', key: '4', hint: 'Saved sizes, ranges and batches' },
  { id: 'settings', label: 'Settings', key: '5', hint: 'Browser, folders and defaults' },
];

/** The screen a Ctrl/Cmd+digit shortcut opens, if any. */
export function screenForShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ScreenId | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  return SCREENS.find((s) => s.key === e.key)?.id ?? null;
}

/** Reads the screen from the location hash so a reload keeps the user where they were. */
export function screenFromHash(hash: string): ScreenId {
  const id = hash.replace(/^#\/?/, '');
  return SCREENS.find((s) => s.id === id)?.id ?? 'connections';
}
