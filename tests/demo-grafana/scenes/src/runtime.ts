// The Grafana core services @grafana/runtime and @grafana/scenes call into. Grafana's app sets
// them at boot from its own (unpublished) code; these are models of that code, each kept to
// what the libraries call. None of them touches a readiness signal: the query counter, the
// panel chrome, its loading bar and the data requests all come from the published libraries.
import { Observable, defer, from, merge, of, timer } from 'rxjs';
import { catchError, debounceTime, finalize, map, share, takeUntil } from 'rxjs/operators';
import {
  arrayToDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  dateTime,
  LoadingState,
  type PanelData,
  VariableSupportType,
} from '@grafana/data';
import { sceneGraph, VizPanel } from '@grafana/scenes';
import {
  DataSourceWithBackend,
  setBackendSrv,
  setDataSourceSrv,
  setRunRequest,
  setTemplateSrv,
  toDataQueryError,
} from '@grafana/runtime';

import { type Boot, GRAFANA_LABS_PLUGIN_INFO } from './boot';

/** Each new frame appended to the frame of its refId, field by field (Loki's
 * `combineResponses` does the same with the parts of a split query). */
function mergeByRefId(into: any[], frames: any[]) {
  for (const f of frames) {
    const k = into.findIndex((g) => g.refId === f.refId && g.fields.length === f.fields.length);
    if (k < 0) {
      into.push(f);
      continue;
    }
    const g = into[k];
    into[k] = {
      ...g,
      length: g.length + f.length,
      fields: g.fields.map((field: any, n: number) => ({
        ...field,
        values: [...Array.from(field.values), ...Array.from(f.fields[n].values as ArrayLike<unknown>)],
      })),
    };
  }
}

/** The demo's data source: a backend data source, so its queries are `POST /api/ds/query`
 * built by @grafana/runtime's own `DataSourceWithBackend` (`ds_type`, `requestId=SQR…`).
 * A target with `splitParts: n` is run as Loki runs a long range (grafana
 * public/app/plugins/datasource/loki/querySplitting.ts, `runSplitQuery`): the range cut into n
 * parts queried one after another, each answer merged into what the panel shows with state
 * Streaming, and Done only after the last part. Merging a large answer takes time: `splitGapMs`
 * between the parts. */
class DemoDataSource extends DataSourceWithBackend {
  constructor(settings: DataSourceInstanceSettings) {
    super(settings);
    // A data source with "standard" variable support (@grafana/data `StandardVariableSupport`):
    // Scenes' QueryVariable runs the variable's query through runRequest like a panel query,
    // with a UUID `requestId`, and counts it with the query controller.
    this.variables = {
      getType: () => VariableSupportType.Standard,
      toDataQuery: (query: any) => ({ ...(typeof query === 'object' ? query : { query }), refId: 'variable-query' }),
    } as any;
  }

  query(request: DataQueryRequest<any>): Observable<DataQueryResponse> {
    rerunOnce(request);
    if (request.targets.some((t) => (t as any).scenarioId === 'streaming')) return streamFrom(this, request);
    const split = request.targets.find((t) => (t as any).splitParts > 1) as any;
    if (!split) return super.query(request);
    const parts: number = split.splitParts;
    const gap: number = split.splitGapMs ?? 0;
    const from = request.range.from.valueOf();
    const to = request.range.to.valueOf();
    const step = (to - from) / parts;
    return new Observable<DataQueryResponse>((sub) => {
      let cancelled = false;
      let inner: { unsubscribe(): void } | undefined;
      const frames: any[] = [];
      const run = (i: number) => {
        if (cancelled) return;
        const range = { ...request.range, from: dateTime(from + i * step), to: dateTime(from + (i + 1) * step) };
        inner = super
          .query({ ...request, range, requestId: `${request.requestId}_${i}` })
          .subscribe({
            next: (r) => {
              mergeByRefId(frames, r.data ?? []);
              const last = i === parts - 1;
              sub.next({ ...r, data: [...frames], state: last ? LoadingState.Done : LoadingState.Streaming });
              if (last) sub.complete();
              else setTimeout(() => run(i + 1), gap);
            },
            error: (e) => sub.error(e),
          });
      };
      run(0);
      return () => {
        cancelled = true;
        inner?.unsubscribe();
      };
    });
  }
}

