import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const weekly = { name: 'Weekly', builtin: false, width: 1600, height: 900, scale: 2, theme: 'dark', timezone: 'Europe/Berlin', timeFrom: 'now-7d', timeTo: 'now', format: 'png', quality: null, transparent: false, zoom: 1.5, isDefault: false };
const monday = { name: 'monday', connection: 'demo', preset: 'Weekly', outputDir: '/x', template: 't', deck: null, look: null,
  items: [{ dashboardUid: 'api', panel: '1', vars: [], timeFrom: null, timeTo: null, title: null }] };
vi.mock('@tauri-apps/api/core', () => ({
  Channel: class {},
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => {
    calls.push({ cmd, args });
    if (cmd === 'presets_list') return [weekly];
    if (cmd === 'jobs_list') return [monday];
    if (cmd === 'connections_list') return [];
    if (cmd === 'preset_update') return [args.preset];
    if (cmd === 'job_save') return [args.job];
    throw { code: 'test.unknown', message: cmd };
  }),
}));

import Presets from './Presets.svelte';

/** The element once the screen has loaded and drawn it. */
const shown = (container: HTMLElement, css: string) =>
  vi.waitFor(() => {
    const el = container.querySelector(css);
    if (!el) throw new Error(`no ${css} yet`);
    return el;
  });

describe('presets screen', () => {
  it('edits a preset with the same look form as Browse', async () => {
    const { container } = render(Presets);
    expect((await shown(container, "[data-preset='Weekly']")).textContent).toContain('1600×900 @2x, text 150 %');
    await fireEvent.click(await shown(container, "[data-preset='Weekly'] [data-edit-preset]"));
    const form = await screen.findByRole('form', { name: 'Edit preset' });
    await fireEvent.change(screen.getByLabelText('Width'), { target: { value: '1280' } });
    await fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Asia/Tokyo' } });
    await fireEvent.change(screen.getByLabelText(/^Text/), { target: { value: '2' } });
    await fireEvent.submit(form);
    await vi.waitFor(() => expect(calls.some((c) => c.cmd === 'preset_update')).toBe(true));
    const update = calls.find((c) => c.cmd === 'preset_update')!.args;
    expect(update.original).toBe('Weekly');
    expect(update.preset).toEqual({ ...weekly, width: 1280, timezone: 'Asia/Tokyo', zoom: 2 });
  });

  it('adds a panel of another dashboard to a job in its editor', async () => {
    const { container } = render(Presets);
    await fireEvent.click(await shown(container, "[data-job='monday'] [data-edit-job]"));
    await fireEvent.input(screen.getByLabelText('Dashboard UID'), { target: { value: 'node-exporter-full' } });
    await fireEvent.input(screen.getByLabelText('Panel'), { target: { value: '3' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add panel' }));
    expect(container.querySelectorAll('[data-job-item]')).toHaveLength(2);
    await fireEvent.submit(screen.getByRole('form', { name: 'Edit job' }));
    await vi.waitFor(() => expect(calls.some((c) => c.cmd === 'job_save')).toBe(true));
    const job = calls.find((c) => c.cmd === 'job_save')!.args.job as { items: unknown[] };
    expect(job.items).toEqual([
      monday.items[0],
      { dashboardUid: 'node-exporter-full', panel: '3', vars: [], timeFrom: null, timeTo: null, title: null },
    ]);
  });
});
