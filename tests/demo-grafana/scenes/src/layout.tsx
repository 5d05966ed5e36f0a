// The scene objects a dashboard page is made of: @grafana/scenes' own VizPanel, query runner,
// grid, grid rows and CSS grid. Schema v2's rows and tabs layouts are Grafana app code
// (public/app/features/dashboard-scene/scene/layout-rows/RowsLayoutManager.tsx and
// layout-tabs/TabsLayoutManager.tsx); the two small scene objects below keep what matters to a
// renderer from them: a collapsed row and a tab not chosen draw nothing, so their panels are never
// activated and never query. They draw no signal of their own.
import React from 'react';
import {
  SceneCSSGridItem,
  SceneCSSGridLayout,
  SceneGridItem,
  SceneGridLayout,
  SceneGridRow,
  type SceneComponentProps,
  type SceneObject,
  SceneObjectBase,
  type SceneObjectState,
  SceneQueryRunner,
  VizPanel,
} from '@grafana/scenes';

import { LOADING_PLUGIN_ID, LibraryPanelBehavior } from './library';
import { type GridEntry, keyOf, type Layout, type SavedPanel } from './model';
import { pluginFor } from './panels';
import { localValue } from './variables';

/** A panel's data provider as Grafana's scene builder makes it
 * (public/app/features/dashboard-scene/utils/createPanelDataProvider.ts): none for a plugin
 * whose meta says `skipDataQuery`; otherwise a query runner over the panel's targets — and a
 * saved panel without targets still has one, `{ refId: 'A' }`, the default `PanelModel` gives it
 * (public/app/features/dashboard/state/PanelModel.ts), run against the default data source. */
function dataFor(p: SavedPanel) {
  if (pluginFor(p.type ?? '').meta.skipDataQuery) return undefined;
  const targets = p.targets?.length ? p.targets : [{ refId: 'A' }];
  return new SceneQueryRunner({
    // "If panel.datasource is not defined, we use the first datasource from the targets".
    datasource: p.datasource ?? (targets.find((t) => t.datasource)?.datasource as any) ?? undefined,
    queries: targets.map((t) => ({ refId: 'A', panelId: p.id, ...t })),
    // As Grafana sets it: the points follow the panel's width, so no query runs before the
    // panel has been measured — nor, on a lazy grid, while it is out of view.
    maxDataPoints: p.maxDataPoints,
    maxDataPointsFromWidth: true,
    dataLayerFilter: { panelId: p.id },
  });
}

function panelState(p: SavedPanel) {
  return { pluginId: p.type ?? 'timeseries', title: p.title ?? '', options: p.options ?? {}, $data: dataFor(p) };
}

function panelVariables(p: SavedPanel) {
  return p.repeatVar ? { $variables: localValue(p.repeatVar.name, p.repeatVar.value) } : {};
}

/** A library panel (schema v1 `libraryPanel` without its own `type`; schema v2 `LibraryPanel`)
 * starts as Grafana's loading placeholder (transformSaveModelToScene.ts `buildGridItemForPanel`). */
export function vizPanel(p: SavedPanel) {
  if (p.libraryPanel && !p.type) {
    return new VizPanel({
      key: keyOf(p),
      ...panelVariables(p),
      pluginId: LOADING_PLUGIN_ID,
      title: p.title ?? '',
      $behaviors: [
        new LibraryPanelBehavior({ uid: p.libraryPanel.uid, name: p.libraryPanel.name }, (model) => panelState({ ...model, id: p.id })),
      ],
    });
  }
  return new VizPanel({ key: keyOf(p), ...panelVariables(p), ...panelState(p) });
}

function gridItem(p: SavedPanel) {
  return new SceneGridItem({
    key: `grid-item-${keyOf(p)}`,
    x: p.gridPos?.x ?? 0,
    y: p.gridPos?.y ?? 0,
    width: p.gridPos?.w ?? 12,
    height: p.gridPos?.h ?? 8,
    body: vizPanel(p),
  });
}

