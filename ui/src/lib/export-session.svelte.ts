// One panel's export session in Browse: the options on screen, the debounced preview with its
// cancel, Copy, and one `export(destination)` for every way a panel leaves the window.
import { open as chooseFolder, save } from '@tauri-apps/plugin-dialog';
import { api } from './ipc';
import { isCancelled } from './errors';
import { defaultOptions, validate } from './options';
import { withLook, type LookFields } from './look-fields';
import { session as app } from './state.svelte';
import type { BatchProgress, DashboardDetail, ExportInput, ExportItem, Format, Look, Preview, RenderOptions } from './types';

/** Where an export goes: a file the user names (save dialog), the default export folder, or a
 * folder chosen now. */
export type Destination = 'ask' | 'folder' | 'choose-folder';

/** How long the options must rest before the preview is drawn again. */
export const PREVIEW_PAUSE_MS = 400;

export class ExportSession {
  dashboard: DashboardDetail | null = $state(null);
  /** The panel shown in the preview (its id as text). */
  panel: string | null = $state(null);
  options: RenderOptions = $state(defaultOptions());
  format: Format = $state('png');
  quality: number | null = $state(null);
  /** "One image per value" of this variable ('' = one image). */
  each = $state('');
  preview: Preview | null = $state(null);
  rendering = $state(false);
  /** The last preview failed: the picture on screen is older than the options. */
  previewFailed = $state(false);
  /** What the preview in flight waits for, as the app says it. */
  waiting = $state('');
  /** An export or copy runs: its buttons are off (a double click once wrote two files). */
  exporting = $state(false);
  error: unknown = $state(null);
  exported: ExportItem | null = $state(null);
  copied = $state('');
  batch: { done: number; total: number; items: ExportItem[] } | null = $state(null);
  readonly problem = $derived(validate(this.options));
  /** The zone the applied look asks for; a dashboard's own zone only fills in when it has none. */
  presetZone: string | null = null;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** The panel can be drawn: a connection, a dashboard, a panel and valid options. */
  get ready(): boolean {
    return !!app.connection && !!this.dashboard && !!this.panel && !this.problem;
  }

  /** A look from the core's resolver (a preset, or the default): the variables stay. */
  useLook(look: Look) {
    this.options = { ...look.options, vars: this.options.vars };
    this.format = look.format;
    this.presetZone = look.options.timezone;
  }

  /** The look edited by hand. A zone the user chooses is theirs: it stays when another
   * dashboard opens, as a preset's does. */
  setLook(l: LookFields) {
    if (l.timezone !== this.options.timezone) this.presetZone = l.timezone;
    this.options = withLook(this.options, l);
    this.format = l.format;
    this.quality = l.quality;
  }

  /** A newly opened dashboard: its own zone (unless the look set one) and variable values. */
  openDashboard(d: DashboardDetail) {
    this.dashboard = d;
    this.panel = null;
    this.preview = null;
    this.previewFailed = false;
    this.exported = null;
    this.copied = '';
    this.each = '';
    this.options = {
      ...this.options,
      timezone: this.presetZone ?? (d.timezone === 'browser' ? null : d.timezone),
      vars: d.variables.flatMap((v) => v.current.map((c) => [v.name, c] as [string, string])),
    };
  }

  choosePanel(key: string) {
    this.panel = key;
    this.previewFailed = false;
    // What was said about another panel's export or copy no longer applies.
    this.exported = null;
    this.copied = '';
    // "Capture anyway" was for the panel that needed it.
    if (this.options.capture_anyway) this.options = { ...this.options, capture_anyway: false };
  }

  /** Call inside an `$effect`: redraws the preview once panel and options rest; the returned
   * cleanup drops a pending redraw. */
  schedulePreview(): (() => void) | undefined {
    const watched = JSON.stringify([this.panel, $state.snapshot(this.options)]);
    if (!this.panel || !watched) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.render(), PREVIEW_PAUSE_MS);
    return () => clearTimeout(this.#timer);
  }