const rerun = new Set<unknown>();

/** A target with `cancelOnceAfterMs`: that long into its first run, the panel's query runner
 * runs its queries again — what a variable change or a resize of the panel does in Grafana
 * (SceneQueryRunner `runQueries`: the request in flight is unsubscribed, which aborts it and
 * takes it off the query counter, and a new one starts). */
function rerunOnce(request: DataQueryRequest<any>) {
  const t = request.targets.find((x) => (x as any).cancelOnceAfterMs) as any;
  if (!t || rerun.has(t.panelId)) return;
  rerun.add(t.panelId);
  setTimeout(() => {
    const scene = (window as any).__grafanaSceneContext;
    const panel = scene ? sceneGraph.findByKey(scene, `panel-${t.panelId}`) : undefined;
    const runner = panel instanceof VizPanel ? (panel.state.$data as any) : undefined;
    runner?.runQueries?.();
  }, t.cancelOnceAfterMs);
}

/** TestData's client-side stream (grafana public/app/plugins/datasource/grafana-testdata-datasource/
 * runStreams.ts, `runSignalStream`): the first values come from a query, then a new point
 * every second with state Streaming, for as long as the panel is open. The panel never reaches
 * Done; the query controller counts the query complete at its first packet. */
function streamFrom(ds: DemoDataSource, request: DataQueryRequest<any>): Observable<DataQueryResponse> {
  const first = { ...request, targets: request.targets.map((t) => ({ ...t, scenarioId: 'random_walk' })) };
  return new Observable<DataQueryResponse>((sub) => {
    let tick: ReturnType<typeof setInterval> | undefined;
    const q = DataSourceWithBackend.prototype.query.call(ds, first).subscribe({
      next: (r: DataQueryResponse) => {
        const frames = [...(r.data ?? [])];
        sub.next({ ...r, data: frames, state: LoadingState.Streaming, key: 'stream' });
        tick = setInterval(() => {
          mergeByRefId(frames, frames.map((f: any) => ({ ...f, length: 1, fields: f.fields.map((fl: any) => ({ ...fl, values: [fl.type === 'time' ? Date.now() : Array.from(fl.values as ArrayLike<number>).at(-1)] })) })));
          sub.next({ data: [...frames], state: LoadingState.Streaming, key: 'stream' });
        }, 1000);
      },
      error: (e) => sub.error(e),
    });
    return () => {
      q.unsubscribe();
      if (tick) clearInterval(tick);
    };
  });
}

const TESTDATA: DataSourceInstanceSettings = {
  id: 1,
  uid: 'demo-testdata',
  type: 'grafana-testdata-datasource',
  name: 'TestData',
  meta: {
    id: 'grafana-testdata-datasource',
    name: 'TestData',
    type: 'datasource',
    module: 'core:plugin/grafana-testdata-datasource',
    baseUrl: 'public/plugins/grafana-testdata-datasource',
    backend: true,
    info: GRAFANA_LABS_PLUGIN_INFO,
  },
  readOnly: true,
  jsonData: {},
  access: 'proxy',
} as DataSourceInstanceSettings;

/** Grafana's built-in `-- Grafana --` data source, which runs every dashboard's built-in
 * "Annotations & Alerts" query. */
const GRAFANA: DataSourceInstanceSettings = {
  ...TESTDATA,
  id: -1,
  uid: '-- Grafana --',
  type: 'grafana',
  name: '-- Grafana --',
  meta: { ...TESTDATA.meta, id: 'grafana', name: '-- Grafana --', module: 'core:plugin/grafana', backend: false },
} as DataSourceInstanceSettings;

/** The saved dashboards name a Prometheus too; the demo's one backend answers for it. */
const PROMETHEUS: DataSourceInstanceSettings = {
  ...TESTDATA,
  id: 2,
  uid: 'PBFA97CFB590B2093',
  type: 'prometheus',
  name: 'Prometheus',
  meta: { ...TESTDATA.meta, id: 'prometheus', name: 'Prometheus', module: 'core:plugin/prometheus' },
} as DataSourceInstanceSettings;