/** A row as transformSaveModelToScene.ts `createRowFromPanelModel` makes it: a SceneGridRow
 * whose children the grid draws (and activates) only while it is expanded. */
function gridEntry(e: GridEntry) {
  if (e.kind === 'panel') return gridItem(e.panel);
  return new SceneGridRow({
    key: `panel-${e.row.id ?? `row-${e.row.gridPos?.y ?? 0}`}`,
    title: e.row.title ?? '',
    y: e.row.gridPos?.y ?? 0,
    isCollapsible: true,
    isCollapsed: e.collapsed,
    children: e.children.map(gridItem),
  });
}

class RowItem extends SceneObjectBase<SceneObjectState & { title: string; collapsed: boolean; body: SceneObject }> {
  static Component = ({ model }: SceneComponentProps<RowItem>) => {
    const { title, collapsed, body } = model.useState();
    return (
      <div data-testid="dashboard-row" className={collapsed ? 'dashboard-row dashboard-row--collapsed' : 'dashboard-row'}>
        <button type="button" style={{ font: 'inherit', color: 'inherit', background: 'none', border: 0, padding: '8px 0' }} onClick={() => model.setState({ collapsed: !collapsed })}>
          {collapsed ? '▸' : '▾'} {title}
        </button>
        {collapsed ? null : <body.Component model={body} />}
      </div>
    );
  };
}

class RowsLayout extends SceneObjectBase<SceneObjectState & { rows: RowItem[] }> {
  static Component = ({ model }: SceneComponentProps<RowsLayout>) => {
    const { rows } = model.useState();
    return (
      <div>
        {rows.map((r) => (
          <r.Component key={r.state.key} model={r} />
        ))}
      </div>
    );
  };
}

class TabItem extends SceneObjectBase<SceneObjectState & { title: string; body: SceneObject }> {}

class TabsLayout extends SceneObjectBase<SceneObjectState & { tabs: TabItem[]; current: number }> {
  static Component = ({ model }: SceneComponentProps<TabsLayout>) => {
    const { tabs, current } = model.useState();
    const shown = tabs[current]?.state.body;
    return (
      <div>
        <div role="tablist" style={{ display: 'flex', gap: 16, padding: '4px 0 8px' }}>
          {tabs.map((t, i) => (
            <button key={t.state.key} role="tab" type="button" aria-selected={i === current} style={{ font: 'inherit', color: 'inherit', background: 'none', border: 0, borderBottom: i === current ? '2px solid #f55f3e' : '2px solid transparent' }} onClick={() => model.setState({ current: i })}>
              {t.state.title}
            </button>
          ))}
        </div>
        {shown ? <shown.Component model={shown} /> : null}
      </div>
    );
  };
}

/** The dashboard page's body. A v1 grid is Grafana's `DefaultGridLayoutManager`, a
 * `SceneGridLayout`, lazy as Grafana makes it: a panel below the fold is not even activated —
 * no query — until it is scrolled into view. v2's auto grid is a lazy `SceneCSSGridLayout`
 * (layout-auto-grid/AutoGridLayoutManager.ts). */
export function dashboardLayout(layout: Layout): SceneObject {
  switch (layout.kind) {
    case 'grid':
      return new SceneGridLayout({ isLazy: true, isDraggable: false, isResizable: false, children: layout.items.map(gridEntry) });
    case 'auto':
      return new SceneCSSGridLayout({
        templateColumns: 'repeat(auto-fit, minmax(400px, 1fr))',
        autoRows: '320px',
        rowGap: 1,
        columnGap: 1,
        isLazy: true,
        children: layout.panels.map((p) => new SceneCSSGridItem({ body: vizPanel(p) })),
      });
    case 'rows':
      return new RowsLayout({
        rows: layout.rows.map((r) => new RowItem({ title: r.title, collapsed: r.collapsed, body: dashboardLayout(r.layout) })),
      });
    case 'tabs':
      return new TabsLayout({
        current: 0,
        tabs: layout.tabs.map((t) => new TabItem({ title: t.title, body: dashboardLayout(t.layout) })),
      });
  }
}
