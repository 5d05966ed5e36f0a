import { describe, expect, it } from 'vitest';
import { SCREENS, screenForShortcut, screenFromHash } from './nav';

describe('navigation', () => {
  it('lists the five screens in order', () => {
    expect(SCREENS.map((s) => s.id)).toEqual(['connections', 'browse', 'history', 'presets', 'settings']);
  });

  it('maps Ctrl/Cmd+digit to a screen and ignores plain or Alt keys', () => {
    expect(screenForShortcut({ key: '3', ctrlKey: true, metaKey: false, altKey: false })).toBe('history');
    expect(screenForShortcut({ key: '5', ctrlKey: false, metaKey: true, altKey: false })).toBe('settings');
    expect(screenForShortcut({ key: '3', ctrlKey: false, metaKey: false, altKey: false })).toBeNull();
    expect(screenForShortcut({ key: '3', ctrlKey: true, metaKey: false, altKey: true })).toBeNull();
    expect(screenForShortcut({ key: '9', ctrlKey: true, metaKey: false, altKey: false })).toBeNull();
  });

  it('reads the screen from the hash, falling back to connections', () => {
    expect(screenFromHash('#/browse')).toBe('browse');
    expect(screenFromHash('#presets')).toBe('presets');
    expect(screenFromHash('#/nope')).toBe('connections');
    expect(screenFromHash('')).toBe('connections');
  });
});
