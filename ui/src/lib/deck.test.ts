import { describe, expect, it } from 'vitest';
import { axisPt, deckLine, deckSummary, setDeckKind } from './deck';
import type { Job } from './types';

const job: Job = { name: 'Monday', connection: 'prod', preset: null, outputDir: '/x', template: '{panel}.{ext}', items: [], deck: null, look: null };

describe('axis text on slides', () => {
  it('is 12 pt at the slides default text size and grows with it', () => {
    expect(axisPt(2)).toBe(12);
    expect(axisPt(1)).toBe(6);
  });
});

describe('job decks', () => {
  it('switches a job between images and a deck, keeping the layout', () => {
    const pptx = setDeckKind(job, 'pptx');
    expect(pptx.deck).toEqual({ format: 'pptx', layout: { slide: '16:9', perSlide: 1, titles: true, nativeTables: false } });
    const two = { ...pptx, deck: { ...pptx.deck!, layout: { ...pptx.deck!.layout, perSlide: 2 } } };
    expect(setDeckKind(two, 'pdf').deck).toEqual({ format: 'pdf', layout: { slide: '16:9', perSlide: 2, titles: true, nativeTables: false } });
    expect(setDeckKind(two, 'images').deck).toBeNull();
    expect(deckSummary(two.deck)).toBe('a .pptx deck, 2 per 16:9 slide');
    expect(deckSummary(null)).toBe('images');
  });

  it('tells a deck run in one line', () => {
    const ok = { path: '/x/Monday-2026-11-30.pptx', format: 'pptx' as const, slides: 3, panels: 6, picturePx: [900, 876] as [number, number], bytes: 1, zoom: 2, durationMs: 1, historyId: 1, error: null, historyError: null };
    expect(deckLine(ok)).toBe('✓ deck → /x/Monday-2026-11-30.pptx (3 slides, 6 panels, text 200 %)');
    expect(deckLine({ ...ok, path: null, error: { code: 'render.timeout', message: 'timed out' } })).toBe('✗ deck: Timed out.');
  });
});