  async render() {
    const d = this.dashboard;
    if (!this.ready || !d || !this.panel || !app.connection) return;
    const seq = ++this.#seq;
    this.rendering = true;
    this.waiting = '';
    try {
      const p = await api.preview(app.connection, d.uid, this.panel, $state.snapshot(this.options), (what) => {
        if (seq === this.#seq) this.waiting = what;
      });
      // A newer request supersedes this one: show only the latest.
      if (seq === this.#seq) {
        this.preview = p;
        this.error = null;
        this.previewFailed = false;
      }
    } catch (e) {
      // A newer preview or Esc cancelled this one: nothing to report.
      if (seq === this.#seq && !isCancelled(e)) {
        this.error = e;
        this.previewFailed = true;
      }
    } finally {
      if (seq === this.#seq) this.rendering = false;
    }
  }

  async cancel() {
    this.#seq++;
    this.rendering = false;
    try {
      await api.cancelPreview();
    } catch (e) {
      this.error = e;
    }
  }

  /** Doubles the render timeout (up to the 600 s limit) and draws again. */
  waitLonger() {
    this.options = { ...this.options, timeout_secs: Math.min(600, this.options.timeout_secs * 2) };
  }

  /** Takes the panel as it is (unfinished or with its error) for this preview and export. */
  captureAnyway() {
    this.options = { ...this.options, capture_anyway: true };
  }

  /** The export folder from Settings, or one chosen now (`null`: the dialog was closed). */
  async #folder(choose: boolean, title: string): Promise<string | null> {
    const settings = await api.settings();
    if (!choose) return settings.export_dir;
    const chosen = await chooseFolder({ directory: true, defaultPath: settings.export_dir, title });
    return typeof chosen === 'string' ? chosen : null;
  }

  /** An export of these panels with the look on screen. */
  #input(connection: string, uid: string, panels: string[], output: string, overwrite: boolean): ExportInput {
    return {
      connection,
      uid,
      panels: [...panels],
      options: $state.snapshot(this.options),
      format: this.format,
      quality: this.quality ?? undefined,
      output,
      overwrite,
      each: this.each || undefined,
    };
  }

  async #busy(work: () => Promise<void>) {
    if (this.exporting) return;
    this.exporting = true;
    try {
      await work();
    } catch (e) {
      this.error = e;
    } finally {
      this.exporting = false;
    }
  }

  /** Puts the panel with the current options on the clipboard (the preview when it is current). */
  copy() {
    return this.#busy(async () => {
      const d = this.dashboard;
      if (!this.ready || !d || !this.panel || !app.connection) return;
      this.copied = 'Copying…';
      try {
        const c = await api.copyImage(app.connection, d.uid, this.panel, $state.snapshot(this.options));
        this.copied = `Copied ${c.widthPx}×${c.heightPx} px to the clipboard`;
      } catch (e) {
        this.copied = '';
        throw e;
      }
    });
  }

  /** Exports the previewed panel: to a file named in the save dialog ('ask'; several images,
   * one per variable value, go to the folder instead), or into the export folder. */
  export(destination: Destination) {
    return this.#busy(async () => {
      const d = this.dashboard;
      const panel = this.panel;
      if (!this.ready || !d || !panel || !app.connection) return;
      let output: string | null;
      if (destination === 'ask' && !this.each) {
        const settings = await api.settings();
        const title = d.panels.find((p) => String(p.id) === panel)?.title ?? 'panel';
        const px = (n: number) => Math.round(n * this.options.scale);
        const name = await api.exportFileName(d.title, title, panel, px(this.options.width), px(this.options.height), this.format);
        output = await save({ defaultPath: `${settings.export_dir}/${name}` });
      } else {
        const folder = await this.#folder(destination === 'choose-folder', 'Export into…');
        output = folder === null ? null : `${folder}/`;
      }
      if (!output) return;
      // The save dialog already asked before replacing a file; a folder never replaces.
      const items = await api.exportPanels(this.#input(app.connection, d.uid, [panel], output, !output.endsWith('/')));
      this.exported = items.find((i) => !i.error) ?? items[0] ?? null;
      const failed = items.find((i) => i.error);
      const unrecorded = items.find((i) => i.history_error);
      if (failed?.error) this.error = failed.error;
      else if (unrecorded?.history_error) {
        // The file is written; only its history row is missing. Say so rather than "Saved".
        const { code, message } = unrecorded.history_error;
        this.error = { code, message: `Saved to ${unrecorded.path ?? 'the folder'}, but not recorded in the history: ${message}` };
      }
    });
  }

  /** Exports several panels of this dashboard into a folder, with a progress bar. */
  exportPanels(panels: string[], destination: Exclude<Destination, 'ask'>) {
    return this.#busy(async () => {
      const d = this.dashboard;
      if (!app.connection || !d || panels.length === 0) return;
      const folder = await this.#folder(destination === 'choose-folder', 'Export the picked panels into…');
      if (folder === null) return;
      this.batch = { done: 0, total: panels.length, items: [] };
      await api.exportBatch(
        this.#input(app.connection, d.uid, panels, folder, false),
        (p: BatchProgress) => {
          if (this.batch) this.batch = { done: p.done, total: p.total, items: [...this.batch.items, p.item] };
        },
      );
    });
  }
}
