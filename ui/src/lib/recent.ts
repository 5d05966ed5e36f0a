// Recently opened dashboards, per connection, kept in the web view's local storage.
export interface Recent {
  uid: string;
  title: string;
}

const KEY = 'panelshot.recent';
const MAX = 8;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export function recent(connection: string, store: Store = localStorage): Recent[] {
  try {
    const all = JSON.parse(store.getItem(KEY) ?? '{}') as Record<string, Recent[]>;
    return Array.isArray(all[connection]) ? all[connection] : [];
  } catch {
    return [];
  }
}

/** Puts a dashboard first, without duplicates, keeping at most eight. */
export function remember(connection: string, item: Recent, store: Store = localStorage): Recent[] {
  let all: Record<string, Recent[]> = {};
  try {
    all = JSON.parse(store.getItem(KEY) ?? '{}') as Record<string, Recent[]>;
  } catch {
    all = {};
  }
  const list = [item, ...(all[connection] ?? []).filter((r) => r.uid !== item.uid)].slice(0, MAX);
  all[connection] = list;
  store.setItem(KEY, JSON.stringify(all));
  return list;
}

/** A folder tree as indented options: `[uid, "  Payments"]`, parents first. */
export function flattenFolders(nodes: { uid: string; title: string; children: unknown[] }[], depth = 0): [string, string][] {
  return nodes.flatMap((n) => [
    [n.uid, `${'\u00a0\u00a0'.repeat(depth)}${n.title}`] as [string, string],
    ...flattenFolders(n.children as { uid: string; title: string; children: unknown[] }[], depth + 1),
  ]);
}
