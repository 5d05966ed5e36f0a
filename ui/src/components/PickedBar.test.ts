import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import PickedBar from './PickedBar.svelte';
import { ExportSession } from '../lib/export-session.svelte';

describe('picked bar', () => {
  it('picks all or none of the dashboard panels', async () => {
    const onpicks = vi.fn();
    const session = new ExportSession();
    const { rerender } = render(PickedBar, { session, picked: ['1'], all: ['1', '2', '3'], onpicks });
    expect(screen.getByText('1 of 3 panel(s) picked')).toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Pick every panel'));
    expect(onpicks).toHaveBeenLastCalledWith(['1', '2', '3']);
    await rerender({ session, picked: ['1', '2', '3'], all: ['1', '2', '3'], onpicks });
    await fireEvent.click(screen.getByLabelText('Pick every panel'));
    expect(onpicks).toHaveBeenLastCalledWith([]);
  });

  it('exports the picks into the default folder or one chosen now, and is off with none', async () => {
    const session = new ExportSession();
    const exportPanels = vi.spyOn(session, 'exportPanels').mockResolvedValue();
    const { rerender } = render(PickedBar, { session, picked: ['2', '3'], all: ['1', '2', '3'], onpicks: () => {} });
    await fireEvent.click(screen.getByRole('button', { name: 'Export picked to default folder' }));
    expect(exportPanels).toHaveBeenLastCalledWith(['2', '3'], 'folder');
    await fireEvent.click(screen.getByRole('button', { name: 'Export picked to…' }));
    expect(exportPanels).toHaveBeenLastCalledWith(['2', '3'], 'choose-folder');
    await rerender({ session, picked: [], all: ['1', '2', '3'], onpicks: () => {} });
    expect(screen.getByRole('button', { name: 'Export picked to default folder' })).toBeDisabled();
  });
});
