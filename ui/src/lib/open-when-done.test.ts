import { describe, expect, it } from 'vitest';
import { openWhenDone, setOpenWhenDone, whatToOpen } from './open-when-done';
import type { JobRun } from './types';

describe('open when done', () => {
  it('is on until turned off, and remembered', () => {
    localStorage.clear();
    expect(openWhenDone()).toBe(true);
    setOpenWhenDone(false);
    expect(openWhenDone()).toBe(false);
    setOpenWhenDone(true);
    expect(openWhenDone()).toBe(true);
  });

  it('opens a written deck, the folder of the first written image, and nothing after a failure', () => {
    const deck = { path: '/x/monday.pptx', format: 'pptx', slides: 3, panels: 6, picturePx: [1, 1], zoom: 2, bytes: 1, durationMs: 1, historyId: 9, error: null };
    expect(whatToOpen({ kind: 'deck', deck } as JobRun)).toEqual({ file: 9 });
    expect(whatToOpen({ kind: 'deck', deck: { ...deck, error: { code: 'render.timeout', message: 'slow' } } } as JobRun)).toBeNull();
    const items = [
      { historyId: 3, error: { code: 'render.timeout', message: 'slow' } },
      { historyId: 4, error: null },
    ];
    expect(whatToOpen({ kind: 'images', items } as unknown as JobRun)).toEqual({ folder: 4 });
    expect(whatToOpen({ kind: 'images', items: [items[0]] } as unknown as JobRun)).toBeNull();
  });
});
