import { describe, expect, it } from 'vitest';
import { browserLine, isBrowserProblem, progressView } from './browser';

describe('browser helpers', () => {
  it('turns download steps into a label and a bar', () => {
    expect(progressView(null).fraction).toBeNull();
    expect(progressView({ step: 'listing', received: 0, total: null }).fraction).toBeNull();
    expect(progressView({ step: 'downloading', received: 5e6, total: 2e7 })).toEqual({ label: 'Downloading 5.0 of 20.0 MB', fraction: 0.25 });
    expect(progressView({ step: 'downloading', received: 5e6, total: null })).toEqual({ label: 'Downloading 5.0 MB', fraction: null });
    expect(progressView({ step: 'checking', received: 0, total: null }).label).toMatch(/runs/);
  });

  it('says which browser and where it came from, only when it works', () => {
    const ok = { path: '/p', version: 'Chromium 156', origin: 'system' as const, problem: null, headlessShell: false, canDownload: true, offerHeadlessShell: false, source: '' };
    expect(browserLine(ok)).toBe('Chromium 156 · found on this computer');
    expect(browserLine({ ...ok, problem: { code: 'chromium.launch_failed', message: '' } })).toBeNull();
  });

  it('knows browser errors by their codes', () => {
    expect(isBrowserProblem({ code: 'chromium.not_found', message: '' })).toBe(true);
    expect(isBrowserProblem({ code: 'browser.bad_archive', message: '' })).toBe(true);
    expect(isBrowserProblem({ code: 'grafana.unreachable', message: '' })).toBe(false);
    expect(isBrowserProblem('x')).toBe(false);
  });
});
