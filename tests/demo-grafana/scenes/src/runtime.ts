// The Grafana core services @grafana/runtime and @grafana/scenes call into. Grafana's app sets
// them at boot from its own (unpublished) code; these are models of that code, each kept to
// what the libraries call. None of them touches a readiness signal: the query counter, the
// panel chrome, its loading bar and the data requests all come from the published libraries.
import { Observable, from, merge, of, timer } from 'rxjs';
import { catchError, map, share, takeUntil } from 'rxjs/operators';
import {
  arrayToDataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  dateTime,
  LoadingState,
  type PanelData,
} from '@grafana/data';
import {
  DataSourceWithBackend,
  setBackendSrv,
  setDataSourceSrv,
  setRunRequest,
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
  query(request: DataQueryRequest<any>): Observable<DataQueryResponse> {
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

function settingsFor(ref: unknown): DataSourceInstanceSettings | undefined {
  if (ref == null || ref === 'default') return TESTDATA;
  const uid = typeof ref === 'string' ? ref : (ref as { uid?: string }).uid;
  const type = typeof ref === 'string' ? undefined : (ref as { type?: string }).type;
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

/** Grafana's `DatasourceSrv.get` (public/app/features/plugins/datasource_srv.ts): the first
 * call for a data source imports its plugin module (`importDataSourcePlugin`, a script load),
 * and only then is there an instance. `dsDelayMs` is how long that import takes: on a real
 * server a plugin bundle of a few MB, on a slow link seconds. Scenes' query runner awaits it
 * before it counts its query (the wait the issue calls invisible to the counter). */
function dataSourceSrv(boot: Boot) {
  const instances = new Map<string, Promise<DataSourceApi>>();
  return {
    get: (ref?: unknown) => {
      const s = settingsFor(ref);
      if (!s) return Promise.reject(new Error(`Datasource ${JSON.stringify(ref)} was not found`));
      if (!instances.has(s.uid)) {
        // The built-in data source is part of Grafana's app: no module to load.
        const made =
          s.uid === GRAFANA.uid
            ? Promise.resolve(new GrafanaDataSource(s) as DataSourceApi)
            : new Promise<DataSourceApi>((resolve) => setTimeout(() => resolve(new DemoDataSource(s)), boot.dsDelayMs ?? 0));
        instances.set(s.uid, made);
      }
      return instances.get(s.uid)!;
    },
    getInstanceSettings: (ref?: unknown) => settingsFor(ref),
    getList: () => [TESTDATA, GRAFANA],
    reload: async () => {},
    registerRuntimeDataSource: () => {},
  };
}

/** `backendSrv.fetch` (public/app/core/services/backend_srv.ts): the request starts when the
 * observable is subscribed and is aborted when it is unsubscribed (Grafana cancels a
 * superseded query's request the same way). Errors carry `status` and `data` as Grafana's do. */
function backendSrv() {
  const fetchObservable = (req: { url: string; method?: string; data?: unknown; headers?: Record<string, string> }) =>
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

export function installRuntime(boot: Boot) {
  setDataSourceSrv(dataSourceSrv(boot) as any);
  setBackendSrv(backendSrv() as any);
  setRunRequest(runRequest);
}
