import type { DeckResult, Job, JobDeck } from './types';

export type DeckKind = 'images' | 'pptx' | 'pdf';

/** A job with its output switched to images or a deck (a new deck starts 1 per 16:9 slide). */
export function setDeckKind(job: Job, kind: DeckKind): Job {
  if (kind === 'images') return { ...job, deck: null };
  const layout = job.deck?.layout ?? { slide: '16:9', per_slide: 1, titles: true };
  return { ...job, deck: { format: kind, layout } };
}

/** What a job makes, in a few words: "images", "a .pptx deck, 2 per 16:9 slide". */
export function deckSummary(deck: JobDeck | null): string {
  if (!deck) return 'images';
  const per = deck.layout.per_slide;
  return `a .${deck.format} deck, ${per} per ${deck.layout.slide} slide`;
}

/** The result of a deck run, one line. */
export function deckLine(d: DeckResult): string {
  if (d.error) return `✗ deck: ${d.error.message}`;
  const s = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `✓ deck → ${d.path ?? ''} (${s(d.slides, 'slide')}, ${s(d.panels, 'panel')})`;
}
