import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const calls: { cmd: string; args: unknown }[] = [];
const added = { id: 1, name: 'prod', url: 'https://g/', orgId: null, auth: 'basic', username: 'ann', caCertPem: null, insecure: false, timeoutSecs: 30, createdAt: '' };
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args: unknown) => {
    calls.push({ cmd, args });
    if (cmd === 'connections_list') return calls.some((c) => c.cmd === 'connection_add') ? [added] : [];
    if (cmd === 'connection_add') return added;
    if (cmd === 'connection_update') return { ...added, name: 'production' };
    if (cmd === 'connection_remove') return null;
    if (cmd === 'connection_test') throw { code: 'grafana.unauthorized', message: 'Grafana rejected the credentials (401).' };
    throw { code: 'test.unknown', message: cmd };
  }),
}));

import Connections from './Connections.svelte';
import { session } from '../lib/state.svelte';

describe('connections form', () => {
  it('sends basic auth and shows the test error with what to do', async () => {
    render(Connections);
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'prod' } });
    await fireEvent.input(screen.getByLabelText('Grafana URL'), { target: { value: 'https://g/' } });
    await fireEvent.change(screen.getByLabelText('Sign in with'), { target: { value: 'basic' } });
    await fireEvent.input(await screen.findByLabelText('User'), { target: { value: 'ann' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 's3cret' } });
    await fireEvent.submit(screen.getByRole('form', { name: 'Add a connection' }));
    const add = await vi.waitFor(() => {
      const c = calls.find((c) => c.cmd === 'connection_add');
      if (!c) throw new Error('not yet');
      return c;
    });
    expect(add.args).toEqual({ input: expect.objectContaining({ name: 'prod', auth: 'basic', user: 'ann', password: 's3cret' }) });
    expect(await screen.findByText(/Check the token/)).toBeInTheDocument();
    expect(screen.getByText('Grafana rejected the credentials (401).')).toBeInTheDocument();
  });

  it('edits a connection without showing or resending its stored secret', async () => {
    calls.length = 0;
    calls.push({ cmd: 'connection_add', args: null });
    render(Connections);
    await fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const form = screen.getByRole('form', { name: 'Edit prod' });
    expect(form).toHaveTextContent('User ann; password stored in the OS keyring.');
    expect(screen.queryByLabelText('Password')).toBeNull();
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'production' } });
    await fireEvent.submit(form);
    const update = await vi.waitFor(() => {
      const c = calls.find((c) => c.cmd === 'connection_update');
      if (!c) throw new Error('not yet');
      return c;
    });
    expect(update.args).toEqual({ current: 'prod', input: expect.objectContaining({ name: 'production', auth: 'keep' }) });
    expect(JSON.stringify(update.args)).not.toContain('password');
  });

  it('does not put a connection that fails its test in use until the user keeps it', async () => {
    calls.length = 0;
    session.connection = null;
    render(Connections);
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'prod' } });
    await fireEvent.input(screen.getByLabelText('Grafana URL'), { target: { value: 'https://g/' } });
    await fireEvent.submit(screen.getByRole('form', { name: 'Add a connection' }));
    expect(await screen.findByText(/does not work yet/)).toBeInTheDocument();
    expect(session.connection).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Keep it anyway' }));
    expect(session.connection).toBe('prod');
  });

  it('removes a connection only after the undo window, and Undo keeps it', async () => {
    calls.length = 0;
    calls.push({ cmd: 'connection_add', args: null });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(Connections);
      await fireEvent.click(await screen.findByRole('button', { name: 'Remove' }));
      expect(screen.getByText('Removed prod.')).toBeInTheDocument();
      expect(document.querySelector('[data-connection="prod"]')).toBeNull();
      await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
      expect(document.querySelector('[data-connection="prod"]')).not.toBeNull();
      vi.advanceTimersByTime(10_000);
      expect(calls.some((c) => c.cmd === 'connection_remove')).toBe(false);
      await fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
      vi.advanceTimersByTime(10_000);
      await vi.waitFor(() => expect(calls.some((c) => c.cmd === 'connection_remove')).toBe(true));
    } finally {
      vi.useRealTimers();
    }
  });
});
