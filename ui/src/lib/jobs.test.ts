import { describe, expect, it } from 'vitest';
import { addToJob, jobSize } from './jobs';
import type { Job, JobItem } from './types';

const item = (dashboard_uid: string, panel: string, time_from: string | null = null): JobItem => ({ dashboard_uid, panel, vars: [], time_from, time_to: null, title: null });
const job: Job = { name: 'Monday', connection: 'prod', preset: null, output_dir: '/x', template: '{panel}.{ext}', items: [item('node', '1')], deck: null, look: null };

describe('adding picked panels to a job', () => {
  it('appends panels of another dashboard and skips ones already there', () => {
    const { job: grown, added } = addToJob(job, [item('node', '1'), item('k8s', '3'), item('node', '1', 'now-7d')]);
    expect(added).toBe(2);
    expect(grown.items.map((i) => `${i.dashboard_uid}:${i.panel}`)).toEqual(['node:1', 'k8s:3', 'node:1']);
    expect(jobSize(grown)).toBe('3 panels from 2 dashboards');
    expect(jobSize(job)).toBe('1 panel from 1 dashboard');
  });
});
