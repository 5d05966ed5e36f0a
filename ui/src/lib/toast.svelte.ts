/** The result of an action, shown where the user is looking: a note fixed at the bottom of the
 * window, whatever part of the screen is scrolled into view (the inline note beside the
 * button can sit under the pinned preview or above a list's visible part). */
export type Toast = { id: number; text: string; kind: 'ok' | 'warn' };

const SHOWN_MS = 6000;
let next = 1;

class Toasts {
  list: Toast[] = $state([]);

  show(text: string, kind: Toast['kind'] = 'ok') {
    const id = next++;
    // The newest result replaces an older one of the same words (a repeated action).
    this.list = [...this.list.filter((t) => t.text !== text), { id, text, kind }].slice(-2);
    setTimeout(() => this.dismiss(id), SHOWN_MS);
  }

  dismiss(id: number) {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
