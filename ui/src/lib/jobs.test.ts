import { describe, expect, it } from 'vitest';
import { addToJob, jobSize } from './jobs';
import type { Job, JobItem } from './types';

const item = (dashboardUid: string, panel: string, timeFrom: string | null = null): JobItem => ({ dashboardUid, panel, vars: [], timeFrom, timeTo: null, title: null });
const job: Job = { name: 'Monday', connection: 'prod', preset: null, outputDir: '/x', template: '{panel}.{ext}', items: [item('node', '1')], deck: null, look: null };

describe('adding picked panels to a job', () => {
  it('appends panels of another dashboard and skips ones already there', () => {
    const { job: grown, added } = addToJob(job, [item('node', '1'), item('k8s', '3'), item('node', '1', 'now-7d')]);
    expect(added).toBe(2);
    expect(grown.items.map((i) => `${i.dashboardUid}:${i.panel}`)).toEqual(['node:1', 'k8s:3', 'node:1']);
    expect(jobSize(grown)).toBe('3 panels from 2 dashboards');
    expect(jobSize(job)).toBe('1 panel from 1 dashboard');
  });
});
