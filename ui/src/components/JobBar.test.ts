import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const monday = { name: 'monday', connection: 'demo', preset: null, outputDir: '/x', template: 't', deck: null,
  look: null, items: [{ dashboardUid: 'other', panel: '1', vars: [], timeFrom: null, timeTo: null, title: null }] };
vi.mock('@tauri-apps/api/core', () => ({
  Channel: class {},
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => {
    calls.push({ cmd, args });
    if (cmd === 'jobs_list') return [monday];
    if (cmd === 'presets_list') return [];
    if (cmd === 'settings_get') return { exportDir: '/home/ann/Pictures', fileTemplate: '{dashboard}-{panel}' };
    if (cmd === 'preset_save') return [args.preset];
    if (cmd === 'job_save') {
      const job = args.job as { name: string };
      return job.name === 'monday' ? [job] : [monday, job];
    }
    throw { code: 'test.unknown', message: cmd };
  }),
}));

import JobBar from './JobBar.svelte';
import { DeckChoice } from '../lib/deck-choice.svelte';
import { ExportSession } from '../lib/export-session.svelte';
import { session as app } from '../lib/state.svelte';
import type { DashboardDetail } from '../lib/types';

function session(): ExportSession {
  app.connection = 'demo';
  const s = new ExportSession();
  s.dashboard = { uid: 'api', title: 'API', panels: [], variables: [] } as unknown as DashboardDetail;
  s.options = { ...s.options, width: 1600, height: 900, theme: 'light', from: 'now-7d', to: 'now', vars: [['env', 'prod']] };
  return s;
}

describe('job bar', () => {
  it('saves a job keeping exactly the look on screen inside it, and adds picks to a job of another dashboard', async () => {
    render(JobBar, { session: session(), picked: ['2', '3'] });
    await fireEvent.input(screen.getByLabelText('Job name'), { target: { value: 'weekly' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save picked as job' }));
    expect(await screen.findByText('Saved job weekly: 2 panel(s)')).toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'preset_save'), 'no preset is made for the job').toBe(false);
    const job = calls.find((c) => c.cmd === 'job_save')!.args.job as { preset: string | null; look: unknown; deck: unknown; items: unknown[] };
    expect(job.preset).toBeNull();
    expect(job.look).toEqual(expect.objectContaining({ width: 1600, height: 900, theme: 'light', timeFrom: 'now-7d' }));
    expect(job.deck).toBeNull();
    expect(job.items).toEqual([
      { dashboardUid: 'api', panel: '2', vars: [['env', 'prod']], timeFrom: 'now-7d', timeTo: 'now', title: null },
      { dashboardUid: 'api', panel: '3', vars: [['env', 'prod']], timeFrom: 'now-7d', timeTo: 'now', title: null },
    ]);

    await fireEvent.change(screen.getByLabelText('Add to job'), { target: { value: 'monday' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add picked' }));
    expect(await screen.findByText('Added 2 panel(s) to monday: 3 panels from 2 dashboards')).toBeInTheDocument();
  });

  it('saves the deck set up beside it, with the typed titles, once the user worked on that deck', async () => {
    calls.length = 0;
    const deck = new DeckChoice();
    deck.layout = { slide: '4:3', perSlide: 4, titles: true, nativeTables: false };
    deck.format = 'pdf';
    deck.titles = { '3': ' Disk this week ' };
    deck.touched = true;
    render(JobBar, { session: session(), picked: ['2', '3'], deck });
    expect(screen.getByLabelText('Job makes')).toHaveValue('deck');
    await fireEvent.input(screen.getByLabelText('Job name'), { target: { value: 'deck job' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save picked as job' }));
    expect(await screen.findByText('Saved job deck job: a .pdf deck of 2 panel(s)')).toBeInTheDocument();
    const job = calls.find((c) => c.cmd === 'job_save')!.args.job as { deck: unknown; items: { title: string | null }[] };
    expect(job.deck).toEqual({ format: 'pdf', layout: { slide: '4:3', perSlide: 4, titles: true, nativeTables: false } });
    expect(job.items.map((i) => i.title)).toEqual([null, 'Disk this week']);
  });
});
