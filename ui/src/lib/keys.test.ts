import { describe, expect, it } from 'vitest';
import { SHORTCUTS, nextItem, plainKey } from './keys';

function button(label: string, rect: { left: number; top: number; width?: number; height?: number }): HTMLElement {
  const b = document.createElement('button');
  b.textContent = label;
  const { left, top, width = 100, height = 50 } = rect;
  b.getBoundingClientRect = () => ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top, toJSON: () => ({}) });
  return b;
}

describe('moving with keys', () => {
  const ranges = ['Last 1 h', 'Last 6 h', 'Last 24 h', 'Last 7 d', 'Last 30 d'].map((l, i) => button(l, { left: i * 110, top: 0 }));

  it('arrows, Home and End move along a group; the ends stay put', () => {
    expect(nextItem(ranges, ranges[0]!, 'ArrowRight', false)).toBe(ranges[1]);
    expect(nextItem(ranges, ranges[0]!, 'ArrowLeft', false)).toBe(ranges[0]);
    expect(nextItem(ranges, ranges[2]!, 'End', false)).toBe(ranges[4]);
    expect(nextItem(ranges, ranges[2]!, 'Home', false)).toBe(ranges[0]);
    expect(nextItem(ranges, ranges[4]!, 'ArrowDown', false)).toBe(ranges[4]);
  });

  it('a digit or letter jumps to the item it starts ("Last" is skipped), wrapping', () => {
    expect(nextItem(ranges, ranges[0]!, '7', false)).toBe(ranges[3]);
    expect(nextItem(ranges, ranges[3]!, '2', false)).toBe(ranges[2]);
    expect(nextItem(ranges, ranges[0]!, 'z', false)).toBeNull();
  });

  it('in a grid Up and Down go to the nearest picture in the row above or below', () => {
    // Two rows: a wide panel over two half-width ones.
    const wide = button('A', { left: 0, top: 0, width: 400 });
    const left = button('B', { left: 0, top: 60, width: 200 });
    const right = button('C', { left: 210, top: 60, width: 200 });
    const grid = [wide, left, right];
    // Below the wide one's centre (x 200): B's centre is 100 away, C's 110.
    expect(nextItem(grid, wide, 'ArrowDown', true)).toBe(left);
    expect(nextItem(grid, right, 'ArrowUp', true)).toBe(wide);
    expect(nextItem(grid, left, 'ArrowDown', true)).toBeNull();
    expect(nextItem(grid, left, 'ArrowRight', true)).toBe(right);
  });
});

describe('shortcuts', () => {
  it('single keys never fire while typing in a field', () => {
    const input = document.createElement('input');
    document.body.append(input);
    const inField = new KeyboardEvent('keydown', { key: 'o' });
    Object.defineProperty(inField, 'target', { value: input });
    expect(plainKey(inField, 'o')).toBe(false);
    const onPage = new KeyboardEvent('keydown', { key: 'O' });
    Object.defineProperty(onPage, 'target', { value: document.body });
    expect(plainKey(onPage, 'o')).toBe(true);
    const withCtrl = new KeyboardEvent('keydown', { key: 'o', ctrlKey: true });
    Object.defineProperty(withCtrl, 'target', { value: document.body });
    expect(plainKey(withCtrl, 'o')).toBe(false);
  });

  it('the help lists every shortcut the screens handle', () => {
    const keys = SHORTCUTS.map((s) => s.keys).join(' ');
    for (const k of ['?', 'Ctrl+K', '/', 'O', 'X', 'Ctrl+Shift+C', 'Ctrl+E', 'Esc']) expect(keys).toContain(k);
  });
});
