// Panel plugins registered at run time. Grafana's own time series, stat and text panels live in
// its app, not in a published package, so these draw the demo's data their own simple way (the
// first series in Grafana's first palette colour, #73bf69, which the tests look for). The
// panel around them — PanelChrome, its title, loading bar and error corner — is @grafana/ui's.
import React from 'react';
import { type PanelProps, PanelPlugin, type PanelPluginMeta, PluginType } from '@grafana/data';
import { setPluginImportUtils } from '@grafana/runtime';

import { GRAFANA_LABS_PLUGIN_INFO } from './boot';
import { LOADING_PLUGIN_ID } from './library';

const SERIES = ['#73bf69', '#5794f2', '#ff9830', '#b877d9'];

/** The demo's own measuring point, not Grafana's: `make bench` compares when the page drew its
 * data with when Panelshot had the picture (`performance.mark('panelshot:drawn')`, as the
 * imitation pages mark it). It is no readiness signal: Panelshot never reads it to decide. */
function useDrawnMark(drawn: boolean) {
  React.useEffect(() => {
    if (drawn && performance.getEntriesByName('panelshot:drawn').length === 0) {
      performance.mark('panelshot:drawn');
    }
  }, [drawn]);
}

/** The panel's query finished: data, or "No data" from a real answer. (Before any query a
 * VizPanel has Scenes' `emptyPanelData`, which says Done with no request and no series.) */
function answered(props: PanelProps): boolean {
  return props.data.state === 'Done' && (props.data.series.length > 0 || props.data.request != null);
}

function numbers(props: PanelProps): { ts: number[]; vs: number[] } {
  const frame = props.data.series[0];
  const time = frame?.fields.find((f) => f.type === 'time');
  const value = frame?.fields.find((f) => f.type === 'number');
  return { ts: time ? Array.from(time.values as number[]) : [], vs: value ? Array.from(value.values as number[]) : [] };
}

function TimeSeries(props: PanelProps) {
  const { ts, vs } = numbers(props);
  // A live stream never reaches Done: its first data drawn is the page's "drawn".
  const live = props.data.request?.targets.some((t: any) => t.scenarioId === 'streaming');
  useDrawnMark(answered(props) || (live === true && vs.length > 0 && props.data.state === 'Streaming'));
  if (vs.length === 0) return <div className="panel-empty">No data</div>;
  const { width: w, height: h } = props;
  const min = Math.min(...vs);
  const max = Math.max(...vs) === min ? min + 1 : Math.max(...vs);
  // Time along the whole range asked for, as Grafana's time axis: data for part of the range
  // covers only that part of the panel.
  const from = props.timeRange.from.valueOf();
  const span = Math.max(props.timeRange.to.valueOf() - from, 1);
  const x = (i: number) => 4 + Math.min(Math.max((ts[i] - from) / span, 0), 1) * (w - 8);
  const y = (v: number) => 4 + (1 - (v - min) / (max - min)) * (h - 8);
  const points = vs.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg width={w} height={h} data-testid="demo-timeseries" data-state={props.data.state} data-n={vs.length}>
      <polygon points={`${x(0)},${h - 4} ${points} ${x(vs.length - 1)},${h - 4}`} fill={SERIES[0]} fillOpacity={0.25} />
      <polyline points={points} fill="none" stroke={SERIES[0]} strokeWidth={3} />
    </svg>
  );
}

function Stat(props: PanelProps) {
  const { vs } = numbers(props);
  useDrawnMark(answered(props));
  if (vs.length === 0) return <div className="panel-empty">No data</div>;
  return (
    <div data-testid="demo-stat" data-state={props.data.state} data-n={vs.length} style={{ width: props.width, height: props.height, background: SERIES[0], color: '#111', fontSize: Math.min(props.height / 2, 64), display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      {vs[vs.length - 1].toFixed(1)}
    </div>
  );
}

/** The text panel's markdown, kept to what the seeded notes use (bold), and — as on many real
 * dashboards — a picture from another origin (a status badge), which must never be sent the
 * Grafana credentials. */
function Text(props: PanelProps<{ content?: string }>) {
  useDrawnMark(true);
  const second = (window as any).__demoBoot?.secondOrigin as string | undefined;
  const parts = (props.options.content ?? '').split(/\*\*(.+?)\*\*/);
  return (
    <div className="markdown" style={{ padding: 8 }}>
      {parts.map((t, i) => (i % 2 ? <b key={i}>{t}</b> : <React.Fragment key={i}>{t}</React.Fragment>))}
      {second ? (
        <p>
          <img src={`${second}/status-badge.svg`} alt="status badge" className="third-party" />
        </p>
      ) : null}
    </div>
  );
}

function meta(id: string, name: string, skipDataQuery = false): PanelPluginMeta {
  return {
    id,
    name,
    type: PluginType.panel,
    module: `core:plugin/${id}`,
    baseUrl: `public/app/plugins/panel/${id}`,
    sort: 0,
    skipDataQuery,
    info: GRAFANA_LABS_PLUGIN_INFO,
  };
}

function plugin(component: React.ComponentType<PanelProps<any>>, m: PanelPluginMeta): PanelPlugin {
  const p = new PanelPlugin(component);
  p.meta = m;
  return p;
}

/** Each plugin's `plugin.json` `skipDataQuery`, as Grafana's text panel declares it
 * (public/app/plugins/panel/text/plugin.json); the others query. */
export const PLUGINS: Record<string, PanelPlugin> = {
  timeseries: plugin(TimeSeries, meta('timeseries', 'Time series')),
  stat: plugin(Stat, meta('stat', 'Stat')),
  gauge: plugin(Stat, meta('gauge', 'Gauge')),
  table: plugin(Stat, meta('table', 'Table')),
  text: plugin(Text, meta('text', 'Text', true)),
  // Grafana's placeholder while a library panel loads (LibraryPanelBehavior.ts, `LoadingVizPanel`).
  [LOADING_PLUGIN_ID]: plugin(() => <div>Loading library panel</div>, meta(LOADING_PLUGIN_ID, 'Library panel')),
};

export function pluginFor(type: string): PanelPlugin {
  return PLUGINS[type] ?? PLUGINS.timeseries;
}

/** Grafana's plugin importer for panels: VizPanel asks for the plugin by id and draws nothing
 * until it resolves. */
export function installPanelPlugins() {
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => pluginFor(id),
    getPanelPluginFromCache: (id: string) => pluginFor(id),
  });
}
