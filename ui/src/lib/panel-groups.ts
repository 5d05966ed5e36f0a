import type { PanelInfo } from './types';

/** A panel placed on the picker's 24-column grid, its rows counted from its group's top. */
export type PlacedPanel = { panel: PanelInfo; col: number; span: number; row: number; rows: number };

/** The panels of one row or tab (or of the dashboard's top level), as Grafana groups them. */
export type PanelGroup = {
  /** "Overview" or "Tab A › Row B"; null for panels outside any row or tab. */
  title: string | null;
  /** Closed in Grafana: the dashboard does not draw these panels until opened. */
  collapsed: boolean;
  panels: PlacedPanel[];
};

/** Groups panels by their row/tab path, in dashboard order, each laid out like the dashboard's
 * grid (one picker row per grid unit, so a tile has its panel's shape) from the group's top. */
export function groupPanels(panels: PanelInfo[]): PanelGroup[] {
  const groups: { title: string | null; collapsed: boolean; members: PanelInfo[] }[] = [];
  for (const p of panels) {
    const title = p.path.length ? p.path.map((s) => s.title).join(' › ') : (p.row ?? null);
    let g = groups.find((x) => x.title === title);
    if (!g) {
      g = { title, collapsed: false, members: [] };
      groups.push(g);
    }
    g.collapsed = g.collapsed || p.inCollapsedRow;
    g.members.push(p);
  }
  return groups.map((g) => {
    const top = Math.min(...g.members.map((p) => p.grid.y));
    return {
      title: g.title,
      collapsed: g.collapsed,
      panels: g.members.map((p) => ({
        panel: p,
        col: Math.min(23, Math.max(0, p.grid.x)) + 1,
        span: Math.max(1, Math.min(24 - Math.max(0, p.grid.x), p.grid.w)),
        row: p.grid.y - top + 1,
        rows: Math.max(1, p.grid.h),
      })),
    };
  });
}
