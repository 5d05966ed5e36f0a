import { describe, expect, it } from 'vitest';
import { describe as describeError, isCancelled } from './errors';

describe('error display', () => {
  it('shows the message and the action for a known code', () => {
    const d = describeError({ code: 'grafana.unauthorized', message: 'Grafana rejected the credentials (401).' });
    expect(d.title).toBe('Grafana rejected the credentials (401).');
    expect(d.action).toMatch(/token/);
  });

  it('never shows raw objects', () => {
    expect(describeError(new Error('boom')).title).toBe('Something went wrong');
    expect(describeError({ code: 'x.y', message: 'm' }).action).toBeNull();
  });

  it('tells a cancelled render from a failure', () => {
    expect(isCancelled({ code: 'render.cancelled', message: 'cancelled' })).toBe(true);
    expect(isCancelled({ code: 'render.timeout', message: 'slow' })).toBe(false);
    expect(isCancelled(null)).toBe(false);
  });
});
