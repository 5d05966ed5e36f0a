import { describe, expect, it, vi } from 'vitest';

const asked: Record<string, unknown>[] = [];
vi.mock('@tauri-apps/api/core', () => ({
  Channel: class {},
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => {
    if (cmd !== 'panel_thumbnails') throw { code: 'test.unknown', message: cmd };
    asked.push(args);
    if (args.uid === 'down') throw { code: 'grafana.unreachable', message: 'Grafana is down' };
    return {
      panels: [{ key: 'panel-1', dataUrl: `data:${args.uid}`, widthPx: 640, heightPx: 300 }],
      notShown: ['panel-9'],
      madeAt: '2026-11-29T08:00:00+00:00',
      durationMs: 1200,
      cached: false,
    };
  }),
}));

import { PanelPictures } from './panel-pictures.svelte';
import { defaultOptions } from './options';

describe('panel pictures', () => {
  it('asks once per view, again on refresh or another view, and never shows another dashboard’s', async () => {
    const p = new PanelPictures();
    const o = defaultOptions();
    await p.load('demo', 'a', o);
    expect(p.ready).toBe(true);
    expect(p.byKey['panel-1']?.dataUrl).toBe('data:a');
    expect(p.notShown).toEqual(['panel-9']);
    await p.load('demo', 'a', { ...o, width: 3000 }); // the export size is not the view
    expect(asked).toHaveLength(1);
    await p.load('demo', 'a', o, true);
    expect(asked.at(-1)).toEqual(expect.objectContaining({ refresh: true }));
    await p.load('demo', 'a', { ...o, from: 'now-7d' });
    expect(asked).toHaveLength(3);
    const other = p.load('demo', 'b', o);
    expect(p.byKey).toEqual({});
    expect(p.ready).toBe(false);
    await other;
    expect(p.byKey['panel-1']?.dataUrl).toBe('data:b');
  });

  it('ends a failed load with its error and no pictures, not as busy', async () => {
    const p = new PanelPictures();
    await p.load('demo', 'down', defaultOptions());
    expect(p.error).toEqual({ code: 'grafana.unreachable', message: 'Grafana is down' });
    expect(p.drawing).toBe(false);
    expect(p.ready).toBe(true);
  });
});
