/** The app theme: `system` follows the OS; `light`/`dark` force one. */
export function applyTheme(value: string, root: HTMLElement = document.documentElement): void {
  if (value === 'light' || value === 'dark') root.dataset.theme = value;
  else delete root.dataset.theme;
}
