// The dashboard as the page reads it: a schema-v1 save model (`/api/dashboards/uid/:uid`) or a
// schema-v2 resource (`/apis/dashboard.grafana.app/…`), turned into the panels a page can show
// and the layout that places them. Grafana's own readers of these shapes are in its app, not in
// a published package: the sources each step follows are named beside it.
import type { SavedVariable } from './variables';

export type SavedPanel = {
  id?: number;
  gridPos?: { x?: number; y?: number; w?: number; h?: number };
  type?: string;
  title?: string;
  datasource?: { uid?: string; type?: string } | null;
  targets?: Array<Record<string, unknown>>;
  panels?: SavedPanel[];
  options?: Record<string, unknown>;
  collapsed?: boolean;
  libraryPanel?: { uid: string; name?: string };
  maxDataPoints?: number;
  repeat?: string;
  repeatDirection?: 'h' | 'v';
  maxPerRow?: number;
  /** A repeat clone's scene key (`panel-9-clone-1`) and its own value of the variable. */
  key?: string;
  repeatVar?: { name: string; value: string };
};

/** Where a panel sits: a schema-v1 grid (rows inline), or schema v2's nested layouts
 * (https://grafana.com/docs/grafana/latest/observability-as-code/schema-v2/ "layout"). */
export type Layout =
  | { kind: 'grid'; items: GridEntry[] }
  | { kind: 'auto'; panels: SavedPanel[] }
  | { kind: 'rows'; rows: Array<{ title: string; collapsed: boolean; layout: Layout }> }
  | { kind: 'tabs'; tabs: Array<{ title: string; layout: Layout }> };

export type GridEntry =
  | { kind: 'panel'; panel: SavedPanel }
  | { kind: 'row'; row: SavedPanel; collapsed: boolean; children: SavedPanel[] };

export interface Dash {
  uid: string;
  title: string;
  timezone?: string;
  time?: { from?: string; to?: string };
  refresh?: string;
  variables: SavedVariable[];
  /** Every panel of the dashboard, wherever it sits (a solo page looks any of them up). */
  panels: SavedPanel[];
  layout: Layout;
}

/** Grafana gives every panel an id of its own before drawing: a missing id, or one an earlier
 * panel has, becomes the next free one, walking panels and collapsed rows' children in order
 * (grafana public/app/features/dashboard/state/DashboardModel.ts: the constructor calls
 * `ensurePanelsHaveUniqueIds()` over `panelIterator()`; getNextPanelId() is the largest id + 1). */
function ensureUniqueIds(list: SavedPanel[]) {
  const all: SavedPanel[] = [];
  for (const p of list) {
    all.push(p);
    for (const c of p.panels ?? []) all.push(c);
  }
  let next = all.reduce((m, p) => (p.id != null && p.id > m ? p.id : m), 0) + 1;
  const seen = new Set<number>();
  for (const p of all) {
    if (p.id == null) p.id = next++;
    if (seen.has(p.id)) p.id = next++;
    seen.add(p.id);
  }
}

/** Schema v1's flat list as Grafana's scene builder reads it
 * (public/app/features/dashboard-scene/serialization/transformSaveModelToScene.ts,
 * `createSceneObjectsForPanels`): an expanded row owns the panels that follow it up to the next
 * row; a collapsed row carries its panels inside itself (`row.panels`). */
export function fromV1(dashboard: any): Dash {
  const saved: SavedPanel[] = dashboard.panels ?? [];
  ensureUniqueIds(saved);
  const items: GridEntry[] = [];
  const panels: SavedPanel[] = [];
  let open: Extract<GridEntry, { kind: 'row' }> | undefined;
  for (const p of saved) {
    if (p.type === 'row') {
      const row: GridEntry = { kind: 'row', row: p, collapsed: !!p.collapsed, children: p.collapsed ? [...(p.panels ?? [])] : [] };
      items.push(row);
      panels.push(...row.children);
      open = p.collapsed ? undefined : row;
      continue;
    }
    panels.push(p);
    if (open) open.children.push(p);
    else items.push({ kind: 'panel', panel: p });
  }
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    timezone: dashboard.timezone,
    time: dashboard.time,
    refresh: dashboard.refresh,
    variables: dashboard.templating?.list ?? [],
    panels,
    layout: { kind: 'grid', items },
  };
}

/** A schema-v2 resource: `spec.elements` are the panels, `spec.layout` places them by name.
 * Element and layout kinds as the schema-v2 docs list them (Panel, LibraryPanel; GridLayout with
 * GridLayoutItem/GridLayoutRow, AutoGridLayout, RowsLayout, TabsLayout). */
