// The panel picker's pictures: one render of the whole dashboard in the core, cropped per
// panel, kept there per dashboard view; here only the latest answer is shown.
import { api } from './ipc';
import type { PanelPicture, RenderOptions } from './types';

/** What the pictures depend on: the view of the dashboard, not the export's size. */
export function viewKey(uid: string, o: RenderOptions): string {
  return JSON.stringify([uid, o.from, o.to, o.timezone, o.theme, o.vars]);
}

export class PanelPictures {
  byKey: Record<string, PanelPicture> = $state({});
  /** Panels the dashboard page did not draw (collapsed rows, other tabs). */
  notShown: string[] = $state([]);
  drawing = $state(false);
  error: unknown = $state(null);
  /** The pictures of the dashboard asked for last have arrived (until then a panel without
   * one is not yet "without a picture"). */
  ready = $state(false);
  /** When the dashboard was rendered (RFC 3339). */
  madeAt: string | null = $state(null);
  #seq = 0;
  #shown = '';
  #uid = '';

  /** Loads the pictures for this view (from the core's cache unless `refresh`). A view already
   * shown is not asked again unless refreshed. */
  async load(connection: string, uid: string, options: RenderOptions, refresh = false) {
    const key = JSON.stringify([connection, viewKey(uid, options)]);
    const dashboard = `${connection}\n${uid}`;
    if (!refresh && key === this.#shown) return;
    const seq = ++this.#seq;
    // Another dashboard's pictures never stand in; this one's stay while the new view draws.
    if (dashboard !== this.#uid) {
      this.byKey = {};
      this.notShown = [];
      this.ready = false;
    }
    this.#uid = dashboard;
    this.drawing = true;
    this.error = null;
    try {
      const r = await api.thumbnails(connection, uid, $state.snapshot(options), refresh);
      if (seq !== this.#seq) return;
      this.byKey = Object.fromEntries(r.panels.map((p) => [p.key, p]));
      this.notShown = r.notShown;
      this.madeAt = r.madeAt;
      this.ready = true;
      this.#shown = key;
    } catch (e) {
      if (seq === this.#seq) {
        this.error = e;
        // Done, without pictures: the panels say so rather than look busy.
        this.ready = true;
      }
    } finally {
      if (seq === this.#seq) this.drawing = false;
    }
  }

  clear() {
    this.#seq++;
    this.#shown = '';
    this.#uid = '';
    this.byKey = {};
    this.notShown = [];
    this.ready = false;
    this.madeAt = null;
    this.drawing = false;
    this.error = null;
  }
}

/** One for the window: coming back to Browse shows the pictures at once. */
export const panelPictures = new PanelPictures();
