import type { Job, JobItem } from './types';

const same = (a: JobItem, b: JobItem) =>
  a.dashboard_uid === b.dashboard_uid &&
  a.panel === b.panel &&
  a.time_from === b.time_from &&
  a.time_to === b.time_to &&
  JSON.stringify(a.vars) === JSON.stringify(b.vars);

/** The job with `items` appended (from any dashboard), leaving out ones it already has. */
export function addToJob(job: Job, items: JobItem[]): { job: Job; added: number } {
  const fresh = items.filter((i) => !job.items.some((j) => same(i, j)));
  return { job: { ...job, items: [...job.items, ...fresh] }, added: fresh.length };
}

/** "5 panels from 2 dashboards". */
export function jobSize(job: Job): string {
  const dashboards = new Set(job.items.map((i) => i.dashboard_uid)).size;
  const n = job.items.length;
  return `${n} panel${n === 1 ? '' : 's'} from ${dashboards} dashboard${dashboards === 1 ? '' : 's'}`;
}
