import type { HistoryInput, HistoryTarget } from './types';

/** What an entry made, in words: the panel's key, the whole dashboard, or a deck. */
export function targetLabel(t: HistoryTarget): string {
  switch (t.kind) {
    case 'panel':
      return `Panel ${t.panel}`;
    case 'dashboard':
      return 'Whole dashboard';
    case 'deck':
      return 'Slide deck';
  }
}

export interface HistoryFilters {
  text: string;
  status: '' | 'ok' | 'failed';
  connection: string;
  dashboard: string;
  since: string;
  until: string;
}

export const NO_FILTERS: HistoryFilters = { text: '', status: '', connection: '', dashboard: '', since: '', until: '' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The query the History screen sends: empty fields are left out; a bad date range is an error. */
export function historyQuery(f: HistoryFilters, limit = 60, beforeId?: number): { input: HistoryInput } | { error: string } {
  for (const [name, v] of [['From', f.since], ['To', f.until]] as const) {
    if (v && !DATE.test(v)) return { error: `${name} must be a date (YYYY-MM-DD)` };
  }
  if (f.since && f.until && f.since > f.until) return { error: 'From must not be after To' };
  const text = f.text.trim();
  return {
    input: {
      text: text || undefined,
      status: f.status || undefined,
      connection: f.connection || undefined,
      dashboardUid: f.dashboard || undefined,
      since: f.since || undefined,
      until: f.until || undefined,
      beforeId,
      limit,
    },
  };
}

/** The options an entry was exported with, as label/value rows for its details. */
export function describeOptions(options: unknown): [string, string][] {
  if (typeof options !== 'object' || options === null) return [];
  const saved = options as { options?: Record<string, unknown>; format?: string; quality?: number | null; template?: string };
  const o = saved.options ?? {};
  const rows: [string, string][] = [];
  const add = (label: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') rows.push([label, String(v)]);
  };
  add('Size', o.width && o.height ? `${o.width}×${o.height} CSS px` : undefined);
  add('Scale', o.scale ? `${o.scale}×` : undefined);
  add('Time zone', o.timezone ?? "dashboard's");
  add('From', o.from ?? "dashboard's");
  add('To', o.to ?? "dashboard's");
  add('Theme', o.theme);
  add('Transparent', o.transparent ? 'yes' : undefined);
  const vars = Array.isArray(o.vars) ? (o.vars as [string, string][]).map(([k, v]) => `${k}=${v}`).join(', ') : '';
  add('Variables', vars);
  add('Format', saved.format);
  add('Quality', saved.quality);
  // Entries written before the wire was camelCase keep `timeout_secs`.
  const timeout = o.timeoutSecs ?? o['timeout_secs'];
  add('Timeout', timeout ? `${timeout} s` : undefined);
  add('File name template', saved.template);
  return rows;
}
