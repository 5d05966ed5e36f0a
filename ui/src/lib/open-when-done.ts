// "The same six panels every Monday" in two clicks: a job run from the window opens what it
// wrote (its deck, or the folder of its images) unless the user turned that off.
import type { JobRun } from './types';

const KEY = 'panelshot.openWhenDone';

export function openWhenDone(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'false';
  } catch {
    return true;
  }
}

export function setOpenWhenDone(on: boolean) {
  try {
    localStorage.setItem(KEY, String(on));
  } catch {
    // Only the choice is lost, for the next start.
  }
}

/** What to open after a run: the deck file, or the folder of the first image written. */
export function whatToOpen(run: JobRun): { file: number } | { folder: number } | null {
  if (run.kind === 'deck') return run.deck.historyId !== null && !run.deck.error ? { file: run.deck.historyId } : null;
  const written = run.items.find((i) => !i.error && i.historyId !== null);
  return written?.historyId != null ? { folder: written.historyId } : null;
}
