// The demo Grafana's Scenes pages, built from Grafana's published libraries: the page's
// panels are @grafana/scenes `VizPanel`s fed by `SceneQueryRunner`s under a
// `SceneQueryController` — the code that moves `window.__grafanaRunningQueryCount` in Grafana.
// What this file does is what Grafana's dashboard-scene code does with them (its own code is not
// published): build the scene from the dashboard's JSON and render it.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { config } from '@grafana/runtime';
import { GlobalStyles, Modal, ThemeContext } from '@grafana/ui';
import {
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneGridItem,
  SceneGridLayout,
  SceneDataLayerSet,
  SceneQueryRunner,
  SceneTimeRange,
  VizPanel,
  behaviors,
  dataLayers,
} from '@grafana/scenes';

import type { Boot } from './boot';
import { installPanelPlugins, pluginFor } from './panels';
import { installRuntime } from './runtime';

type SavedPanel = {
  id?: number;
  gridPos?: { x?: number; y?: number; w?: number; h?: number };
  type?: string;
  title?: string;
  datasource?: { uid?: string; type?: string } | null;
  targets?: Array<Record<string, unknown>>;
  panels?: SavedPanel[];
  options?: Record<string, unknown>;
  collapsed?: boolean;
};

const boot: Boot = (window as any).__demoBoot;
const params = new URLSearchParams(location.search);

/** Grafana gives every panel an id of its own before drawing (DashboardModel's
 * `ensurePanelsHaveUniqueIds`, see demo-app.js). */
function flatPanels(list: SavedPanel[]): SavedPanel[] {
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
  return all.filter((p) => p.type !== 'row');
}

/** A panel's data provider as Grafana's scene builder makes it
 * (public/app/features/dashboard-scene/serialization/transformSaveModelToScene.ts,
 * `createPanelDataProvider`): none for a plugin whose meta says `skipDataQuery`; otherwise a
 * query runner over the panel's targets — and a saved panel without targets still has one,
 * `{ refId: 'A' }`, the default `PanelModel` gives it (public/app/features/dashboard/state/
 * PanelModel.ts), run against the default data source. */
function dataFor(p: SavedPanel) {
  if (pluginFor(p.type ?? '').meta.skipDataQuery) return undefined;
  const targets = p.targets?.length ? p.targets : [{ refId: 'A' }];
  return new SceneQueryRunner({
    datasource: p.datasource ?? undefined,
    queries: targets.map((t) => ({ refId: 'A', panelId: p.id, ...t })),
    maxDataPoints: 500,
  });
}

function vizPanel(p: SavedPanel) {
  return new VizPanel({
    key: `panel-${p.id}`,
    pluginId: p.type ?? 'timeseries',
    title: p.title ?? '',
    options: p.options ?? {},
    $data: dataFor(p),
  });
}

/** What a page can show in front of its panels. `splash`: Grafana 13.0.0–13.0.5 open a "What's
 * new in Grafana" modal for every session that never dismissed it (feature toggle
 * `splashScreen`, grafana issue 127215) — @grafana/ui's own `Modal`, which Escape closes.
 * `banner`: a fixed overlay nothing closes (a proxy's or a plugin's notice). */
function Overlay({ kind }: { kind: 'splash' | 'banner' }) {
  const [open, setOpen] = React.useState(true);
  if (kind === 'splash') {
    return (
      <Modal title="What's new in Grafana" isOpen={open} onDismiss={() => setOpen(false)}>
        <p>Dashboards, reimagined: tabs, auto grid and more.</p>
      </Modal>
    );
  }
  return (
    <div
      data-testid="demo-banner"
      style={{ position: 'fixed', left: '10%', top: '20%', width: '80%', height: '60%', zIndex: 2000, background: '#f2495c', color: '#fff', padding: 16 }}
    >
      Scheduled maintenance tonight
    </div>
  );
}

/** The solo page: the one panel filling the page. */
function soloLayout(shown: SavedPanel[]) {
  return new SceneFlexLayout({
    direction: 'column',
    children: shown.map((p) => new SceneFlexItem({ body: vizPanel(p) })),
  });
}