export function fromV2(resource: any): Dash {
  const spec = resource.spec ?? {};
  const elements: Record<string, any> = spec.elements ?? {};
  const byName = new Map<string, SavedPanel>();
  for (const [name, e] of Object.entries(elements)) {
    const s = e.spec ?? {};
    const p: SavedPanel = { id: s.id, title: s.title };
    if (e.kind === 'LibraryPanel') {
      p.libraryPanel = s.libraryPanel;
    } else {
      p.type = s.vizConfig?.group;
      p.options = s.vizConfig?.spec?.options ?? {};
      p.targets = (s.data?.spec?.queries ?? []).map((q: any) => {
        const query = q.spec?.query ?? {};
        return { refId: q.spec?.refId ?? 'A', datasource: { uid: query.datasource?.name, type: query.group }, ...(query.spec ?? {}) };
      });
    }
    byName.set(name, p);
  }
  const ref = (name: string, grid?: SavedPanel['gridPos']) => {
    const p = byName.get(name);
    return p ? { ...p, gridPos: grid } : undefined;
  };
  const gridItem = (it: any): GridEntry | undefined => {
    const s = it.spec ?? {};
    if (it.kind === 'GridLayoutRow') {
      const children = (s.elements ?? []).map(gridItem).filter((x: any) => x?.kind === 'panel').map((x: any) => x.panel);
      return { kind: 'row', row: { title: s.title, gridPos: { x: 0, y: s.y ?? 0, w: 24, h: 1 } }, collapsed: !!s.collapsed, children };
    }
    const p = ref(s.element?.name, { x: s.x, y: s.y, w: s.width, h: s.height });
    return p ? { kind: 'panel', panel: p } : undefined;
  };
  const walk = (layout: any): Layout => {
    const s = layout?.spec ?? {};
    switch (layout?.kind) {
      case 'GridLayout':
        return { kind: 'grid', items: (s.items ?? []).map(gridItem).filter(Boolean) };
      case 'AutoGridLayout':
        return { kind: 'auto', panels: (s.items ?? []).map((it: any) => ref(it.spec?.element?.name)).filter(Boolean) };
      case 'RowsLayout':
        return { kind: 'rows', rows: (s.rows ?? []).map((r: any) => ({ title: r.spec?.title ?? '', collapsed: !!r.spec?.collapse, layout: walk(r.spec?.layout) })) };
      case 'TabsLayout':
        return { kind: 'tabs', tabs: (s.tabs ?? []).map((t: any) => ({ title: t.spec?.title ?? '', layout: walk(t.spec?.layout) })) };
      default:
        return { kind: 'grid', items: [] };
    }
  };
  const ts = spec.timeSettings ?? {};
  const panels = [...byName.values()];
  ensureUniqueIds(panels);
  return {
    uid: resource.metadata?.name,
    title: spec.title,
    timezone: ts.timezone,
    time: { from: ts.from, to: ts.to },
    refresh: ts.autoRefresh,
    // `CustomVariable` → `custom`, `QueryVariable` → `query`…, the spec as v1 saved it.
    variables: (spec.variables ?? []).map((v: any) => ({ type: String(v.kind ?? '').replace(/Variable$/, '').toLowerCase(), ...v.spec })),
    panels,
    layout: walk(spec.layout),
  };
}

/** Repeated panels become one panel per value, as Grafana's `DashboardGridItem.performRepeat`
 * (public/app/features/dashboard-scene/scene/layout-default/DashboardGridItem.tsx) makes them:
 * the first keeps the panel's key, the others are `panel-<id>-clone-<n>`; horizontal repeats
 * continue along the row from the panel's place and wrap, vertical ones stack. */
export function expandRepeats(dash: Dash, valuesOf: (name: string) => string[]): Dash {
  const clones = (p: SavedPanel): SavedPanel[] => {
    if (!p.repeat) return [p];
    const values = valuesOf(p.repeat);
    if (!values.length) return [p];
    const g = { x: p.gridPos?.x ?? 0, y: p.gridPos?.y ?? 0, w: p.gridPos?.w ?? 12, h: p.gridPos?.h ?? 8 };
    const place = (i: number) => {
      if (p.repeatDirection !== 'h') return { x: g.x, y: g.y + i * g.h, w: g.w, h: g.h };
      const x = g.x + i * g.w;
      return { x: x % 24, y: g.y + Math.floor(x / 24) * g.h, w: g.w, h: g.h };
    };
    return values.map((value, i) => ({
      ...p,
      key: i === 0 ? `panel-${p.id}` : `panel-${p.id}-clone-${i}`,
      repeatVar: { name: p.repeat!, value },
      gridPos: place(i),
    }));
  };
  const walk = (layout: Layout): Layout => {
    switch (layout.kind) {
      case 'grid':
        return {
          kind: 'grid',
          items: layout.items.flatMap((e): GridEntry[] =>
            e.kind === 'panel' ? clones(e.panel).map((panel) => ({ kind: 'panel', panel })) : [{ ...e, children: e.children.flatMap(clones) }],
          ),
        };
      case 'auto':
        return { kind: 'auto', panels: layout.panels.flatMap(clones) };
      case 'rows':
        return { kind: 'rows', rows: layout.rows.map((r) => ({ ...r, layout: walk(r.layout) })) };
      case 'tabs':
        return { kind: 'tabs', tabs: layout.tabs.map((t) => ({ ...t, layout: walk(t.layout) })) };
    }
  };
  return { ...dash, panels: dash.panels.flatMap(clones), layout: walk(dash.layout) };
}

/** The scene key of a panel (what `data-viz-panel-key` shows and `panelId=` asks for). */
export function keyOf(p: SavedPanel) {
  return p.key ?? `panel-${p.id}`;
}
