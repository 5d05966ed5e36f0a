import { describe, expect, it } from 'vitest';
import { flattenFolders, recent, remember } from './recent';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('recent dashboards', () => {
  it('keeps the newest first, without duplicates, at most eight, per connection', () => {
    const s = memory();
    for (let i = 0; i < 10; i++) remember('prod', { uid: `d${i}`, title: `D${i}` }, s);
    remember('prod', { uid: 'd5', title: 'D5' }, s);
    const list = recent('prod', s);
    expect(list.map((r) => r.uid)).toEqual(['d5', 'd9', 'd8', 'd7', 'd6', 'd4', 'd3', 'd2']);
    expect(recent('stage', s)).toEqual([]);
  });

  it('survives garbage in storage', () => {
    const s = memory();
    s.setItem('panelshot.recent', '{not json');
    expect(recent('prod', s)).toEqual([]);
    expect(remember('prod', { uid: 'a', title: 'A' }, s)).toHaveLength(1);
  });
});

describe('folder tree', () => {
  it('flattens parents first with indentation', () => {
    const tree = [{ uid: 'a', title: 'Infra', children: [{ uid: 'b', title: 'Payments', children: [] }] }, { uid: 'c', title: 'Apps', children: [] }];
    expect(flattenFolders(tree)).toEqual([['a', 'Infra'], ['b', '\u00a0\u00a0Payments'], ['c', 'Apps']]);
  });
});
