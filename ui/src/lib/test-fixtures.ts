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
    naturalWidth: 600,
    naturalHeight: 300,
    row: null,
    inCollapsedRow: false,
    path: [],
    libraryPanel: null,
    repeat: null,
    repeatValues: [],
    data: { kind: 'query' },
    ...extra,
  } as PanelInfo;
}
