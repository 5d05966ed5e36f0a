import { describe, expect, it } from 'vitest';
import {
  defaultOptions,
  jobItems,
  presetFromOptions,
  resize,
  setVariable,
  validate,
  variableValues,
} from './options';

describe('options form rules', () => {
  it('keeps the aspect ratio when locked, and not when unlocked', () => {
    const o = { ...defaultOptions(), width: 1600, height: 900 };
    expect(resize(o, 'width', 800, true)).toMatchObject({ width: 800, height: 450 });
    expect(resize(o, 'height', 1080, true)).toMatchObject({ width: 1920, height: 1080 });
    expect(resize(o, 'width', 800, false)).toMatchObject({ width: 800, height: 900 });
  });

  it('clamps sizes to 100–8192 and ignores nonsense', () => {
    const o = defaultOptions();
    expect(resize(o, 'width', 50, false).width).toBe(100);
    expect(resize(o, 'height', 99999, false).height).toBe(8192);
    expect(resize(o, 'width', Number.NaN, true)).toBe(o);
  });

  it('validates like the Rust side', () => {
    expect(validate(defaultOptions())).toBeNull();
    expect(validate({ ...defaultOptions(), width: 50 })).toMatch(/Width/);
    expect(validate({ ...defaultOptions(), scale: 5 })).toMatch(/Scale/);
    expect(validate({ ...defaultOptions(), width: 8192, height: 8192, scale: 2 })).toMatch(/megapixels/);
  });

  it('multi-value variables repeat the name', () => {
    let o = setVariable(defaultOptions(), 'service', ['cart', 'auth']);
    o = setVariable(o, 'env', ['prod']);
    expect(o.vars).toEqual([['service', 'cart'], ['service', 'auth'], ['env', 'prod']]);
    o = setVariable(o, 'service', ['search']);
    expect(variableValues(o, 'service')).toEqual(['search']);
  });

  it('a job keeps exactly the options on screen', () => {
    const o = { ...defaultOptions(), width: 1600, height: 900, theme: 'light' as const, from: 'now-7d', to: 'now', vars: [['env', 'prod']] as [string, string][] };
    const own = presetFromOptions('Monday', o, 'png');
    expect(own).toMatchObject({ width: 1600, height: 900, theme: 'light', timeFrom: 'now-7d', builtin: false });
    expect(jobItems('abc', ['1', '2'], o)).toEqual([
      { dashboardUid: 'abc', panel: '1', vars: [['env', 'prod']], timeFrom: 'now-7d', timeTo: 'now', title: null },
      { dashboardUid: 'abc', panel: '2', vars: [['env', 'prod']], timeFrom: 'now-7d', timeTo: 'now', title: null },
    ]);
  });
});
