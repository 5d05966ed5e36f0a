// A dashboard's variables as Grafana's scene builder makes them
// (public/app/features/dashboard-scene/serialization/transformSaveModelToScene.ts,
// `createSceneVariableFromVariableModel`): @grafana/scenes' own CustomVariable, QueryVariable and
// DataSourceVariable in a SceneVariableSet, so a query variable's query runs (and is counted by
// the query controller) before the panels that use it, as in Grafana.
import {
  CustomVariable,
  DataSourceVariable,
  LocalValueVariable,
  QueryVariable,
  type SceneVariable,
  SceneVariableSet,
} from '@grafana/scenes';

export type SavedVariable = {
  name: string;
  label?: string;
  type?: string;
  query?: unknown;
  definition?: string;
  datasource?: { uid?: string; type?: string } | null;
  current?: { text?: unknown; value?: unknown };
  options?: Array<{ text?: unknown; value?: unknown }>;
  multi?: boolean;
  includeAll?: boolean;
  refresh?: number;
};

const ALL = '$__all';

function current(v: SavedVariable) {
  const value = v.current?.value;
  const text = v.current?.text ?? value;
  const norm = (x: unknown) => (Array.isArray(x) ? x.map(String) : x == null ? '' : String(x));
  return { value: norm(value), text: norm(text) };
}

function variable(v: SavedVariable): SceneVariable {
  const common = { name: v.name, label: v.label, ...current(v), isMulti: !!v.multi, includeAll: !!v.includeAll };
  switch (v.type) {
    case 'query':
      return new QueryVariable({
        ...common,
        datasource: v.datasource ?? null,
        query: (v.query as any) ?? '',
        definition: v.definition,
        // "On dashboard load" (1) unless the dashboard says "on time range change" (2).
        refresh: v.refresh === 2 ? 2 : 1,
      });
    case 'datasource':
      return new DataSourceVariable({ ...common, pluginId: String(v.query ?? '') });
    default: {
      const query = typeof v.query === 'string' ? v.query : (v.options ?? []).map((o) => String(o.value)).join(',');
      return new CustomVariable({ ...common, query });
    }
  }
}

export function variableSet(list: SavedVariable[]): SceneVariableSet | undefined {
  return list.length ? new SceneVariableSet({ variables: list.map(variable) }) : undefined;
}

/** The values a repeated panel is drawn for: the URL's `var-<name>` values, else the saved
 * selection; "All" means every option. */
export function repeatValues(list: SavedVariable[], name: string, params: URLSearchParams): string[] {
  const v = list.find((x) => x.name === name);
  if (!v) return [];
  let values = params.getAll(`var-${name}`);
  if (!values.length) {
    const c = current(v).value;
    values = Array.isArray(c) ? c : c === '' ? [] : [c];
  }
  if (values.some((x) => x === ALL || x === 'All')) {
    const options = (v.options ?? []).map((o) => String(o.value)).filter((x) => x !== ALL);
    values = options.length ? options : String(v.query ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  }
  return values;
}

/** A repeat clone's own value of the repeated variable (Grafana's DashboardGridItem gives each
 * clone a `LocalValueVariable`, layout-default/DashboardGridItem.tsx `performRepeat`). */
export function localValue(name: string, value: string) {
  return new SceneVariableSet({ variables: [new LocalValueVariable({ name, value, text: value })] });
}
