// The demo Grafana's Scenes pages, built from Grafana's published libraries: the page's
// panels are @grafana/scenes `VizPanel`s fed by `SceneQueryRunner`s under a
// `SceneQueryController` — the code that moves `window.__grafanaRunningQueryCount` in Grafana.
// What this file does is what Grafana's dashboard-scene code does with them (its own code is not
// published): build the scene from the dashboard's JSON and render it.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { config, getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { GlobalStyles, Modal, ThemeContext } from '@grafana/ui';
import {
  EmbeddedScene,
  SceneDataLayerSet,
  type SceneObject,
  SceneRefreshPicker,
  SceneTimeRange,
  behaviors,
  dataLayers,
  sceneGraph,
  syncStateFromSearchParams,
} from '@grafana/scenes';

import type { Boot } from './boot';
import { dashboardLayout } from './layout';
import { type Dash, expandRepeats, fromV1, fromV2, keyOf } from './model';
import { installPanelPlugins } from './panels';
import { installRuntime } from './runtime';
import { repeatValues, variableSet } from './variables';

const boot: Boot = (window as any).__demoBoot;
const params = new URLSearchParams(location.search);

// A heavy bundle on a slow machine: the page runs no other script (and answers no probe) until
// this long task ends.
if (boot.scriptBusyMs && boot.scriptBusyMs > 0) {
  const until = performance.now() + boot.scriptBusyMs;
  while (performance.now() < until) {
    // busy
  }
}
// A page whose query counter reads 0 before any query (the getter proposed in grafana PR
// #117508). Scenes itself leaves it undefined until its first query.
if (boot.counterZeroAtStart) (window as any).__grafanaRunningQueryCount = 0;

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

function notFound(text: string) {
  const root = document.getElementById('reactRoot')!;
  const div = document.createElement('div');
  div.className = 'panel-not-found';
  div.textContent = text;
  root.appendChild(div);
}

/** What Grafana's DashboardScene runs for every dashboard, solo pages included. */
function sceneFor(dash: Dash, body: SceneObject) {
  const zone = params.get('timezone') ?? params.get('tz') ?? dash.timezone ?? 'browser';
  const refresh = params.get('refresh') ?? dash.refresh ?? '';
  return new EmbeddedScene({
    // The saved range; a `from`/`to` in the URL (epoch ms, ISO or relative) is applied by
    // Scenes' URL sync below, which parses them as Grafana does.
    $timeRange: new SceneTimeRange({
      from: dash.time?.from ?? 'now-6h',
      to: dash.time?.to ?? 'now',
      timeZone: zone === '' ? 'browser' : zone,
    }),
    $variables: variableSet(dash.variables),
    $behaviors: [
      new behaviors.SceneQueryController(),
      // Auto-refresh as the dashboard (or a `refresh=` in the URL) asks: Scenes' own refresh
      // picker re-runs every active query on its timer (DashboardControls holds it in Grafana).
      ...(refresh ? [new SceneRefreshPicker({ refresh, withText: false })] : []),
    ],
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
    body,
  });
}

async function start() {
  installRuntime(boot);
  installPanelPlugins();
  // A schema-v2 dashboard is read from its resource (the demo says where), v1 from the classic API;
  // through backendSrv as Grafana's dashboard loader does (`getDashboardAPI().getDashboardDTO`),
  // so a session due for rotation is rotated here too.
  const url = boot.v2Path ?? `/api/dashboards/uid/${encodeURIComponent(boot.uid)}`;
  let body: any;
  try {
    body = (await lastValueFrom(getBackendSrv().fetch<any>({ url }))).data;
  } catch {
    notFound('Dashboard not found');
    return;
  }
  const saved = boot.v2Path ? fromV2(body) : fromV1(body.dashboard);
  const dash = expandRepeats(saved, (name) => repeatValues(saved.variables, name, params));
  let solo: SceneObject | undefined;
  // The whole dashboard is built on a solo page too: Grafana's solo page loads the
  // DashboardScene and draws the one panel it finds in it (SoloPanelPage, `findVizPanelByKey`),
  // whatever row or tab holds it, so a `-- Dashboard --` query still finds its source panel.
  const scene = sceneFor(dash, dashboardLayout(dash.layout));
  if (boot.page === 'solo') {
    const asked = params.get('panelId') ?? params.get('viewPanel') ?? '';
    const key = /^\d+$/.test(asked) ? `panel-${asked}` : asked;
    solo = dash.panels.some((p) => keyOf(p) === key) ? sceneGraph.findByKey(scene, key) : undefined;
    if (!solo) {
      // Grafana's solo page: "Panel with id … not found" (SoloPanelPage).
      notFound(`Panel with id ${asked} not found`);
      return;
    }
  }
  // The URL's `var-…` values and time range win over the saved ones (Scenes' URL sync).
  syncStateFromSearchParams(scene, params);
  if (boot.firstQueryDelayMs) {
    // The page is up but the dashboard starts late (a slow plugin, a big bundle): the case a
    // renderer's grace period exists for.
    const wait = document.createElement('div');
    wait.className = 'boot-wait';
    wait.textContent = 'Loading dashboard…';
    document.getElementById('reactRoot')!.appendChild(wait);
    await new Promise((r) => setTimeout(r, boot.firstQueryDelayMs));
    wait.remove();
  }
  // DashboardScene publishes itself here when it activates; the image renderer and Panelshot
  // read it as "this is a Scenes page".
  (window as any).__grafanaSceneContext = scene;
  if (solo) scene.activate();
  const root = createRoot(document.getElementById('reactRoot')!);
  root.render(
    <ThemeContext.Provider value={config.theme2}>
      {/* Grafana's app root draws these: body colours, fonts, the theme's background. */}
      <GlobalStyles />
      {solo ? (
        <div className="panel-solo-root" style={{ width: '100vw', height: '100vh', position: 'relative' }}>
          <solo.Component model={solo} />
          {/* Grafana 12+'s solo page badge, unless `hideLogo=true` (SoloPanelPage, SoloPanelPageLogo). */}
          {params.get('hideLogo') === 'true' ? null : (
            <div className="powered-by" style={{ position: 'absolute', right: 8, bottom: 4, fontSize: 10, opacity: 0.6, pointerEvents: 'none' }}>
              Powered by Grafana
            </div>
          )}
        </div>
      ) : (
        <div className="dashboard-root" style={{ width: '100%', padding: 8, boxSizing: 'border-box' }}>
          {/* Grafana's app chrome (top bar with the dashboard's title); `kiosk` hides it. */}
          {params.has('kiosk') ? null : (
            <header className="navbar" style={{ padding: '4px 0 12px', fontSize: 16 }}>
              {dash.title}
            </header>
          )}
          <scene.Component model={scene} />
        </div>
      )}
      {boot.overlay ? <Overlay kind={boot.overlay} /> : null}
    </ThemeContext.Provider>,
  );
}

start().catch((e) => notFound(String(e?.message ?? e)));