/** Grafana's built-in `-- Dashboard --` data source (SHARED_DASHBOARD_QUERY). */
const DASHBOARD: DataSourceInstanceSettings = {
  ...GRAFANA,
  id: -2,
  uid: '-- Dashboard --',
  type: 'datasource',
  name: '-- Dashboard --',
  meta: { ...GRAFANA.meta, id: 'dashboard', name: '-- Dashboard --', module: 'core:plugin/dashboard' },
} as DataSourceInstanceSettings;

/** A data source whose plugin module never finishes loading (a bundle stuck on a dead CDN, a
 * plugin that throws at import): Scenes' query runner awaits it for ever and never counts a
 * query. */
const NEVER_LOADS: DataSourceInstanceSettings = { ...TESTDATA, id: 3, uid: 'never-loads', name: 'Never loads' } as DataSourceInstanceSettings;

function settingsFor(ref: unknown): DataSourceInstanceSettings | undefined {
  if (ref == null || ref === 'default') return TESTDATA;
  const uid = typeof ref === 'string' ? ref : (ref as { uid?: string }).uid;
  const type = typeof ref === 'string' ? undefined : (ref as { type?: string }).type;
  if (uid === DASHBOARD.uid) return DASHBOARD;
  if (uid === NEVER_LOADS.uid) return NEVER_LOADS;
  if (uid === PROMETHEUS.uid || uid === PROMETHEUS.name || (uid === undefined && type === PROMETHEUS.type)) return PROMETHEUS;
  if (uid === GRAFANA.uid || type === GRAFANA.type) return GRAFANA;
  if (uid === undefined || uid === TESTDATA.uid || uid === TESTDATA.name || type === TESTDATA.type) return TESTDATA;
  return undefined;
}

/** The `-- Grafana --` data source's annotations (grafana public/app/plugins/datasource/grafana/
 * datasource.ts): the built-in query becomes a request to `/api/annotations` for the dashboard
 * and range, its events the layer's frame. */
class GrafanaDataSource extends DataSourceApi {
  annotations = {
    prepareAnnotation: (json: any) => ({ ...json, target: json.target ?? { type: 'dashboard', limit: 100 } }),
    prepareQuery: (anno: any) => ({ ...anno.target, refId: anno.name }),
  };

  query(request: DataQueryRequest<any>): Observable<DataQueryResponse> {
    const params = new URLSearchParams({
      from: String(request.range.from.valueOf()),
      to: String(request.range.to.valueOf()),
      limit: '100',
      type: 'annotation',
      dashboardUID: (window as any).__demoBoot?.uid ?? '',
    });
    return backendSrv()
      .fetch({ url: `/api/annotations?${params}` })
      .pipe(
        map((r: any) => ({
          data: [
            arrayToDataFrame(
              (Array.isArray(r.data) ? r.data : []).map((e: any) => ({ time: e.time, timeEnd: e.timeEnd, text: e.text, tags: e.tags })),
            ),
          ],
        })),
      );
  }

  async testDatasource() {
    return { status: 'success', message: '' };
  }
}

/** Grafana's `-- Dashboard --` data source (public/app/plugins/datasource/dashboard/
 * datasource.ts, `DashboardDatasource.query`), step by step: it runs no query of its own but
 * finds the source panel (`findVizPanelByKey`), gives an inactive source a width
 * (`setContainerWidth(500)`) and lets it query out of view (`bypassIsInViewChanged(true)`),
 * activates it (on a solo page the source panel is not drawn) and passes its results on,
 * debounced by 50 ms, for as long as the panel listens. */
class DashboardDataSource extends DataSourceApi {
  query(request: DataQueryRequest<any>): Observable<DataQueryResponse> {
    const panelId = (request.targets[0] as any)?.panelId;
    if (!panelId) return of({ data: [] });
    const scene = (window as any).__grafanaSceneContext;
    const source = scene ? sceneGraph.findByKey(scene, `panel-${panelId}`) : undefined;
    const provider: any = source instanceof VizPanel ? source.state.$data : undefined;
    if (!provider?.getResultsStream) return of({ data: [], error: { message: 'Could not find source panel' } });
    return defer(() => {
      if (!provider.isActive && provider.setContainerWidth) provider.setContainerWidth(500);
      provider.bypassIsInViewChanged?.(true);
      const cleanUp = provider.isActive ? undefined : provider.activate();
      return provider.getResultsStream().pipe(
        debounceTime(50),
        map((result: any) => ({
          data: result.data.series,
          state: result.data.state,
          errors: result.data.errors,
          error: result.data.error,
          key: 'source-ds-provider',
        })),
        finalize(() => {
          provider.bypassIsInViewChanged?.(false);
          cleanUp?.();
        }),
      );
    });
  }

