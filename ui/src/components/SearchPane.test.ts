import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const calls: { cmd: string; args: Record<string, unknown> }[] = [];
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => {
    calls.push({ cmd, args });
    if (cmd === 'dashboards_search') {
      const input = args.input as { query: string };
      if (input.query === 'boom') throw { code: 'grafana.unreachable', message: 'Grafana is down' };
      const all = [
        { uid: 'a', title: 'API Latency', folderTitle: 'Apps', folderUid: 'f', tags: [], isStarred: true, url: '/d/a' },
        { uid: 'n', title: 'Node Exporter', folderTitle: null, folderUid: null, tags: [], isStarred: false, url: '/d/n' },
      ];
      return { hits: all.filter((h) => h.title.toLowerCase().includes(input.query.toLowerCase())), hasMore: false };
    }
    if (cmd === 'folders_list') return [];
    if (cmd === 'tags_list') return [['linux', 2]];
    throw { code: 'test.unknown', message: cmd };
  }),
}));

import SearchPane from './SearchPane.svelte';
import { session } from '../lib/state.svelte';
import type { Connection } from '../lib/types';

const connections = [{ id: 1, name: 'demo', url: 'http://g/', orgId: null, auth: 'token', username: null, caCertPem: null, insecure: false, timeoutSecs: 30, createdAt: '' }] as Connection[];

describe('search pane', () => {
  it('lists dashboards, narrows them as the user types, and opens the one clicked', async () => {
    session.connection = 'demo';
    const onopen = vi.fn();
    render(SearchPane, { connections, active: 'n', onopen, onerror: () => {} });
    expect(await screen.findByText('★ API Latency')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Node Exporter/ })).toHaveClass('active');
    expect(await screen.findByRole('option', { name: 'linux (2)' })).toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('Search dashboards'), { target: { value: 'zzz' } });
    expect(await screen.findByText('No dashboard matches “zzz”.', {}, { timeout: 2000 })).toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('Search dashboards'), { target: { value: 'node' } });
    const node = await screen.findByRole('button', { name: /Node Exporter/ }, { timeout: 2000 });
    await vi.waitFor(() => expect(screen.queryByText('★ API Latency')).toBeNull());
    await fireEvent.click(node);
    expect(onopen).toHaveBeenCalledWith('n');
  });

  it('filters by tag, and reports a failing search to the screen', async () => {
    session.connection = 'demo';
    const onerror = vi.fn();
    render(SearchPane, { connections, active: null, onopen: () => {}, onerror });
    await screen.findByRole('option', { name: 'linux (2)' });
    await fireEvent.change(screen.getByLabelText('Tag'), { target: { value: 'linux' } });
    await vi.waitFor(() =>
      expect(calls.filter((c) => c.cmd === 'dashboards_search').at(-1)?.args).toEqual({
        input: expect.objectContaining({ connection: 'demo', tags: ['linux'] }),
      }),
    );
    await fireEvent.input(screen.getByLabelText('Search dashboards'), { target: { value: 'boom' } });
    await vi.waitFor(() => expect(onerror).toHaveBeenCalledWith({ code: 'grafana.unreachable', message: 'Grafana is down' }), { timeout: 2000 });
  });

  it('Enter in the search field opens the first match, without waiting for the pause', async () => {
    session.connection = 'demo';
    const onopen = vi.fn();
    render(SearchPane, { connections, active: null, onopen, onerror: () => {} });
    await screen.findByText('★ API Latency');
    const field = screen.getByLabelText('Search dashboards');
    await fireEvent.input(field, { target: { value: 'node' } });
    await fireEvent.keyDown(field, { key: 'Enter' });
    await vi.waitFor(() => expect(onopen).toHaveBeenCalledWith('n'));
  });
});
