// Fixtures shared by the UI's tests (never imported by the app).
import type { PanelInfo } from './types';

/** A 12×8 time series panel; `extra` overrides any field. */
export function panelInfo(id: number, extra: Partial<PanelInfo> = {}): PanelInfo {
  return {
    id,
    key: `panel-${id}`,
    title: `Panel ${id}`,
    kind: 'timeseries',
    grid: { x: 0, y: 0, w: 12, h: 8 },
    natural_width: 600,
    natural_height: 300,
    row: null,
    in_collapsed_row: false,
    path: [],
    library_panel: null,
    repeat: null,
    repeat_values: [],
    data: { kind: 'query' },
    ...extra,
  } as PanelInfo;
}
