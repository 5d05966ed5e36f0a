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

describe('batch result lines', () => {
  it('quote a Grafana error but only name a browser problem', async () => {
    const { itemLine } = await import('./errors');
    expect(itemLine({ title: 'CPU', path: '/x/cpu.png', error: null })).toBe('✓ CPU → /x/cpu.png');
    expect(itemLine({ title: 'CPU', path: null, error: { code: 'render.timeout', message: 'timed out' } })).toBe('✗ CPU: timed out');
    const line = itemLine({ title: 'CPU', path: null, error: { code: 'chromium.not_found', message: 'no Chromium-based browser found (looked at: …)' } });
    expect(line).toBe('✗ CPU: no usable browser (Settings → Browser)');
  });
});

describe('render remedies', () => {
  it('offer waiting longer and capturing anyway where they help', async () => {
    const { renderRemedies } = await import('./errors');
    expect(renderRemedies({ code: 'render.timeout', message: '' })).toEqual({ retry: true, waitLonger: true, captureAnyway: true });
    expect(renderRemedies({ code: 'render.panel_error', message: '' })).toEqual({ retry: true, waitLonger: false, captureAnyway: true });
    expect(renderRemedies({ code: 'grafana.unreachable', message: '' })).toEqual({ retry: true, waitLonger: false, captureAnyway: false });
    expect(renderRemedies({ code: 'store.locked', message: '' })).toEqual({ retry: false, waitLonger: false, captureAnyway: false });
  });
});
