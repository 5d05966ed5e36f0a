import { describe, expect, it } from 'vitest';
import { groupPanels } from './panel-groups';
import type { PanelInfo } from './types';
import { panelInfo } from './test-fixtures';

const panel = (id: number, y: number, extra: Partial<PanelInfo> = {}) =>
  panelInfo(id, { title: `P${id}`, grid: { x: (id % 2) * 12, y, w: 12, h: 8 }, ...extra });

describe('groupPanels', () => {
  it('keeps top-level panels together and lays them out like the dashboard', () => {
    const g = groupPanels([panel(1, 0), panel(2, 0), panel(3, 8)])[0]!;
    expect(g.title).toBeNull();
    expect(g.panels.map((p) => [p.col, p.span, p.row, p.rows])).toEqual([
      [13, 12, 1, 8],
      [1, 12, 1, 8],
      [13, 12, 9, 8],
    ]);
  });

  it('makes a group per row and tab, each starting at its own top, collapsed ones marked', () => {
    const cpu = { kind: 'row', title: 'CPU', collapsed: false };
    const mem = { kind: 'row', title: 'Memory', collapsed: true };
    const tab = { kind: 'tab', title: 'Errors', collapsed: false };
    const groups = groupPanels([
      panel(1, 1, { row: 'CPU', path: [cpu] }),
      panel(2, 18, { row: 'Memory', path: [mem], inCollapsedRow: true }),
      panel(3, 26, { row: 'Memory', path: [mem], inCollapsedRow: true }),
      panel(4, 40, { row: 'Latency', path: [tab, { kind: 'row', title: 'Latency', collapsed: false }] }),
    ]);
    expect(groups.map((g) => [g.title, g.collapsed, g.panels.length])).toEqual([
      ['CPU', false, 1],
      ['Memory', true, 2],
      ['Errors › Latency', false, 1],
    ]);
    // Memory starts at y 18: its first panel is on the group's first picker row.
    expect(groups[1]!.panels.map((p) => p.row)).toEqual([1, 9]);
    expect(groups[2]!.panels[0]!.row).toBe(1);
  });

  it('clamps panels that stick out of the 24 columns', () => {
    const wide = panel(1, 0, { grid: { x: 20, y: 0, w: 12, h: 1 } });
    const p = groupPanels([wide])[0]!.panels[0]!;
    expect([p.col, p.span, p.rows]).toEqual([21, 4, 1]);
  });
});
