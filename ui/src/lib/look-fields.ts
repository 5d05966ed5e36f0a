// The look of an export as the form edits it: the fields a preset stores. Browse edits its
// render options through it and Presets edits presets, with one form (LookForm).
import type { Format, Preset, RenderOptions } from './types';

export type LookFields = Pick<
  Preset,
  'width' | 'height' | 'scale' | 'theme' | 'timezone' | 'timeFrom' | 'timeTo' | 'format' | 'quality' | 'transparent' | 'zoom'
>;

export function lookOf(o: RenderOptions, format: Format, quality: number | null): LookFields {
  return {
    width: o.width, height: o.height, scale: o.scale, theme: o.theme, timezone: o.timezone,
    timeFrom: o.from, timeTo: o.to, format, quality, transparent: o.transparent, zoom: o.zoom,
  };
}

/** The options with the form's look; variables, timeout and "capture anyway" stay. */
export function withLook(o: RenderOptions, l: LookFields): RenderOptions {
  return {
    ...o, width: l.width, height: l.height, scale: l.scale, theme: l.theme, timezone: l.timezone,
    from: l.timeFrom, to: l.timeTo, transparent: l.transparent, zoom: l.zoom,
  };
}

/** The preset with the form's look. */
export function presetWithLook(p: Preset, l: LookFields): Preset {
  return { ...p, ...l };
}

/** Every IANA zone the web view knows, plus Grafana's two special values. */
export const ZONES: string[] = ['browser', 'utc', ...(Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [])];

/** A zone as typed: an IANA name, `utc`/`browser`, or the first letters of one zone's city
 * (`berl` → `Europe/Berlin`, `new york` → `America/New_York`). Anything else stays as typed,
 * for the core to refuse with its message. */
export function zoneFor(typed: string | null, zones: string[] = ZONES): string | null {
  if (!typed) return null;
  const t = typed.trim().toLowerCase().replace(/ /g, '_');
  const exact = zones.find((z) => z.toLowerCase() === t);
  if (exact) return exact;
  const matches = zones.filter((z) => z.includes('/') && (z.split('/').pop() ?? '').toLowerCase().startsWith(t));
  return matches.length === 1 ? (matches[0] ?? typed) : typed;
}

/** An empty text field means "not set". */
export const orNull = (v: string) => (v.trim() ? v.trim() : null);
