// The demo Grafana's model front end for the two generations whose page code Grafana does not
// publish as a library: classic (Grafana ≤ 10's React grid, `panelsRendered`) and binding
// (Grafana 13's ReportRenderReadinessObserver calling the renderer's binding). It loads the
// dashboard through the API, runs each panel's query through POST /api/ds/query, draws real
// charts and emits that generation's "rendered" signals (reference §6). Scenes pages are not
// modelled here: they run Grafana's published @grafana/scenes itself (tests/demo-grafana/scenes).
(function () {
  'use strict';

  var boot = window.__demoBoot || {};
  // A heavy bundle on a slow machine: the page runs no other script (and answers no probe)
  // until this long task ends.
  if (boot.scriptBusyMs > 0) {
    var busyUntil = performance.now() + boot.scriptBusyMs;
    while (performance.now() < busyUntil) { /* busy */ }
  }
  var params = new URLSearchParams(location.search);
  var theme = params.get('theme') === 'light' ? 'light' : 'dark';
  var mode = boot.mode;
  var SERIES = ['#73bf69', '#5794f2', '#ff9830', '#b877d9', '#fade2a', '#f2495c'];
  var running = 0;
  var panelsTotal = 0;
  var panelsDone = 0;
  var panelStates = {};

  document.documentElement.classList.add('theme-' + theme);
  document.body.classList.add('theme-' + theme);
  if (mode === 'classic') window.panelsRendered = 0;
  // Scenes leaves the counter undefined until the first query (`(x ?? 0) ± 1` in
  // SceneQueryController); a getter proposed in grafana PR #117508 reads 0 from page start.
  if (mode !== 'classic' && boot.counterZeroAtStart) window.__grafanaRunningQueryCount = 0;

  // Grafana names each query in the URL: Scenes' panel runner `SQR<n>` (scenes
  // SceneQueryRunner.getNextRequestId, from 100), the classic runner `Q<n>`; variable queries
  // get a UUID (scenes createQueryVariableRunner).
  var requestSeq = 100;
  function panelQueryUrl() {
    return '/api/ds/query?ds_type=grafana-testdata-datasource&requestId=' + (mode === 'classic' ? 'Q' : 'SQR') + (requestSeq++);
  }
  function postQuery(url, body, signal) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: signal
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // ---- queries and readiness signals -------------------------------------------------------
  function queryStarted() {
    running++;
    if (mode !== 'classic') window.__grafanaRunningQueryCount = running;
  }

  function queryFinished() {
    running--;
    if (mode !== 'classic') window.__grafanaRunningQueryCount = running;
  }

  function panelFinished(key, state) {
    panelStates[key] = state;
    panelsDone++;
    if (mode === 'classic') window.panelsRendered = (window.panelsRendered || 0) + 1;
  }

  var panelsDrawn = 0;
  function panelDrawn() {
    panelsDrawn++;
    if (panelsDrawn >= panelsTotal) markDrawn();
  }

  // Scenes' VizPanelRenderer draws a visualization only once `useMeasure` (a ResizeObserver) has
  // reported the panel's size, and React renders that state change in a later task. A page that
  // is not visible gets no ResizeObserver callbacks, so its panels stay empty after their data
  // arrived: the readiness signals say "done" while nothing is drawn.
  function whenSized(node, draw) {
    if (!('ResizeObserver' in window)) { draw(); return; }
    var ro = new ResizeObserver(function (entries) {
      var r = entries[0].contentRect;
      if (r.width > 0 && r.height > 0) {
        ro.disconnect();
        setTimeout(draw, 0);
      }
    });
    ro.observe(node);
  }

  function markDrawn() {
    if (window.__demoRenderedAt) return;
    window.__demoRenderedAt = Date.now();
    window.__demoReadyMs = performance.now();
    // A renderer can read when the page itself finished drawing (used for overhead figures).
    if (performance.mark) performance.mark('panelshot:drawn');
    document.documentElement.setAttribute('data-demo-rendered', String(Math.round(window.__demoReadyMs)));
  }

  // Grafana 13's ReportRenderReadinessObserver: poll every 500 ms (at most 20 s) until nothing
  // runs and every panel is Done/Error, then tell the renderer through its binding.
  function observeRenderReadiness() {
    var started = Date.now();
    var timer = setInterval(function () {
      var allDone = panelsDone >= panelsTotal && panelsTotal > 0;
      if ((running === 0 && allDone) || Date.now() - started > 20000) {
        clearInterval(timer);
        if (typeof window.__grafanaImageRendererMessageChannel === 'function') {
          window.__grafanaImageRendererMessageChannel(
            JSON.stringify({ type: 'REPORT_RENDER_COMPLETE', data: { success: allDone } })
          );
        }
      }
    }, 500);
  }

  // ---- time ---------------------------------------------------------------------------------
  var UNITS = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, M: 2592e6, y: 31536e6 };

  function parseTime(value, now) {
    if (!value) return null;
    if (/^\d+$/.test(value)) return Number(value);
    var rel = /^now(?:([+-])(\d+)([smhdwMy]))?(?:\/[smhdwMy])?$/.exec(value);
    if (rel) {
      if (!rel[1]) return now;
      var delta = Number(rel[2]) * UNITS[rel[3]];
      return rel[1] === '-' ? now - delta : now + delta;
    }
    var iso = Date.parse(value);
    return isNaN(iso) ? null : iso;
  }

  function browserZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  function effectiveZone(dash) {
    var z = params.get('timezone') || params.get('tz') || dash.timezone || 'browser';
    if (z === 'browser' || z === '') return browserZone();
    if (z === 'utc' || z === 'UTC') return 'UTC';
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: z });
      return z;
    } catch (e) {
      return browserZone();
    }
  }

  function fmt(ms, zone, withDate) {
    var opts = { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    if (withDate) { opts.year = 'numeric'; opts.month = '2-digit'; opts.day = '2-digit'; }
    return new Intl.DateTimeFormat('en-CA', opts).format(new Date(ms)).replace(',', '');
  }

  // ---- variables and panels -----------------------------------------------------------------
  function variableValues(dash) {
    var out = {};
    ((dash.templating || {}).list || []).forEach(function (v) {
      var fromUrl = params.getAll('var-' + v.name);
      if (fromUrl.length) out[v.name] = fromUrl;
      else {
        var cur = (v.current || {}).value;
        out[v.name] = Array.isArray(cur) ? cur : cur == null ? [] : [String(cur)];
      }
      out[v.name] = out[v.name].map(function (x) {
        return x === '$__all' ? 'All' : x;
      });
    });
    return out;
  }

  function allOptions(dash, name) {
    var v = ((dash.templating || {}).list || []).filter(function (x) { return x.name === name; })[0];
    return v ? (v.options || []).map(function (o) { return String(o.value); }) : [];
  }

  // Flattens rows (expanded rows' children follow them; collapsed rows nest them) and expands
  // repeats into runtime instances keyed like Scenes does: panel-3, panel-3-clone-1, …
  function instances(dash, vars) {
    var flat = [];
    (dash.panels || []).forEach(function (p) {
      flat.push({ panel: p, inCollapsedRow: false });
      if (p.type === 'row' && p.collapsed) {
        (p.panels || []).forEach(function (c) { flat.push({ panel: c, inCollapsedRow: true, row: p }); });
      }
    });
    var out = [];
    flat.forEach(function (f) {
      var p = f.panel;
      if (p.repeat) {
        var values = vars[p.repeat] || [];
        if (values.length === 1 && values[0] === 'All') values = allOptions(dash, p.repeat);
        values.forEach(function (value, i) {
          out.push({
            key: i === 0 ? 'panel-' + p.id : 'panel-' + p.id + '-clone-' + i,
            panel: p, repeatValue: value, index: i, inCollapsedRow: f.inCollapsedRow, row: f.row
          });
        });
      } else {
        out.push({ key: 'panel-' + p.id, panel: p, inCollapsedRow: f.inCollapsedRow, row: f.row });
      }
    });
    return out;
  }

  function findInstance(list, panelId) {
    if (panelId == null) return null;
    var key = /^\d+$/.test(panelId) ? 'panel-' + panelId : panelId;
    return list.filter(function (i) { return i.key === key; })[0] || null;
  }

  function interpolate(text, vars, inst) {
    return String(text || '').replace(/\$(\w+)/g, function (m, name) {
      if (inst.panel.repeat === name && inst.repeatValue != null) return inst.repeatValue;
      return vars[name] ? vars[name].join(' + ') : m;
    });
  }

  // ---- drawing ------------------------------------------------------------------------------
  function spinner() {
    var svg = svgEl('svg', { width: '48', height: '48', viewBox: '0 0 48 48', class: 'spinner' });
    svg.appendChild(svgEl('circle', { cx: '24', cy: '24', r: '18', fill: 'none', stroke: '#ff00d4', 'stroke-width': '6', 'stroke-dasharray': '80 40' }));
    return el('div', { class: 'panel-loading', 'aria-label': 'Panel loading bar' }, [svg]);
  }

  function drawTimeseries(content, frame, ctx, color) {
    var w = Math.max(content.clientWidth, 50);
    var h = Math.max(content.clientHeight, 40);
    var ts = frame.data.values[0];
    var vs = frame.data.values[1];
    var left = 44, bottom = 22, top = 6, right = 8;
    var min = Math.min.apply(null, vs), max = Math.max.apply(null, vs);
    if (max === min) max = min + 1;
    var x = function (i) { return left + (i / (ts.length - 1)) * (w - left - right); };
    var y = function (v) { return top + (1 - (v - min) / (max - min)) * (h - top - bottom); };
    var svg = svgEl('svg', { width: String(w), height: String(h), class: 'chart' });
    for (var g = 0; g <= 4; g++) {
      var gy = top + (g / 4) * (h - top - bottom);
      svg.appendChild(svgEl('line', { x1: String(left), x2: String(w - right), y1: String(gy), y2: String(gy), class: 'grid' }));
      var label = svgEl('text', { x: String(left - 6), y: String(gy + 4), 'text-anchor': 'end', class: 'axis' });
      label.textContent = (max - (g / 4) * (max - min)).toFixed(0) + ' ms';
      svg.appendChild(label);
    }
    for (var t = 0; t <= 4; t++) {
      var i = Math.round((t / 4) * (ts.length - 1));
      var tl = svgEl('text', { x: String(x(i)), y: String(h - 6), 'text-anchor': t === 0 ? 'start' : t === 4 ? 'end' : 'middle', class: 'axis axis-time' });
      tl.textContent = fmt(ts[i], ctx.zone, false);
      svg.appendChild(tl);
    }
    var d = vs.map(function (v, i) { return (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1); }).join(' ');
    svg.appendChild(svgEl('path', { d: d + ' L' + x(vs.length - 1) + ' ' + (h - bottom) + ' L' + left + ' ' + (h - bottom) + ' Z', fill: color, 'fill-opacity': '0.18', stroke: 'none' }));
    svg.appendChild(svgEl('path', { d: d, fill: 'none', stroke: color, 'stroke-width': '3', class: 'series' }));
    content.appendChild(svg);
  }

  function drawStat(content, frame, color, unit) {
    var vs = frame.data.values[1];
    var value = vs[vs.length - 1];
    var big = el('div', { class: 'stat-value', text: value.toFixed(1) + (unit ? ' ' + unit : '') });
    big.style.color = color;
    big.style.fontSize = Math.max(18, Math.min(content.clientHeight * 0.35, content.clientWidth * 0.16)) + 'px';
    content.appendChild(big);
  }

  function drawTable(content, frame) {
    var vs = frame.data.values[1];
    var routes = ['/api/checkout', '/api/cart', '/api/search', '/api/login', '/api/orders', '/api/users'];
    var table = el('table', { class: 'table' });
    table.appendChild(el('tr', {}, [el('th', { text: 'route' }), el('th', { text: 'p95 (ms)' })]));
    routes.forEach(function (r, i) {
      table.appendChild(el('tr', {}, [el('td', { text: r }), el('td', { text: vs[i * 7 % vs.length].toFixed(1) })]));
    });
    content.appendChild(table);
  }

  function drawGauge(content, frame, color) {
    var vs = frame.data.values[1];
    var pct = Math.max(0, Math.min(1, vs[vs.length - 1] / 150));
    var w = Math.max(content.clientWidth, 60), h = Math.max(content.clientHeight, 40);
    var r = Math.min(w / 2, h) * 0.8, cx = w / 2, cy = h * 0.9;
    var svg = svgEl('svg', { width: String(w), height: String(h), class: 'chart' });
    var arc = function (p) {
      var a = Math.PI * (1 - p);
      return (cx + r * Math.cos(a)).toFixed(1) + ' ' + (cy - r * Math.sin(a)).toFixed(1);
    };
    svg.appendChild(svgEl('path', { d: 'M' + arc(0) + ' A' + r + ' ' + r + ' 0 0 1 ' + arc(1), fill: 'none', class: 'gauge-track', 'stroke-width': '14' }));
    svg.appendChild(svgEl('path', { d: 'M' + arc(0) + ' A' + r + ' ' + r + ' 0 0 1 ' + arc(pct), fill: 'none', stroke: color, 'stroke-width': '14' }));
    content.appendChild(svg);
  }

  function drawText(content, panel, ctx) {
    var md = ((panel.options || {}).content || '').replace(/\*\*(.+?)\*\*/g, '<b>$1</b>');
    var box = el('div', { class: 'markdown' });
    box.innerHTML = md;
    var img = el('img', { src: ctx.secondOrigin + '/status-badge.svg', alt: 'status badge', class: 'third-party' });
    box.appendChild(el('p', {}, [img]));
    content.appendChild(box);
  }

  function info(ctx, inst) {
    var vars = Object.keys(ctx.vars).map(function (k) {
      var v = inst.panel.repeat === k && inst.repeatValue != null ? [inst.repeatValue] : ctx.vars[k];
      return k + '=' + v.join(',');
    }).join(' ');
    var node = el('div', { class: 'panel-info' }, [
      el('span', { 'data-demo': 'timezone', text: ctx.zone }),
      el('span', { 'data-demo': 'range', text: fmt(ctx.from, ctx.zone, true) + ' → ' + fmt(ctx.to, ctx.zone, true) }),
      el('span', { 'data-demo': 'theme', text: 'theme: ' + theme }),
      el('span', { 'data-demo': 'vars', text: vars }),
      el('span', { 'data-demo': 'cjk', text: '面板 パネル 패널' })
    ]);
    return node;
  }

  function resolveLibraryPanel(panel) {
    if (!panel.libraryPanel || panel.type) return Promise.resolve(panel);
    return fetch('/api/library-elements/' + encodeURIComponent(panel.libraryPanel.uid))
      .then(function (r) { if (!r.ok) throw new Error('library panel ' + r.status); return r.json(); })
      .then(function (body) {
        var model = body.result.model;
        return Object.assign({}, model, { id: panel.id, gridPos: panel.gridPos, libraryPanel: panel.libraryPanel });
      });
  }

  // Auto-refresh, as the dashboard's `refresh` field asks: the queries of the drawn panels run
  // again on a timer for as long as the page is open (the chart itself is not redrawn).
  var refreshBodies = [];
  function startAutoRefresh(refresh) {
    var m = /^(\d+)([smh])$/.exec(refresh || '');
    if (!m) return;
    var ms = Number(m[1]) * { s: 1e3, m: 6e4, h: 36e5 }[m[2]];
    setInterval(function () {
      refreshBodies.forEach(function (body) {
        queryStarted();
        postQuery(panelQueryUrl(), body).then(queryFinished, queryFinished);
      });
    }, ms);
  }

  // A panel's colour is its own, the same on the dashboard and on its solo page: Grafana's
  // classic palette colours each series by its order within the panel (grafana/grafana
  // packages/grafana-data/src/field/fieldColor.ts, `state.seriesIndex`; docs "Graph and color
  // schemes": "assign a color for each field or series based on its order"), never by where the
  // panel sits on the dashboard. Repeat instances step on so the tests can tell them apart.
  function runPanel(container, inst, ctx, colorIndex) {
    var content = container.querySelector('.panel-content');
    var title = container.querySelector('.panel-title');
    return resolveLibraryPanel(inst.panel).then(function (panel) {
      title.textContent = interpolate(panel.title, ctx.vars, inst);
      container.setAttribute('data-panel-type', panel.type);
      var color = SERIES[colorIndex % SERIES.length];
      if (panel.type === 'text') {
        content.innerHTML = '';
        drawText(content, panel, ctx);
        panelFinished(inst.key, 'Done');
        panelDrawn();
        return;
      }
      var body = {
        queries: (panel.targets || []).map(function (t) {
          return Object.assign({}, t, { panelId: panel.id, intervalMs: 60000, maxDataPoints: 120 });
        }),
        from: String(ctx.from),
        to: String(ctx.to)
      };
      refreshBodies.push(body);
      return runQuery(body)
        .then(function (resp) {
          var frame = resp.results.A.frames[0];
          content.innerHTML = '';
          var unit = ((panel.fieldConfig || {}).defaults || {}).unit === 'reqps' ? 'req/s' : '';
          queryFinished();
          panelFinished(inst.key, 'Done');
          whenSized(content, function () {
            if (!frame.data.values[1] || frame.data.values[1].length === 0) {
              // A query that legitimately returns nothing: Grafana draws "No data".
              content.appendChild(el('div', { class: 'panel-empty', 'data-demo': 'no-data', text: 'No data' }));
            } else if (panel.type === 'stat') drawStat(content, frame, color, unit);
            else if (panel.type === 'table') drawTable(content, frame);
            else if (panel.type === 'gauge') drawGauge(content, frame, color);
            else drawTimeseries(content, frame, ctx, color);
            panelDrawn();
          });
        });
    }).catch(function (err) {
      content.innerHTML = '';
      container.classList.add('panel-error');
      content.appendChild(el('div', { class: 'panel-status-error', role: 'alert', 'data-demo': 'error', text: String(err.message || err) }));
      if (running > 0) queryFinished();
      panelFinished(inst.key, 'Error');
      panelDrawn();
    });
  }

  // One panel query, counted while it runs.
  function runQuery(body) {
    queryStarted();
    return postQuery(panelQueryUrl(), body).then(function (r) {
      if (!r.ok) {
        // Grafana puts a data source's error in the query's result (ds_query.go).
        return r.json().then(function (j) {
          var perQuery = j.results && Object.keys(j.results).map(function (k) { return j.results[k].error; }).filter(Boolean)[0];
          throw new Error(j.message || perQuery || 'query failed with ' + r.status);
        });
      }
      return r.json();
    });
  }

  // Which attribute marks a panel depends on the generation (grafana-reference §5.5, and the
  // dashboard reporter app's panels.js that picks it by version): the classic React grid puts
  // `data-panelid` on each grid item, rows included (the official renderer counts
  // `[data-panelId]` "incl. rows"); Scenes (11.3+) marks the whole panel with
  // `data-viz-panel-key="panel-<id>"` (repeats `panel-<id>-clone-<n>`) and `data-viz-panel-id`.
  function panelAttrs(inst) {
    return mode === 'classic'
      ? { 'data-panelid': String(inst.panel.id) }
      : { 'data-viz-panel-key': inst.key, 'data-viz-panel-id': inst.key };
  }

  function panelBox(inst, ctx, solo) {
    var container = el('div', Object.assign({
      class: 'panel-container' + (solo ? ' panel-solo' : '')
    }, panelAttrs(inst)), [
      el('div', { class: 'panel-header' }, [el('h2', { class: 'panel-title', text: inst.panel.title || '' })]),
      el('div', { class: 'panel-content' }, [spinner()])
    ]);
    container.appendChild(info(ctx, inst));
    return container;
  }

  // ---- pages --------------------------------------------------------------------------------
  function soloPage(dash, ctx) {
    var root = document.getElementById('reactRoot');
    var list = instances(dash, ctx.vars);
    var inst = findInstance(list, params.get('panelId'));
    if (!inst || inst.panel.type === 'row') {
      root.appendChild(el('div', { class: 'panel-not-found', text: 'Panel not found' }));
      markDrawn();
      return;
    }
    var wrapper = el('div', { class: 'solo-wrapper' });
    var box = panelBox(inst, ctx, true);
    wrapper.appendChild(box);
    if (params.get('hideLogo') !== 'true') {
      wrapper.appendChild(el('div', { class: 'powered-by', text: 'Powered by Grafana' }));
    }
    root.appendChild(wrapper);
    panelsTotal = 1;
    runPanel(box, inst, ctx, inst.index || 0);
  }

  var CELL = 30, GAP = 8;

  function dashboardPage(dash, ctx) {
    var root = document.getElementById('reactRoot');
    var kiosk = params.has('kiosk');
    if (!kiosk) {
      root.appendChild(el('header', { class: 'navbar' }, [
        el('span', { class: 'navbar-title', text: dash.title }),
        el('span', { class: 'navbar-time', text: fmt(ctx.from, ctx.zone, true) + ' → ' + fmt(ctx.to, ctx.zone, true) + ' (' + ctx.zone + ')' })
      ]));
    }
    var grid = el('div', { class: 'react-grid-layout', id: 'page-scrollbar' });
    root.appendChild(grid);
    var colWidth = (grid.clientWidth || window.innerWidth) / 24;
    var list = instances(dash, ctx.vars);
    var visible = list.filter(function (i) { return !i.inCollapsedRow && !i.panel.hidden; });
    // Grafana 13 (binding support) turns lazy loading off for a render target: the renderer's
    // binding exists. Older Grafana turns it off only for the official renderer's own sessions
    // (`authenticatedBy === 'render'`), so for a token-authenticated browser panels load lazily.
    var renderTarget = mode === 'binding' && typeof window.__grafanaImageRendererMessageChannel === 'function';
    var bottom = 0;
    var pending = [];
    visible.forEach(function (inst) {
      var g = inst.panel.gridPos || { x: 0, y: 0, w: 12, h: 8 };
      var slot = inst.index || 0;
      var x = g.x + (inst.panel.repeat ? slot * g.w : 0);
      var y = g.y + (x >= 24 ? Math.floor(x / 24) * g.h : 0);
      x = x % 24;
      var top = y * (CELL + GAP);
      var height = g.h * (CELL + GAP) - GAP;
      bottom = Math.max(bottom, top + height);
      if (inst.panel.type === 'row') {
        var count = (inst.panel.panels || []).length;
        var rowEl = el('div', Object.assign({
          class: 'dashboard-row' + (inst.panel.collapsed ? ' dashboard-row--collapsed' : ''),
          'data-testid': 'dashboard-row-container'
        }, mode === 'classic' ? { 'data-panelid': String(inst.panel.id) } : {}), [el('span', { class: 'dashboard-row__title', text: inst.panel.title + (inst.panel.collapsed ? ' (' + count + ' panels)' : '') })]);
        rowEl.style.cssText = 'top:' + top + 'px;height:' + (CELL) + 'px';
        grid.appendChild(rowEl);
        return;
      }
      var box = panelBox(inst, ctx, false);
      box.style.cssText = 'position:absolute;left:' + (x * colWidth) + 'px;top:' + top + 'px;width:' + (g.w * colWidth - GAP) + 'px;height:' + height + 'px';
      grid.appendChild(box);
      pending.push({ box: box, inst: inst });
    });
    grid.style.height = bottom + 'px';
    panelsTotal = pending.length;
    if (!panelsTotal) { markDrawn(); return; }
    if (renderTarget || !('IntersectionObserver' in window)) {
      pending.forEach(function (p) { runPanel(p.box, p.inst, ctx, p.inst.index || 0); });
      return;
    }
    // Lazy loading: a panel's query starts only when it scrolls into view.
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        io.unobserve(e.target);
        var p = pending.filter(function (x) { return x.box === e.target; })[0];
        runPanel(p.box, p.inst, ctx, p.inst.index || 0);
      });
    });
    pending.forEach(function (p) { io.observe(p.box); });
  }

  function start(resp) {
    var dash = resp.dashboard;
    var now = Date.now();
    var from = parseTime(params.get('from'), now);
    var to = parseTime(params.get('to'), now);
    if (from == null) from = parseTime((dash.time || {}).from || 'now-6h', now);
    if (to == null) to = parseTime((dash.time || {}).to || 'now', now);
    var ctx = { zone: effectiveZone(dash), from: from, to: to, vars: variableValues(dash), secondOrigin: boot.secondOrigin, dash: dash };
    document.title = dash.title + ' - Grafana';
    if (mode !== 'classic') window.__grafanaSceneContext = { state: { uid: dash.uid, title: dash.title } };
    if (mode === 'binding') observeRenderReadiness();
    var draw = function () {
      if (boot.page === 'solo') soloPage(dash, ctx); else dashboardPage(dash, ctx);
      // A `refresh=` in the URL overrides the saved one (scenes SceneRefreshPicker syncs the
      // URL key `refresh`): the page then re-runs its queries on that interval, which is why the
      // official renderer captured blank panels from such URLs (grafana-image-renderer #606).
      startAutoRefresh(params.get('refresh') || dash.refresh);
    };
    if (boot.firstQueryDelayMs > 0) {
      // The page is up but its queries start late: exactly the case the renderer's grace period exists for.
      document.getElementById('reactRoot').appendChild(el('div', { class: 'boot-wait', text: 'Loading dashboard…' }));
      setTimeout(function () {
        var w = document.querySelector('.boot-wait');
        if (w) w.remove();
        draw();
      }, boot.firstQueryDelayMs);
    } else {
      draw();
    }
  }

  // Schema v2 (`spec.elements` placed by nested layouts) as the flat panel list this page
  // draws. A solo page finds every panel of every tab by its id (Scenes looks the key up in
  // the whole scene), but the dashboard page draws only what Grafana shows at first: the first
  // tab of a TabsLayout and the rows of a RowsLayout that are not collapsed (`collapse: true`;
  // schema v2 docs, "TabsLayout"/"RowsLayout", grafana.com/docs/grafana/latest/
  // observability-as-code/schema-v2/). Those panels carry `hidden` and are left off the grid.
  function fromV2(res) {
    var spec = res.spec || {};
    var panels = [];
    var hidden = false;
    function place(name, grid) {
      var e = (spec.elements || {})[name];
      if (!e) return;
      var s = e.spec || {};
      var p = { id: s.id, title: s.title, gridPos: grid, hidden: hidden };
      if (e.kind === 'LibraryPanel') {
        p.libraryPanel = s.libraryPanel;
      } else {
        p.type = (s.vizConfig || {}).group;
        p.options = ((s.vizConfig || {}).spec || {}).options || {};
        p.targets = (((s.data || {}).spec || {}).queries || []).map(function (q) {
          var query = q.spec.query || {};
          return Object.assign({ refId: q.spec.refId, datasource: { uid: (query.datasource || {}).name } }, query.spec || {});
        });
      }
      panels.push(p);
    }
    function walk(layout) {
      if (!layout) return;
      var ls = layout.spec || {};
      if (layout.kind === 'GridLayout') {
        (ls.items || []).forEach(function walkItem(it) {
          if (it.kind === 'GridLayoutRow') {
            var was = hidden;
            hidden = hidden || !!it.spec.collapsed;
            (it.spec.elements || []).forEach(walkItem);
            hidden = was;
          }
          else place(it.spec.element.name, { x: it.spec.x, y: it.spec.y, w: it.spec.width, h: it.spec.height });
        });
      } else if (layout.kind === 'AutoGridLayout') {
        (ls.items || []).forEach(function (it, i) { place(it.spec.element.name, { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 }); });
      } else if (layout.kind === 'RowsLayout') {
        (ls.rows || []).forEach(function (r) {
          var was = hidden;
          hidden = hidden || !!r.spec.collapse;
          walk(r.spec.layout);
          hidden = was;
        });
      } else if (layout.kind === 'TabsLayout') {
        (ls.tabs || []).forEach(function (t, i) {
          var was = hidden;
          hidden = hidden || i > 0;
          walk(t.spec.layout);
          hidden = was;
        });
      }
    }
    walk(spec.layout);
    var ts = spec.timeSettings || {};
    return { dashboard: {
      uid: res.metadata.name, title: spec.title, timezone: ts.timezone, refresh: ts.autoRefresh,
      time: { from: ts.from, to: ts.to },
      templating: { list: (spec.variables || []).map(function (v) { return Object.assign({ type: 'custom' }, v.spec); }) },
      panels: panels
    } };
  }

  // Grafana gives every panel an id of its own before drawing: a missing id, or one an earlier
  // panel has, becomes the next free one, walking panels and collapsed rows' children in order
  // (grafana public/app/features/dashboard/state/DashboardModel.ts: the constructor calls
  // ensurePanelsHaveUniqueIds() over panelIterator(); `panel.id ??= nextPanelId++`, then a
  // duplicate gets `nextPanelId++`; getNextPanelId() is the largest id + 1).
  function ensurePanelsHaveUniqueIds(dash) {
    var all = [];
    (dash.panels || []).forEach(function (p) {
      all.push(p);
      (p.panels || []).forEach(function (c) { all.push(c); });
    });
    var next = all.reduce(function (m, p) { return p.id != null && p.id > m ? p.id : m; }, 0) + 1;
    var ids = {};
    all.forEach(function (p) {
      if (p.id == null) p.id = next++;
      if (ids[p.id]) p.id = next++;
      ids[p.id] = true;
    });
    return dash;
  }

  fetch(boot.v2Path || '/api/dashboards/uid/' + encodeURIComponent(boot.uid))
    .then(function (r) {
      if (!r.ok) throw new Error('Dashboard not found');
      return r.json();
    })
    .then(function (body) { return boot.v2Path ? fromV2(body) : body; })
    .then(function (body) { ensurePanelsHaveUniqueIds(body.dashboard); return body; })
    .then(start)
    .catch(function (err) {
      document.getElementById('reactRoot').appendChild(el('div', { class: 'panel-not-found', role: 'alert', text: String(err.message || err) }));
      markDrawn();
    });
})();