  async testDatasource() {
    return { status: 'success', message: '' };
  }
}

/** A reference naming a variable (`${datasource}`) as Grafana's DatasourceSrv resolves it:
 * through the template service, i.e. the scene's variables. */
function interpolated(ref: unknown, scopedVars?: any): unknown {
  const uid = typeof ref === 'string' ? ref : (ref as { uid?: string } | null | undefined)?.uid;
  if (!uid || !uid.includes('$')) return ref;
  const scene = (window as any).__grafanaSceneContext;
  const value = scene ? sceneGraph.interpolate(scene, uid, scopedVars) : uid;
  return typeof ref === 'string' ? value : { ...(ref as object), uid: value };
}

/** Grafana's `DatasourceSrv.get` (public/app/features/plugins/datasource_srv.ts): the first
 * call for a data source imports its plugin module (`importDataSourcePlugin`, a script load),
 * and only then is there an instance. `dsDelayMs` is how long that import takes: on a real
 * server a plugin bundle of a few MB, on a slow link seconds. Scenes' query runner awaits it
 * before it counts its query (the wait the issue calls invisible to the counter). */
function dataSourceSrv(boot: Boot) {
  const instances = new Map<string, Promise<DataSourceApi>>();
  return {
    get: (ref?: unknown, scopedVars?: any) => {
      const s = settingsFor(interpolated(ref, scopedVars));
      if (!s) return Promise.reject(new Error(`Datasource ${JSON.stringify(ref)} was not found`));
      if (!instances.has(s.uid)) {
        // The built-in data source is part of Grafana's app: no module to load.
        const made =
          s.uid === GRAFANA.uid
            ? Promise.resolve(new GrafanaDataSource(s) as DataSourceApi)
            : s.uid === DASHBOARD.uid
              ? Promise.resolve(new DashboardDataSource(s) as DataSourceApi)
              : s.uid === NEVER_LOADS.uid
                ? new Promise<DataSourceApi>(() => {})
                : new Promise<DataSourceApi>((resolve) => setTimeout(() => resolve(new DemoDataSource(s)), boot.dsDelayMs ?? 0));
        instances.set(s.uid, made);
      }
      return instances.get(s.uid)!;
    },
    getInstanceSettings: (ref?: unknown, scopedVars?: any) => settingsFor(interpolated(ref, scopedVars)),
    getList: (filters?: { pluginId?: string }) =>
      [TESTDATA, PROMETHEUS, GRAFANA].filter((d) => !filters?.pluginId || d.type === filters.pluginId),
    reload: async () => {},
    registerRuntimeDataSource: () => {},
  };
}

type FetchRequest = { url: string; method?: string; data?: unknown; headers?: Record<string, string>; retry?: number };

/** `backendSrv.fetch` (public/app/core/services/backend_srv.ts): the request starts when the
 * observable is subscribed and is aborted when it is unsubscribed (Grafana cancels a
 * superseded query's request the same way). Errors carry `status` and `data` as Grafana's do.
 * A 401 from Grafana's own origin on a first attempt (`handleStreamError`; every demo page is
 * signed in) rotates the session — `rotateToken`: one `POST /api/user/auth-tokens/rotate`
 * shared by every request that meets the 401 at once, `retry: 1` — and the request is made
 * again; when the rotation itself is refused the error stands (Grafana then logs out). */
