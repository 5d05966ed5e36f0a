/** What the demo server renders into the page (`window.__demoBoot`). */
export interface Boot {
  uid: string;
  page: 'solo' | 'dashboard';
  /** How long the data source's plugin module takes to load (see runtime.ts). */
  dsDelayMs?: number;
  secondOrigin?: string;
  /** Where a schema-v2 dashboard's resource is served (none for v1). */
  v2Path?: string | null;
  /** Milliseconds the page's script is busy before anything else runs. */
  scriptBusyMs?: number;
  /** The counter reads 0 from page start. */
  counterZeroAtStart?: boolean;
  /** Milliseconds before the dashboard starts (a slow plugin, a big bundle). */
  firstQueryDelayMs?: number;
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
