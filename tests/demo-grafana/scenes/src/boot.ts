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