function backendSrv() {
  let rotation: Promise<boolean> | null = null;
  const rotateToken = () => {
    rotation ??= window
      .fetch('/api/user/auth-tokens/rotate', { method: 'POST', credentials: 'same-origin' })
      .then((r) => r.ok)
      .catch(() => false)
      .finally(() => {
        rotation = null;
      });
    return rotation;
  };
  const isLocal = (url: string) => !/^https?:/.test(url) || url.startsWith(window.location.origin);
  const fetchObservable = (req: FetchRequest): Observable<any> =>
    new Observable((sub) => {
      let inner: { unsubscribe(): void } | null = null;
      let closed = false;
      const once = attempt(req).subscribe({
        next: (v) => sub.next(v),
        complete: () => sub.complete(),
        error: (err) => {
          if (err.status === 401 && isLocal(req.url) && !req.retry) {
            rotateToken().then((ok) => {
              if (closed) return;
              if (!ok) return sub.error(err);
              inner = attempt({ ...req, retry: 1 }).subscribe(sub);
            });
            return;
          }
          sub.error(err);
        },
      });
      return () => {
        closed = true;
        once.unsubscribe();
        inner?.unsubscribe();
      };
    });
  const attempt = (req: FetchRequest) =>
    new Observable((sub) => {
      const abort = new AbortController();
      window
        .fetch(req.url, {
          method: req.method ?? 'GET',
          body: req.data === undefined ? undefined : JSON.stringify(req.data),
          headers: { 'content-type': 'application/json', ...(req.headers ?? {}) },
          credentials: 'same-origin',
          signal: abort.signal,
        })
        .then(async (r) => {
          const text = await r.text();
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // not JSON: keep the text, as Grafana does
          }
          if (!r.ok) {
            sub.error({ status: r.status, statusText: r.statusText, data, config: req });
            return;
          }
          sub.next({ data, status: r.status, statusText: r.statusText, ok: true, headers: r.headers, url: req.url, type: 'basic', redirected: false, config: req });
          sub.complete();
        })
        .catch((e) => sub.error({ status: 0, statusText: String(e), data: {}, config: req, cancelled: abort.signal.aborted }));
      return () => abort.abort();
    });
  return {
    fetch: fetchObservable,
    get: (url: string) => fetchObservable({ url }).toPromise().then((r: any) => r.data),
  };
}

/** Grafana's `runRequest` (public/app/features/query/state/runRequest.ts): the data source's
 * packets become `PanelData`; a request with no targets is Done at once; when nothing arrived
 * after 200 ms a Loading packet is sent (Grafana's own number); a thrown error becomes an Error
 * packet. Scenes' query controller counts the query until the first packet that is not
 * Loading (`registerQueryWithController`), so this decides nothing of its own. */
function runRequest(ds: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  let last: PanelData = { state: LoadingState.Loading, series: [], request, timeRange: request.range };
  if (!request.targets.length) {
    return of({ ...last, state: LoadingState.Done });
  }
  const packets = from(ds.query(request) as Observable<DataQueryResponse>).pipe(
    map((packet: DataQueryResponse) => {
      last = {
        ...last,
        state: packet.state ?? LoadingState.Done,
        series: packet.data ?? [],
        error: packet.error,
        errors: packet.errors,
      };
      return last;
    }),
    catchError((err) => of({ ...last, state: LoadingState.Error, error: toDataQueryError(err) })),
    share(),
  );
  return merge(timer(200).pipe(map(() => last), takeUntil(packets)), packets);
}

/** Grafana's TemplateSrv (public/app/features/templating/template_srv.ts): while a scene is
 * active it hands every `replace` to Scenes (`sceneGraph.interpolate` on
 * `window.__grafanaSceneContext`), which is what resolves `${datasource}` in a data source
 * reference here. */
function templateSrv() {
  const scene = () => (window as any).__grafanaSceneContext;
  return {
    getVariables: () => [],
    replace: (target?: string, scopedVars?: any, format?: any) =>
      target && scene() ? sceneGraph.interpolate(scene(), target, scopedVars, format) : (target ?? ''),
    containsTemplate: (target?: string) => !!target && /\$(\w+|\{\w+)/.test(target),
    updateTimeRange: () => {},
  };
}

export function installRuntime(boot: Boot) {
  setTemplateSrv(templateSrv() as any);
  setDataSourceSrv(dataSourceSrv(boot) as any);
  setBackendSrv(backendSrv() as any);
  setRunRequest(runRequest);
}
