import { describe, expect, it } from 'vitest';
import { NO_FILTERS, describeOptions, historyQuery, targetLabel } from './history';

describe('history filters', () => {
  it('leaves empty fields out', () => {
    expect(historyQuery(NO_FILTERS)).toEqual({ input: { limit: 60 } });
  });

  it('sends text, status, connection, dashboard and a date range', () => {
    const q = historyQuery({ text: '  latency ', status: 'failed', connection: 'prod', dashboard: 'abc', since: '2026-11-01', until: '2026-11-30' });
    expect(q).toEqual({ input: { text: 'latency', status: 'failed', connection: 'prod', dashboardUid: 'abc', since: '2026-11-01', until: '2026-11-30', limit: 60 } });
  });

  it('pages on from the last entry shown', () => {
    expect(historyQuery(NO_FILTERS, 60, 1234)).toEqual({ input: { beforeId: 1234, limit: 60 } });
  });

  it('describes the saved options of an entry', () => {
    const rows = describeOptions({
      options: { width: 1600, height: 900, scale: 2, timezone: 'Asia/Tokyo', from: 'now-24h', to: null, vars: [['env', 'prod'], ['env', 'dev']], theme: 'dark', transparent: false, timeoutSecs: 30 },
      format: 'png',
      quality: null,
      template: '{panel}.{ext}',
    });
    expect(Object.fromEntries(rows)).toEqual({
      Size: '1600×900 CSS px', Scale: '2×', 'Time zone': 'Asia/Tokyo', From: 'now-24h', To: "dashboard's", Theme: 'dark',
      Variables: 'env=prod, env=dev', Format: 'png', Timeout: '30 s', 'File name template': '{panel}.{ext}',
    });
    expect(describeOptions(null)).toEqual([]);
    // An entry written before the wire was camelCase.
    const old = describeOptions({ options: { width: 800, height: 600, timeout_secs: 45 }, format: 'png' });
    expect(Object.fromEntries(old).Timeout).toBe('45 s');
  });

  it('refuses a bad or reversed date range', () => {
    expect(historyQuery({ ...NO_FILTERS, since: '01/11/2026' })).toEqual({ error: 'From must be a date (YYYY-MM-DD)' });
    expect(historyQuery({ ...NO_FILTERS, since: '2026-12-01', until: '2026-11-01' })).toEqual({ error: 'From must not be after To' });
  });
  it('says what an entry made', () => {
    expect(targetLabel({ kind: 'panel', panel: 'panel-3-clone-1' })).toBe('Panel panel-3-clone-1');
    expect(targetLabel({ kind: 'dashboard' })).toBe('Whole dashboard');
    expect(targetLabel({ kind: 'deck' })).toBe('Slide deck');
  });
});
