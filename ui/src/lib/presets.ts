import type { JobItem, Preset } from './types';

/** "Weekly" → "Weekly copy", then "Weekly copy 2", … whichever is free (names ignore case). */
export function duplicateName(name: string, taken: string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  const base = `${name} copy`;
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    if (!lower.has(`${base} ${n}`.toLowerCase())) return `${base} ${n}`;
  }
}

/** A user preset made from another (built-ins included), with a free name and not the default. */
export function duplicate(p: Preset, all: Preset[]): Preset {
  return { ...p, name: duplicateName(p.name, all.map((x) => x.name)), builtin: false, isDefault: false };
}

/** Moves item `i` by `delta` places; out of range does nothing. */
export function move<T>(items: T[], i: number, delta: number): T[] {
  const j = i + delta;
  if (i < 0 || i >= items.length || j < 0 || j >= items.length) return items;
  const out = [...items];
  const [moved] = out.splice(i, 1);
  if (moved !== undefined) out.splice(j, 0, moved);
  return out;
}

/** `env=prod, env=dev` ↔ the item's variable list (a name may repeat for multi-value). */
export function varsToText(vars: [string, string][]): string {
  return vars.map(([k, v]) => `${k}=${v}`).join(', ');
}

export function textToVars(text: string): [string, string][] | { error: string } {
  const out: [string, string][] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `"${part}" is not name=value` };
    out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return out;
}

/** An edited item: empty time fields fall back to the preset's or the dashboard's range. */
export function editItem(item: JobItem, from: string, to: string, vars: string): JobItem | { error: string } {
  const parsed = textToVars(vars);
  if ('error' in parsed) return parsed;
  return { ...item, timeFrom: from.trim() || null, timeTo: to.trim() || null, vars: parsed };
}
