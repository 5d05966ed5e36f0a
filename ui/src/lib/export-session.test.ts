import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
let release: (() => void) | null = null;
/** The next exports fail as Grafana failing a panel's query would. */
let exportFails = false;
vi.mock('@tauri-apps/api/core', () => ({
  Channel: class {
    onmessage: ((m: unknown) => void) | null = null;
  },
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => {
    calls.push({ cmd, args });
    if (cmd === 'settings_get') return { exportDir: '/home/ann/Pictures' };
    if (cmd === 'export_file_name') return 'API - Latency.png';
    if (cmd === 'panel_export') {
      // Held open until released, to try a second click while the first export runs.
      await new Promise<void>((r) => (release = r));
      if (exportFails) return [{ path: null, error: { code: 'grafana.server_error', message: 'Grafana answered HTTP 500' }, historyId: 8, target: { kind: 'panel', panel: '3' } }];
      return [{ path: '/home/ann/Pictures/API - Latency.png', error: null, historyId: 7 }];
    }
    if (cmd === 'panel_preview') {
      const o = args.options as { width: number };
      if (o.width === 666) throw { code: 'grafana.server_error', message: 'Grafana answered HTTP 500' };
      return { dataUrl: `data:${o.width}`, widthPx: o.width, heightPx: 900, durationMs: 10, readySignal: 'scenes' };
    }
    if (cmd === 'copy_data') return { frames: 2, rows: 240, rendered: false };
    throw { code: 'test.unknown', message: cmd };
  }),
}));
const dialog = vi.hoisted(() => ({
  save: vi.fn(async () => '/tmp/slides/latency.png' as string | null),
  open: vi.fn(async () => '/tmp/chosen' as string | null),
}));
vi.mock('@tauri-apps/plugin-dialog', () => dialog);

import { ExportSession, PREVIEW_PAUSE_MS } from './export-session.svelte';
import { session as app } from './state.svelte';
import { lookOf } from './look-fields';
import type { DashboardDetail } from './types';

const dashboard = {
  uid: 'api', title: 'API', slug: 'api', url: '/d/api', folderUid: null, folderTitle: null, tags: [],
  timezone: 'Europe/Berlin', timeFrom: 'now-6h', timeTo: 'now', apiVersion: null, version: 1,
  variables: [{ name: 'env', label: null, kind: 'custom', current: ['prod'], options: [], multi: false, includeAll: false }],
  panels: [{ id: 3, key: 'panel-3', title: 'Latency' }],
} as unknown as DashboardDetail;

function ready(): ExportSession {
  app.connection = 'demo';
  const s = new ExportSession();
  s.openDashboard(dashboard);
  s.choosePanel('3');
  return s;
}

const exports = () => calls.filter((c) => c.cmd === 'panel_export');

