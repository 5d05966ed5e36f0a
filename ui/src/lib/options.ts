// Rules of the options form, kept pure so they are unit-tested.
import type { Format, JobItem, Preset, RenderOptions } from './types';
import { LIMITS } from './bindings';

// The core's limits, generated from Rust: never copied here.
export const MIN_SIDE = LIMITS.minSide;
export const MAX_SIDE = LIMITS.maxSide;
export const MAX_PIXELS = LIMITS.maxPixels;
export const MAX_SCALE = LIMITS.maxScale;

/** Text sizes offered (a browser's zoom levels within the core's limits). */
export const TEXT_SIZES: number[] = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3].filter(
  (z) => z >= LIMITS.minZoom && z <= LIMITS.maxZoom,
);

/** `1.5` as "150 %". */
export const percent = (z: number) => `${Math.round(z * 100)} %`;

export const QUICK_SIZES: { label: string; width: number; height: number }[] = [
  { label: '16:9', width: 1920, height: 1080 },
  { label: '4:3', width: 1440, height: 1080 },
  { label: 'Square', width: 1080, height: 1080 },
  { label: 'Wide', width: 1600, height: 600 },
];

export const QUICK_RANGES: { label: string; from: string; to: string }[] = [
  { label: 'Last 1 h', from: 'now-1h', to: 'now' },
  { label: 'Last 6 h', from: 'now-6h', to: 'now' },
  { label: 'Last 24 h', from: 'now-24h', to: 'now' },
  { label: 'Last 7 d', from: 'now-7d', to: 'now' },
  { label: 'Last 30 d', from: 'now-30d', to: 'now' },
];

export function defaultOptions(): RenderOptions {
  return {
    width: LIMITS.defaultWidth,
    height: LIMITS.defaultHeight,
    scale: 1,
    timezone: null,
    from: null,
    to: null,
    vars: [],
    theme: 'dark',
    transparent: false,
    timeoutSecs: 30,
    captureAnyway: false,
    zoom: null,
  };
}

const clampSide = (v: number) => Math.min(MAX_SIDE, Math.max(MIN_SIDE, Math.round(v)));

/** Changes one side; with the aspect lock on, the other side follows the old ratio. */
export function resize<T extends { width: number; height: number }>(
  o: T,
  side: 'width' | 'height',
  value: number,
  locked: boolean,
): T {
  if (!Number.isFinite(value) || value <= 0) return o;
  const ratio = o.width / o.height;
  if (side === 'width') {
    const width = clampSide(value);
    return { ...o, width, height: locked ? clampSide(width / ratio) : o.height };
  }
  const height = clampSide(value);
  return { ...o, height, width: locked ? clampSide(height * ratio) : o.width };
}

/** What is wrong with the options, before anything is rendered; `null` when fine. */
export function validate(o: RenderOptions): string | null {
  for (const [name, v] of [['Width', o.width], ['Height', o.height]] as const) {
    if (!(v >= MIN_SIDE && v <= MAX_SIDE)) return `${name} must be ${MIN_SIDE}–${MAX_SIDE} px`;
  }
  if (!(o.scale >= 1 && o.scale <= MAX_SCALE)) return `Scale must be 1–${MAX_SCALE}`;
  if (o.width * o.scale * o.height * o.scale > MAX_PIXELS)
    return `More than ${MAX_PIXELS / 1_000_000} megapixels: lower the size or scale`;
  if (o.zoom !== null && Math.min(o.width, o.height) / o.zoom < 50)
    return `At ${percent(o.zoom)} text the picture is too small to lay out: lower the text size`;
  return null;
}

/** Template variables as repeated `name=value` pairs (multi-value variables repeat the name). */
export function setVariable(o: RenderOptions, name: string, values: string[]): RenderOptions {
  const others = o.vars.filter(([k]) => k !== name);
  return { ...o, vars: [...others, ...values.map((v) => [name, v] as [string, string])] };
}

export function variableValues(o: RenderOptions, name: string): string[] {
  return o.vars.filter(([k]) => k === name).map(([, v]) => v);
}

/** The options on screen in a preset's fields (a preset saved from them, or the look a job
 * keeps inside itself). */
export function presetFromOptions(name: string, o: RenderOptions, format: Format, quality: number | null = null): Preset {
  return {
    name, builtin: false, width: o.width, height: o.height, scale: o.scale, theme: o.theme,
    timezone: o.timezone, timeFrom: o.from, timeTo: o.to, format, quality,
    transparent: o.transparent, zoom: o.zoom, isDefault: false,
  };
}

/** Job items for panels of one dashboard, carrying the variables and range on screen. */
export function jobItems(dashboardUid: string, panels: string[], o: RenderOptions): JobItem[] {
  return panels.map((panel) => ({ dashboardUid: dashboardUid, panel, vars: o.vars, timeFrom: o.from, timeTo: o.to, title: null }));
}
