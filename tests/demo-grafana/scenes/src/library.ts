// Library panels as Grafana's dashboard scene loads them. Its `LibraryPanelBehavior`
// (public/app/features/dashboard-scene/scene/LibraryPanelBehavior.ts) is app code, not
// published, so this follows it step by step: the panel starts as a placeholder plugin
// (`library-panel-loading-plugin`) with no data provider at all, and only when the behaviour
// activates does it fetch the element (`getLibraryPanel(uid, true)`: GET
// /api/library-elements/:uid) and give the VizPanel its real plugin, options and query runner.
// Until then the panel has no query to count: nothing moves `__grafanaRunningQueryCount`.
import { getBackendSrv } from '@grafana/runtime';
import { SceneObjectBase, type SceneObjectState, VizPanel } from '@grafana/scenes';

import type { SavedPanel } from './model';

export const LOADING_PLUGIN_ID = 'library-panel-loading-plugin';

interface State extends SceneObjectState {
  uid: string;
  name?: string;
  isLoaded?: boolean;
}

export class LibraryPanelBehavior extends SceneObjectBase<State> {
  constructor(
    state: State,
    private readonly build: (model: SavedPanel) => Partial<VizPanel['state']>,
  ) {
    super(state);
    this.addActivationHandler(() => {
      if (!this.state.isLoaded) void this.load();
    });
  }

  private async load() {
    const panel = this.parent;
    if (!(panel instanceof VizPanel)) return;
    try {
      const body = await getBackendSrv().get(`/api/library-elements/${encodeURIComponent(this.state.uid)}`);
      const model: SavedPanel = body?.result?.model ?? {};
      // The dashboard's own title for the panel wins over the element's (as in Grafana:
      // `vizPanel.state.title ?? libPanelModel.title`).
      const state = this.build({ ...model, title: panel.state.title || model.title });
      panel.setState(state);
      panel.changePluginType(model.type ?? 'timeseries', state.options as any, state.fieldConfig as any);
      this.setState({ isLoaded: true, name: body?.result?.name });
    } catch {
      panel.setState({ _pluginLoadError: `Unable to load library panel: ${this.state.uid}` });
    }
  }
}
