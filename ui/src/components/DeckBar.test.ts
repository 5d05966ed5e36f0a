import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';

const calls: { cmd: string; args: unknown }[] = [];
let finish: (v: unknown) => void = () => {};
vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args: unknown) => {
    calls.push({ cmd, args });
    if (cmd === 'deck_export') return new Promise((r) => (finish = r));
    if (cmd === 'history_open') return null;
    throw { code: 'test.unknown', message: cmd };
  }),
}));

import DeckBar from './DeckBar.svelte';
import { defaultOptions } from '../lib/options';

const props = (picked: string[]) => ({
  connection: 'prod',
  dashboard: { uid: 'node', title: 'Node Exporter' },
  picked,
  options: { ...defaultOptions(), theme: 'light' as const },
  onerror: vi.fn(),
});

describe('deck bar', () => {
  it('sends the picked panels in order with the chosen layout, once, and shows the file', async () => {
    render(DeckBar, props(['3', '1']));
    await fireEvent.change(screen.getByLabelText('Panels per slide'), { target: { value: '2' } });
    // PowerPoint can hold table panels as tables; a PDF has only pictures.
    await fireEvent.click(screen.getByLabelText('Tables as tables'));
    await fireEvent.change(screen.getByLabelText('Deck format'), { target: { value: 'pdf' } });
    expect(screen.queryByLabelText('Tables as tables')).toBeNull();
    const button = screen.getByRole('button', { name: 'Export picked as deck' });
    await fireEvent.click(button);
    await fireEvent.click(button);
    expect(screen.getByRole('button', { name: 'Making the deck…' })).toBeDisabled();
    expect(calls.filter((c) => c.cmd === 'deck_export')).toHaveLength(1);
    const { input } = calls[0]!.args as { input: Record<string, unknown> };
    expect(input.panels).toEqual([
      { dashboardUid: 'node', panel: '3', title: null, from: null, to: null, vars: [] },
      { dashboardUid: 'node', panel: '1', title: null, from: null, to: null, vars: [] },
    ]);
    expect(input.layout).toEqual({ slide: '16:9', perSlide: 2, titles: true, nativeTables: true });
    expect(input.format).toBe('pdf');
    expect(input.name).toBe('Node Exporter');
    expect((input.options as { theme: string }).theme).toBe('light');
    finish({ path: '/x/Node Exporter.pdf', format: 'pdf', slides: 1, panels: 2, picturePx: [900, 876], zoom: 2, bytes: 1, durationMs: 1, historyId: 1, error: null });
    expect(await screen.findByText('✓ deck → /x/Node Exporter.pdf (1 slide, 2 panels, text 200 %)')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    expect(calls.at(-1)).toEqual({ cmd: 'history_open', args: { id: 1 } });
  });

  it('lets each slide title be edited, the panel title standing in for an empty one', async () => {
    calls.length = 0;
    const withPanels = { ...props(['3', '1']), dashboard: { uid: 'node', title: 'Node Exporter', panels: [{ id: 1, title: 'CPU' }, { id: 3, title: 'Disk' }] } };
    render(DeckBar, withPanels);
    const disk = screen.getByLabelText('Slide title for Disk');
    expect(disk).toHaveAttribute('placeholder', 'Disk');
    await fireEvent.input(disk, { target: { value: 'Disk I/O this week ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export picked as deck' }));
    const { input } = calls.find((c) => c.cmd === 'deck_export')!.args as { input: { panels: { title: string | null }[] } };
    expect(input.panels.map((p) => p.title)).toEqual(['Disk I/O this week', null]);
    finish({ path: '/x/a.pptx', format: 'pptx', slides: 2, panels: 2, picturePx: [1, 1], zoom: 2, bytes: 1, durationMs: 1, historyId: 1, error: null });
  });

  it('is off with nothing picked', () => {
    render(DeckBar, props([]));
    expect(screen.getByRole('button', { name: 'Export picked as deck' })).toBeDisabled();
  });
});
