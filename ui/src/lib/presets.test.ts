import { describe, expect, it } from 'vitest';
import { duplicate, duplicateName, editItem, move, textToVars, varsToText } from './presets';
import type { Preset } from './types';

const preset: Preset = { name: 'Slide 16:9', builtin: true, width: 1600, height: 900, scale: 2, theme: 'dark', timezone: null, timeFrom: null, timeTo: null, format: 'png', quality: null, transparent: false, zoom: null, isDefault: true };

describe('presets and job items', () => {
  it('duplicates into a free, editable, non-default name', () => {
    expect(duplicateName('Weekly', ['Weekly'])).toBe('Weekly copy');
    expect(duplicateName('Weekly', ['weekly copy', 'Weekly copy 2'])).toBe('Weekly copy 3');
    expect(duplicate(preset, [preset])).toMatchObject({ name: 'Slide 16:9 copy', builtin: false, isDefault: false, width: 1600 });
  });

  it('moves items within bounds only', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('reads and writes variable lists', () => {
    expect(textToVars(' env=prod, env = dev ,host=a=b')).toEqual([['env', 'prod'], ['env', 'dev'], ['host', 'a=b']]);
    expect(textToVars('oops')).toEqual({ error: '"oops" is not name=value' });
    expect(varsToText([['env', 'prod'], ['env', 'dev']])).toBe('env=prod, env=dev');
  });

  it('edits an item, empty times meaning the default range', () => {
    const item = { dashboardUid: 'd', panel: '3', vars: [], timeFrom: 'now-1h', timeTo: 'now', title: null };
    expect(editItem(item, ' ', '', 'env=prod')).toEqual({ dashboardUid: 'd', panel: '3', vars: [['env', 'prod']], timeFrom: null, timeTo: null, title: null });
    expect(editItem(item, 'now-7d', 'now', 'bad')).toEqual({ error: '"bad" is not name=value' });
  });
});
