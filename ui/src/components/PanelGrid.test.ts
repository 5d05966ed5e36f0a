import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import PanelGrid from './PanelGrid.svelte';
import type { PanelInfo } from '../lib/types';
import { panelInfo } from '../lib/test-fixtures';

const panel = (id: number, extra: Partial<PanelInfo> = {}) => panelInfo(id, { grid: { x: 0, y: id * 8, w: 12, h: 8 }, ...extra });

const memory = { kind: 'row', title: 'Memory', collapsed: true };
const details = { kind: 'tab', title: 'Details', collapsed: false };
const panels = [
  panel(1),
  panel(2),
  panel(3, { row: 'Memory', path: [memory], inCollapsedRow: true }),
  panel(4, { path: [details] }),
];
const pictures = { 'panel-1': { key: 'panel-1', dataUrl: 'data:image/png;base64,AAAA', widthPx: 360, heightPx: 170 } };

describe('panel grid', () => {
  it('shows each panel as its picture, placeholders for the rest, collapsed rows as a group', () => {
    render(PanelGrid, { panels, selected: '1', pictures, notShown: ['panel-3', 'panel-4'], onselect: () => {} });
    expect(screen.getByAltText('Thumbnail of Panel 1')).toHaveAttribute('src', pictures['panel-1'].dataUrl);
    expect(screen.queryByAltText('Thumbnail of Panel 2')).toBeNull();
    expect(screen.getByText('Panel 2')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Memory · collapsed in Grafana \(1 panels\)/ })).toBeInTheDocument();
    expect(screen.getByText('Not drawn on the dashboard (row collapsed)')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Details' })).toBeInTheDocument();
    expect(screen.getByText('Not drawn on the dashboard (on another tab)')).toBeInTheDocument();
  });

  it('a click chooses the panel; the checkbox and Ctrl+click add to the picks', async () => {
    const onselect = vi.fn();
    const { container } = render(PanelGrid, { panels, selected: null, picked: ['2'], onselect });
    await fireEvent.click(container.querySelector("[data-panel='1'] .tile-face")!);
    expect(onselect).toHaveBeenLastCalledWith('1', false);
    await fireEvent.click(container.querySelector("[data-panel='1'] .tile-face")!, { ctrlKey: true });
    expect(onselect).toHaveBeenLastCalledWith('1', true);
    const box = screen.getByLabelText('Pick Panel 2') as HTMLInputElement;
    expect(box.checked).toBe(true);
    await fireEvent.click(screen.getByLabelText('Pick Panel 3'));
    expect(onselect).toHaveBeenLastCalledWith('3', true);
  });

  it('says nothing is missing while the dashboard is still being drawn', () => {
    render(PanelGrid, { panels, selected: null, drawing: true, onselect: () => {} });
    expect(screen.queryByText('No picture')).toBeNull();
    expect(screen.getByLabelText('Panels')).toHaveAttribute('aria-busy', 'true');
  });

  it('is one Tab stop: arrows move between pictures, X and Ctrl+Enter pick', async () => {
    const onselect = vi.fn();
    const { container } = render(PanelGrid, { panels, selected: '2', onselect });
    const faces = Array.from(container.querySelectorAll<HTMLElement>('.tile-face'));
    // The chosen panel is the Tab stop; the others and the checkboxes are not.
    expect(faces.map((f) => f.tabIndex)).toEqual([-1, 0, -1, -1]);
    expect((screen.getByLabelText('Pick Panel 1') as HTMLInputElement).tabIndex).toBe(-1);
    faces[1]!.focus();
    await fireEvent.keyDown(faces[1]!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(faces[2]);
    expect(faces[2]!.tabIndex).toBe(0);
    await fireEvent.keyDown(faces[2]!, { key: 'x' });
    expect(onselect).toHaveBeenLastCalledWith('3', true);
    await fireEvent.keyDown(faces[2]!, { key: 'Enter', ctrlKey: true });
    expect(onselect).toHaveBeenLastCalledWith('3', true);
    await fireEvent.keyDown(faces[2]!, { key: 'Home' });
    expect(document.activeElement).toBe(faces[0]);
  });
});
