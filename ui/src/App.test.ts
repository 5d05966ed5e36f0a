import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

let connections: unknown[] = [];
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string) => {
    if (cmd === 'app_info') return { name: 'Panelshot', version: '9.9.9' };
    if (cmd === 'connections_list') return connections;
    throw { code: 'test.unknown', message: cmd };
  }),
}));

import App from './App.svelte';

describe('app shell', () => {
  it('shows the navigation and switches screens on click', async () => {
    render(App);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(nav).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Connections');
    await fireEvent.click(screen.getByRole('button', { name: /History/ }));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('History');
    expect(screen.getByRole('button', { name: /History/ })).toHaveAttribute('aria-current', 'page');
  });

  it('switches screens with Ctrl+digit', async () => {
    render(App);
    await fireEvent.keyDown(window, { key: '5', ctrlKey: true });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Settings');
  });

  it('opens on Browse when a connection exists, on Connections when none does', async () => {
    history.replaceState(null, '', '#');
    connections = [{ id: 1, name: 'prod' }];
    const { unmount } = render(App);
    await vi.waitFor(() => expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Browse'));
    unmount();
    history.replaceState(null, '', location.pathname);
    connections = [];
    render(App);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Connections');
  });

  it('shows the version the Rust side reports', async () => {
    render(App);
    expect(await screen.findByText('v9.9.9')).toBeInTheDocument();
  });
});
