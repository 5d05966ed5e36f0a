import { describe, expect, it } from 'vitest';
import { describe as describeError, isCancelled } from './errors';

describe('error display', () => {
  it('shows the message and the action for a known code', () => {
    const d = describeError({ code: 'grafana.unauthorized', message: 'Grafana rejected the credentials (401).' });
    expect(d.title).toBe('Grafana rejected the credentials (401).');
    expect(d.action).toMatch(/token/);
  });

  // The core's messages as the CLI prints them (what, machine detail, advice): the window
  // shows one sentence of what happened and one of what to do; the rest is under Details.
  it.each([
    [
      'grafana.unreachable',
      'could not reach 127.0.0.1:9: error sending request for url (http://127.0.0.1:9/api/health). Check the URL and that Grafana is running',
      'Could not reach 127.0.0.1:9.',
      'Check the URL and that Grafana is running.',
    ],
    [
      'keyring.unavailable',
      'the OS keyring is unavailable (Platform secure storage failure: DBus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files). Start gnome-keyring or KWallet, or set PANELSHOT_TOKEN',
      'The OS keyring is unavailable.',
      'Unlock or install your OS keyring (Secret Service, Keychain, Credential Manager).',
    ],
    [
      'grafana.server_error',
      'Grafana answered HTTP 500 while drawing the panel (http://127.0.0.1:3000/api/ds/query?ds_type=prometheus): the data source or Grafana itself failed. Check the panel in Grafana or try again later, or capture it anyway as it is',
      'Grafana answered HTTP 500 while drawing the panel: the data source or Grafana itself failed.',
      'Check Grafana (or the proxy in front of it), then try again.',
    ],
    [
      'render.no_query',
      'the panel has queries, but the page started no data query within 2.5 s, so it would be captured without its data. Check that the panel works in Grafana (its data source plugin may fail to load), raise the first-query wait, or capture it anyway as it is',
      'The panel has queries, but the page started no data query within 2.5 s, so it would be captured without its data.',
      'Check that the panel works in Grafana (its data source plugin may fail to load), raise the first-query wait, or capture it anyway as it is.',
    ],
    [
      'render.navigation',
      'the browser could not load the page: net::ERR_CONNECTION_REFUSED loading https://grafana.example.com/grafana/. Check that Grafana is reachable',
      'The browser could not load the page.',
      'Check that Grafana is reachable.',
    ],
  ])('%s: what happened, then what to do, details apart', (code, message, title, action) => {
    const d = describeError({ code, message });
    expect(d.title).toBe(title);
    expect(d.action).toBe(action);
    expect(d.title).not.toMatch(/:\/\/|DBus|freedesktop/);
    expect(d.details).toBe(`${message} (${code})`);
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
    expect(itemLine({ title: 'CPU', path: null, error: { code: 'render.timeout', message: 'timed out' } })).toBe('✗ CPU: Timed out.');
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
