import type { Job, JobItem } from './types';

const same = (a: JobItem, b: JobItem) =>
  a.dashboardUid === b.dashboardUid &&
  a.panel === b.panel &&
  a.timeFrom === b.timeFrom &&
  a.timeTo === b.timeTo &&
  JSON.stringify(a.vars) === JSON.stringify(b.vars);

/** The job with `items` appended (from any dashboard), leaving out ones it already has. */
export function addToJob(job: Job, items: JobItem[]): { job: Job; added: number } {
  const fresh = items.filter((i) => !job.items.some((j) => same(i, j)));
  return { job: { ...job, items: [...job.items, ...fresh] }, added: fresh.length };
}

/** "5 panels from 2 dashboards". */
export function jobSize(job: Job): string {
  const dashboards = new Set(job.items.map((i) => i.dashboardUid)).size;
  const n = job.items.length;
  return `${n} panel${n === 1 ? '' : 's'} from ${dashboards} dashboard${dashboards === 1 ? '' : 's'}`;
}
