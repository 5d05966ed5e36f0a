import type { DeckResult, Job, JobDeck } from './types';
import { headline } from './errors';
import { percent } from './options';

export type DeckKind = 'images' | 'pptx' | 'pdf';

/** A job with its output switched to images or a deck (a new deck starts 1 per 16:9 slide). */
export function setDeckKind(job: Job, kind: DeckKind): Job {
  if (kind === 'images') return { ...job, deck: null };
  const layout = job.deck?.layout ?? { slide: '16:9', perSlide: 1, titles: true, nativeTables: false };
  return { ...job, deck: { format: kind, layout } };
}

/** What a job makes, in a few words: "images", "a .pptx deck, 2 per 16:9 slide". */
export function deckSummary(deck: JobDeck | null): string {
  if (!deck) return 'images';
  const per = deck.layout.perSlide;
  return `a .${deck.format} deck, ${per} per ${deck.layout.slide} slide`;
}

/** The result of a deck run, one line. */
/** The size Grafana's axis labels print at on a slide: 12 CSS px (uPlot's axis font in
 * @grafana/ui) times the text size, at half a point per slide pixel (a panel's picture spans its
 * slot, one slide pixel per CSS pixel at 100 %). */
export function axisPt(zoom: number): number {
  return 12 * zoom * 0.5;
}

export function deckLine(d: DeckResult): string {
  if (d.error) return `✗ deck: ${headline(d.error.message)}`;
  const s = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `✓ deck → ${d.path ?? ''} (${s(d.slides, 'slide')}, ${s(d.panels, 'panel')}, text ${percent(d.zoom)})`;
}
