// One panel's export session in Browse: the options on screen, the debounced preview with its
// cancel, Copy, and one `export(destination)` for every way a panel leaves the window.
import { open as chooseFolder, save } from '@tauri-apps/plugin-dialog';
import { api } from './ipc';
import { isCancelled } from './errors';
import { defaultOptions, validate } from './options';
import { withLook, type LookFields } from './look-fields';
import { session as app } from './state.svelte';
import { toasts } from './toast.svelte';
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
  /** "Also save the data": a CSV per data frame beside each image (tables also .xlsx). */
  saveData = $state(false);
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
  /** The action whose failure is on screen, to run again as it was (same panel, file or
   * folder): Retry repeats what failed, not merely the preview. */
  failed: (() => Promise<void>) | null = null;
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
  }

  /** The look edited by hand. What the user chooses is theirs: it stays when another
   * dashboard opens, as a preset's does. */
  setLook(l: LookFields) {
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
    // The zone stays the one chosen (by hand or by a preset); none chosen means the
    // dashboard's own, which the zone field names.
    this.options = {
      ...this.options,
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
    if (this.options.captureAnyway) this.options = { ...this.options, captureAnyway: false };
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
        this.failed = null;
        this.previewFailed = false;
      }
    } catch (e) {
      // A newer preview or Esc cancelled this one: nothing to report.
      if (seq === this.#seq && !isCancelled(e)) {
        this.error = e;
        this.failed = () => this.render();
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
    this.options = { ...this.options, timeoutSecs: Math.min(600, this.options.timeoutSecs * 2) };
  }

  /** Takes the panel as it is (unfinished or with its error) for this preview and export. */
  captureAnyway() {
    this.options = { ...this.options, captureAnyway: true };
  }

  /** The export folder from Settings, or one chosen now (`null`: the dialog was closed). */
  async #folder(choose: boolean, title: string): Promise<string | null> {
    const settings = await api.settings();
    if (!choose) return settings.exportDir;
    const chosen = await chooseFolder({ directory: true, defaultPath: settings.exportDir, title });
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
      data: this.saveData ? 'csv' : undefined,
    };
  }

  /** Runs an export-like action once at a time; when it fails, `again` is what Retry runs. */
  async #busy(work: () => Promise<void>, again?: () => Promise<void>) {
    if (this.exporting) return;
    this.exporting = true;
    try {
      await work();
    } catch (e) {
      this.error = e;
      if (again) this.failed = again;
    } finally {
      this.exporting = false;
    }
  }

  /** Repeats the action that failed (the preview when nothing else did). */
  retry() {
    const again = this.failed ?? (() => this.render());
    this.failed = null;
    return again();
  }

  /** What an export's items say: the first error, or a file written but not recorded. */
  #report(items: ExportItem[], again: () => Promise<void>) {
    const failed = items.find((i) => i.error);
    const unrecorded = items.find((i) => i.historyError);
    if (failed?.error) {
      this.error = failed.error;
      this.failed = again;
    } else if (unrecorded?.historyError) {
      // The file is written; only its history row is missing. Say so rather than "Saved".
      const { code, message } = unrecorded.historyError;
      this.error = { code, message: `Saved to ${unrecorded.path ?? 'the folder'}, but not recorded in the history: ${message}` };
    } else {
      this.error = null;
      this.failed = null;
    }
  }

  /** Puts the panel with the current options on the clipboard (the preview when it is current). */
  copy(): Promise<void> {
    return this.#busy(
      async () => {
        const d = this.dashboard;
        if (!this.ready || !d || !this.panel || !app.connection) return;
        this.copied = 'Copying…';
        try {
          const c = await api.copyImage(app.connection, d.uid, this.panel, $state.snapshot(this.options));
          this.copied = `Copied ${c.widthPx}×${c.heightPx} px to the clipboard`;
          toasts.show(this.copied);
          this.error = null;
          this.failed = null;
        } catch (e) {
          this.copied = '';
          throw e;
        }
      },
      () => this.copy(),
    );
  }

  /** Puts the data the panel drew (the preview's, when it is current) on the clipboard as CSV. */
  copyData(): Promise<void> {
    return this.#busy(
      async () => {
        const d = this.dashboard;
        if (!this.ready || !d || !this.panel || !app.connection) return;
        const c = await api.copyData(app.connection, d.uid, this.panel, $state.snapshot(this.options));
        this.copied = c.frames === 0 ? 'The panel drew no data to copy' : `Copied the data as CSV: ${dataSummary(c.frames, c.rows)}`;
        toasts.show(this.copied, c.frames === 0 ? 'warn' : 'ok');
        this.error = null;
        this.failed = null;
      },
      () => this.copyData(),
    );
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
        output = await save({ defaultPath: `${settings.exportDir}/${name}` });
      } else {
        const folder = await this.#folder(destination === 'choose-folder', 'Export into…');
        output = folder === null ? null : `${folder}/`;
      }
      if (!output) return;
      // The save dialog already asked before replacing a file; a folder never replaces.
      await this.#exportTo(this.#input(app.connection, d.uid, [panel], output, !output.endsWith('/')));
    });
  }

  /** One export to a destination already chosen; Retry repeats it to the same file or folder. */
  async #exportTo(input: ExportInput): Promise<void> {
    const again = () => this.#busy(() => this.#exportTo(input), again);
    let items: ExportItem[];
    try {
      items = await api.exportPanels(input);
    } catch (e) {
      this.failed = again;
      throw e;
    }
    this.exported = items.find((i) => !i.error) ?? items[0] ?? null;
    this.#report(items, again);
    const written = items.filter((i) => i.path && !i.error);
    if (written.length === 1) toasts.show(`Saved ${written[0]!.path}`);
    else if (written.length > 1) toasts.show(`Saved ${written.length} images in ${input.output}`);
    const failed = items.filter((i) => i.error).length;
    if (failed) toasts.show(`${failed} of ${items.length} could not be exported — see the message above the preview`, 'warn');
  }

  /** Exports several panels of this dashboard into a folder, with a progress bar. */
  exportPanels(panels: string[], destination: Exclude<Destination, 'ask'>) {
    return this.#busy(async () => {
      const d = this.dashboard;
      if (!app.connection || !d || panels.length === 0) return;
      const folder = await this.#folder(destination === 'choose-folder', 'Export the picked panels into…');
      if (folder === null) return;
      await this.#batchTo(this.#input(app.connection, d.uid, panels, folder, false));
    });
  }

  /** A batch into a folder already chosen; Retry exports again the panels that failed. */
  async #batchTo(input: ExportInput): Promise<void> {
    this.batch = { done: 0, total: input.panels.length, items: [] };
    const items: ExportItem[] = [];
    const all = () => this.#busy(() => this.#batchTo(input), all);
    try {
      await api.exportBatch(input, (p: BatchProgress) => {
        items.push(p.item);
        if (this.batch) this.batch = { done: p.done, total: p.total, items: [...this.batch.items, p.item] };
      });
    } catch (e) {
      this.failed = all;
      throw e;
    }
    const redo = items.flatMap((i) => (i.error && i.target.kind === 'panel' ? [i.target.panel] : []));
    const done = items.length - redo.length;
    toasts.show(
      redo.length ? `${done} of ${items.length} panels exported to ${input.output}; ${redo.length} failed (Retry exports them again)` : `${done} panels exported to ${input.output}`,
      redo.length ? 'warn' : 'ok',
    );
    const again = () => this.#busy(() => this.#batchTo({ ...input, panels: redo }), again);
    this.#report(items, again);
  }
}

/** "1 data frame, 120 rows". */
export function dataSummary(frames: number, rows: number): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(frames, 'data frame')}, ${n(rows, 'row')}`;
}
