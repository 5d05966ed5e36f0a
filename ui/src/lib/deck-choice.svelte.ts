import type { DeckFormat, DeckLayout } from './types';

/** The deck set up beside the picked panels (layout, format, typed titles), shared by the deck
 * bar that exports it and the job bar that saves it: a job saved there keeps this deck. */
export class DeckChoice {
  layout: DeckLayout = $state({ slide: '16:9', perSlide: 1, titles: true, nativeTables: false });
  format: DeckFormat = $state('pptx');
  /** Slide titles typed by the user, per panel id; empty means the panel's own title. */
  titles: Record<string, string> = $state({});
  /** The user set the deck up or exported it: a job saved now is that deck by default. */
  touched = $state(false);

  title(panel: string): string | null {
    return this.titles[panel]?.trim() || null;
  }
}
