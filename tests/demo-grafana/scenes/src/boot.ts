/** What the demo server renders into the page (`window.__demoBoot`). */
export interface Boot {
  uid: string;
  page: 'solo' | 'dashboard';
  /** How long the data source's plugin module takes to load (see runtime.ts). */
  dsDelayMs?: number;
  secondOrigin?: string;
  /** Drawn in front of the panels (see Overlay in main.tsx). */
  overlay?: 'splash' | 'banner' | null;
}

/** The `info` of a plugin built into Grafana (what its plugin.json declares, empty but for the
 * author), for the plugin metas the demo registers. */
export const GRAFANA_LABS_PLUGIN_INFO = {
  author: { name: 'Grafana Labs' },
  description: '',
  links: [],
  logos: { small: '', large: '' },
  screenshots: [],
  updated: '',
  version: '',
};
