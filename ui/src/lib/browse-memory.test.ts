import { beforeEach, describe, expect, it } from 'vitest';
import { forgetBrowse, recallBrowse, rememberBrowse, type BrowseMemory } from './browse-memory';
import { defaultOptions } from './options';

const memory = (): BrowseMemory => ({
  connection: 'prod',
  dashboardUid: 'node',
  panel: '3',
  picks: { node: ['3', '4'], other: ['1'] },
  options: { ...defaultOptions(), width: 1920, height: 1080, timezone: 'Europe/Berlin' },
  format: 'png',
  quality: null,
  each: '',
  preview: { dataUrl: 'data:image/png;base64,AAAA', widthPx: 1920, heightPx: 1080, durationMs: 300, readySignal: 'scenes' } as unknown as BrowseMemory['preview'],
});

describe('Browse memory', () => {
  beforeEach(() => forgetBrowse());

  it('keeps the work for the same connection only', () => {
    rememberBrowse(memory());
    expect(recallBrowse('prod')?.panel).toBe('3');
    expect(recallBrowse('prod')?.picks).toEqual({ node: ['3', '4'], other: ['1'] });
    expect(recallBrowse('staging')).toBeNull();
    expect(recallBrowse(null)).toBeNull();
  });

  it('survives a restart without the picture', () => {
    rememberBrowse(memory());
    // A restart: nothing in memory, only what localStorage kept.
    const saved = localStorage.getItem('panelshot.browse');
    forgetBrowse();
    localStorage.setItem('panelshot.browse', saved!);
    const back = recallBrowse('prod');
    expect(back?.options.timezone).toBe('Europe/Berlin');
    expect(back?.preview).toBeNull();
  });

  it('ignores what it cannot read', () => {
    localStorage.setItem('panelshot.browse', '{not json');
    expect(recallBrowse('prod')).toBeNull();
  });
});
