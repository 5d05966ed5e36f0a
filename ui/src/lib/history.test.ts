import { describe, expect, it } from 'vitest';
import { NO_FILTERS, historyQuery } from './history';

describe('history filters', () => {
  it('leaves empty fields out', () => {
    expect(historyQuery(NO_FILTERS)).toEqual({ input: { limit: 60 } });
  });

  it('sends text, status, connection and a date range', () => {
    const q = historyQuery({ text: '  latency ', status: 'failed', connection: 'prod', since: '2026-11-01', until: '2026-11-30' });
    expect(q).toEqual({ input: { text: 'latency', status: 'failed', connection: 'prod', since: '2026-11-01', until: '2026-11-30', limit: 60 } });
  });

  it('refuses a bad or reversed date range', () => {
    expect(historyQuery({ ...NO_FILTERS, since: '01/11/2026' })).toEqual({ error: 'From must be a date (YYYY-MM-DD)' });
    expect(historyQuery({ ...NO_FILTERS, since: '2026-12-01', until: '2026-11-01' })).toEqual({ error: 'From must not be after To' });
  });
});
