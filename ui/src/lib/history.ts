import type { HistoryInput } from './types';

export interface HistoryFilters {
  text: string;
  status: '' | 'ok' | 'failed';
  connection: string;
  since: string;
  until: string;
}

export const NO_FILTERS: HistoryFilters = { text: '', status: '', connection: '', since: '', until: '' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The query the History screen sends: empty fields are left out; a bad date range is an error. */
export function historyQuery(f: HistoryFilters, limit = 60): { input: HistoryInput } | { error: string } {
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
      since: f.since || undefined,
      until: f.until || undefined,
      limit,
    },
  };
}