/** The dashboard page: Grafana's grid (DashboardScene's `DefaultGridLayoutManager` is a
 * `SceneGridLayout`), lazy as Grafana makes it unless the dashboard says `preload`: a panel
 * below the fold is not even activated — no query — until it is scrolled into view. */
function gridLayout(shown: SavedPanel[]) {
  return new SceneGridLayout({
    isLazy: true,
    isDraggable: false,
    isResizable: false,
    children: shown.map(
      (p) =>
        new SceneGridItem({
          key: `grid-item-${p.id}`,
          x: p.gridPos?.x ?? 0,
          y: p.gridPos?.y ?? 0,
          width: p.gridPos?.w ?? 12,
          height: p.gridPos?.h ?? 8,
          body: vizPanel(p),
        }),
    ),
  });
}

function notFound(text: string) {
  const root = document.getElementById('reactRoot')!;
  const div = document.createElement('div');
  div.className = 'panel-not-found';
  div.textContent = text;
  root.appendChild(div);
}

async function start() {
  installRuntime(boot);
  installPanelPlugins();
  const res = await fetch(`/api/dashboards/uid/${encodeURIComponent(boot.uid)}`, { credentials: 'same-origin' });
  if (!res.ok) {
    notFound('Dashboard not found');
    return;
  }
  const body = await res.json();
  const dash = body.dashboard;
  const panels = flatPanels(dash.panels ?? []);
  let shown = panels;
  if (boot.page === 'solo') {
    const asked = params.get('panelId') ?? params.get('viewPanel') ?? '';
    const key = /^\d+$/.test(asked) ? `panel-${asked}` : asked;
    shown = panels.filter((p) => `panel-${p.id}` === key);
    if (shown.length === 0) {
      // Grafana's solo page: "Panel with id … not found" (SoloPanelPage).
      notFound(`Panel with id ${asked} not found`);
      return;
    }
  }
  const zone = params.get('timezone') ?? params.get('tz') ?? dash.timezone ?? 'browser';
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({
      from: params.get('from') ?? dash.time?.from ?? 'now-6h',
      to: params.get('to') ?? dash.time?.to ?? 'now',
      timeZone: zone === '' ? 'browser' : zone,
    }),
    $behaviors: [new behaviors.SceneQueryController()],
    // Every dashboard's built-in "Annotations & Alerts" query (DashboardModel's
    // `addBuiltInAnnotationQuery`; DashboardScene runs it as a data layer, on solo pages too):
    // counted by the query controller like a panel's query, and done long before a late one.
    $data: new SceneDataLayerSet({
      layers: [
        new dataLayers.AnnotationsDataLayer({
          name: 'Annotations & Alerts',
          query: {
            datasource: { type: 'grafana', uid: '-- Grafana --' },
            enable: true,
            iconColor: 'rgba(0, 211, 255, 1)',
            name: 'Annotations & Alerts',
            builtIn: 1,
            type: 'dashboard',
          } as any,
        }),
      ],
    }),
    body: boot.page === 'solo' ? soloLayout(shown) : gridLayout(shown),
  });
  // DashboardScene publishes itself here when it activates; the image renderer and Panelshot
  // read it as "this is a Scenes page".
  (window as any).__grafanaSceneContext = scene;
  const root = createRoot(document.getElementById('reactRoot')!);
  root.render(
    <ThemeContext.Provider value={config.theme2}>
      {/* Grafana's app root draws these: body colours, fonts, the theme's background. */}
      <GlobalStyles />
      <div
        className={boot.page === 'solo' ? 'panel-solo-root' : 'dashboard-root'}
        style={boot.page === 'solo' ? { width: '100vw', height: '100vh' } : { width: '100%', padding: 8, boxSizing: 'border-box' }}
      >
        <scene.Component model={scene} />
      </div>
      {boot.overlay ? <Overlay kind={boot.overlay} /> : null}
    </ThemeContext.Provider>,
  );
}

start().catch((e) => notFound(String(e?.message ?? e)));