describe('export session', () => {
  beforeEach(() => {
    calls.length = 0;
    release = null;
  });

  it("starts a dashboard with its own variables and keeps the zone the user chose", () => {
    const s = ready();
    // None chosen: the dashboard's own zone applies (null asks Grafana for it).
    expect(s.options.timezone).toBeNull();
    expect(s.options.vars).toEqual([['env', 'prod']]);
    s.useLook({ options: { ...s.options, timezone: 'Asia/Tokyo' }, format: 'png', quality: null, naturalSize: false });
    s.openDashboard(dashboard);
    expect(s.options.timezone).toBe('Asia/Tokyo');
    // A zone typed by hand stays across dashboards too.
    s.setLook({ ...lookOf(s.options, 'png', null), timezone: 'America/New_York' });
    s.openDashboard(dashboard);
    expect(s.options.timezone).toBe('America/New_York');
  });

  it('exports to a file named in the save dialog, once however often it is clicked', async () => {
    const s = ready();
    const first = s.export('ask');
    const second = s.export('ask'); // a double click while the first runs
    await vi.waitFor(() => expect(release).not.toBeNull());
    release!();
    await Promise.all([first, second]);
    expect(exports()).toHaveLength(1);
    expect(dialog.save).toHaveBeenCalledWith({ defaultPath: '/home/ann/Pictures/API - Latency.png' });
    expect(exports()[0]!.args.input).toEqual(expect.objectContaining({ output: '/tmp/slides/latency.png', overwrite: true, panels: ['3'] }));
    expect(s.exported?.path).toBe('/home/ann/Pictures/API - Latency.png');
    expect(s.exporting).toBe(false);
  });

  it('writes into the export folder without a dialog, and never replaces a file there', async () => {
    const s = ready();
    dialog.save.mockClear();
    const done = s.export('folder');
    await vi.waitFor(() => expect(release).not.toBeNull());
    release!();
    await done;
    expect(dialog.save).not.toHaveBeenCalled();
    expect(exports()[0]!.args.input).toEqual(expect.objectContaining({ output: '/home/ann/Pictures/', overwrite: false }));
  });

  it('Retry repeats the export that failed, to the same file, without asking again', async () => {
    const s = ready();
    dialog.save.mockClear();
    exportFails = true;
    const failing = s.export('ask');
    await vi.waitFor(() => expect(release).not.toBeNull());
    release!();
    release = null;
    await failing;
    expect(s.error).toEqual({ code: 'grafana.server_error', message: 'Grafana answered HTTP 500' });
    exportFails = false;
    const again = s.retry();
    await vi.waitFor(() => expect(release).not.toBeNull());
    release!();
    await again;
    expect(exports()).toHaveLength(2);
    expect(exports()[1]!.args.input).toEqual(exports()[0]!.args.input);
    expect(dialog.save).toHaveBeenCalledTimes(1);
    expect(s.error).toBeNull();
    expect(s.exported?.path).toBe('/home/ann/Pictures/API - Latency.png');
    // Nothing failed any more: Retry is a preview again.
    await s.retry();
    expect(calls.filter((c) => c.cmd === 'panel_preview')).toHaveLength(1);
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const s = ready();
    dialog.save.mockResolvedValueOnce(null);
    await s.export('ask');
    expect(exports()).toHaveLength(0);
  });

  it('draws the preview once the options rest, the latest options winning', async () => {
    vi.useFakeTimers();
    try {
      const s = ready();
      s.schedulePreview();
      s.options = { ...s.options, width: 800 };
      s.schedulePreview();
      await vi.advanceTimersByTimeAsync(PREVIEW_PAUSE_MS + 10);
      const previews = calls.filter((c) => c.cmd === 'panel_preview');
      expect(previews).toHaveLength(1);
      expect(s.preview?.widthPx).toBe(800);
      expect(s.rendering).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a failed preview keeps the last picture, marked as not current, until one succeeds', async () => {
    const s = ready();
    await s.render();
    const good = s.preview;
    s.options = { ...s.options, width: 666 };
    await s.render();
    expect(s.preview).toEqual(good);
    expect(s.previewFailed).toBe(true);
    expect(s.error).toEqual({ code: 'grafana.server_error', message: 'Grafana answered HTTP 500' });
    s.options = { ...s.options, width: 700 };
    await s.render();
    expect(s.previewFailed).toBe(false);
    expect(s.error).toBeNull();
  });

  it('wait longer doubles the timeout up to the limit; capture anyway is dropped for the next panel', () => {
    const s = ready();
    s.options = { ...s.options, timeoutSecs: 400 };
    s.waitLonger();
    expect(s.options.timeoutSecs).toBe(600);
    s.captureAnyway();
    expect(s.options.captureAnyway).toBe(true);
    s.choosePanel('4');
    expect(s.options.captureAnyway).toBe(false);
  });

  it('saves the data beside the images when asked, and copies it as CSV', async () => {
    const s = ready();
    s.saveData = true;
    const done = s.export('folder');
    await vi.waitFor(() => expect(release).not.toBeNull());
    release?.();
    await done;
    expect((exports()[0]?.args.input as { data?: string }).data).toBe('csv');
    await s.copyData();
    expect(calls.some((c) => c.cmd === 'copy_data')).toBe(true);
    expect(s.copied).toBe('Copied the data as CSV: 2 data frames, 240 rows');
  });
});
