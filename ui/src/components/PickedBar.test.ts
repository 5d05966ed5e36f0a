import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
const monday = { name: 'monday', connection: 'demo', preset: null, output_dir: '/x', template: 't', deck: null,
  items: [{ dashboard_uid: 'other', panel: '1', vars: [], time_from: null, time_to: null }] };
vi.mock('@tauri-apps/api/core', () => ({
  Channel: class {},
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => {
    calls.push({ cmd, args });
    if (cmd === 'jobs_list') return [monday];
    if (cmd === 'presets_list') return [];
    if (cmd === 'settings_get') return { export_dir: '/home/ann/Pictures', file_template: '{dashboard}-{panel}' };
    if (cmd === 'preset_save') return [args.preset];
    if (cmd === 'job_save') {
      const job = args.job as { name: string };
      return job.name === 'monday' ? [job] : [monday, job];
    }
    throw { code: 'test.unknown', message: cmd };
  }),
}));

import PickedBar from './PickedBar.svelte';
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

describe('picked bar', () => {
  it('picks all or none of the dashboard panels', async () => {
    const onpicks = vi.fn();
    const { rerender } = render(PickedBar, { session: session(), picked: ['1'], all: ['1', '2', '3'], onpicks });
    expect(screen.getByText('1 of 3 panel(s) picked')).toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Pick every panel'));
    expect(onpicks).toHaveBeenLastCalledWith(['1', '2', '3']);
    await rerender({ session: session(), picked: ['1', '2', '3'], all: ['1', '2', '3'], onpicks });
    await fireEvent.click(screen.getByLabelText('Pick every panel'));
    expect(onpicks).toHaveBeenLastCalledWith([]);
  });

});
