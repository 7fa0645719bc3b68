// DIVS console page: state from REST, then live updates from the SSE stream /api/events.
// Event payloads are described in web-console/README.md.
'use strict';

(function () {
  const $ = (sel) => document.querySelector(sel);
  const MAX_LOG = 600;
  const MAX_ROUNDS_SHOWN = 60;
  const STREAM_TYPES = ['round', 'round-empty', 'node', 'terminal', 'stats', 'balance', 'migration',
    'inference', 'refused', 'control', 'stream', 'error', 'done'];
  const LOG_KINDS = ['round', 'node', 'terminal', 'stats', 'balance', 'migration', 'inference',
    'control', 'error', 'other'];
  const LIST_KINDS = ['round', 'migration', 'stats', 'balance', 'inference'];
  const PALETTE = ['#2f6fdf', '#e07b39', '#1f9d55', '#8a4fd8', '#d64545', '#0e9aa7', '#c9a227',
    '#5b6b82', '#e05fa0', '#6aa84f'];

  // ---------- formatting ----------
  const dash = () => '<span class="pending" title="not reported yet">—</span>';
  const num = (x, d = 0) => (x === null || x === undefined || Number.isNaN(Number(x)))
    ? null : Number(x).toFixed(d);
  const bytes = (n) => {
    if (n === null || n === undefined) return null;
    const u = ['B', 'kB', 'MB', 'GB'];
    let i = 0; let v = Number(n);
    while (v >= 1000 && i < u.length - 1) { v /= 1000; i++; }
    return `${v.toFixed(i === 0 ? 0 : 1)} ${u[i]}`;
  };
  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });
  const esc = (s) => String(s).replace(/[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const perTask = (obj, d = 0, unit = '') => {
    if (!obj || typeof obj !== 'object' || Object.keys(obj).length === 0) return dash();
    return Object.entries(obj).map(([k, v]) => `<span class="pending">${esc(k)}</span> ${esc(num(v, d))}${unit}`)
      .join('<br>');
  };
  const maybe = (s) => (s === null || s === undefined || s === '') ? dash() : esc(s);

  // ---------- state ----------
  let S = null;
  function freshState(topo, status) {
    return {
      topo, status,
      nodes: status.nodes || {}, members: status.members || {}, edges: status.edges || {},
      terminals: status.terminals || {},
      rounds: [], migrations: [], stats: {}, balance: [], inference: {},
      applied: Object.fromEntries(LIST_KINDS.map((k) => [k, 0])),
      lastSeen: 0, logEntries: [],
    };
  }
  const tasks = () => {
    const known = (S.topo.tasks || []).map((t) => t.id);
    S.rounds.forEach((r) => { if (!known.includes(r.task)) known.push(r.task); });
    return known;
  };
  const taskModel = (id) => ((S.topo.tasks || []).find((t) => t.id === id) || {}).model
    || (S.rounds.some((r) => r.task === id && r.mae !== undefined && r.accuracy === undefined)
      ? 'lstm' : 'cnn');

  // ---------- charts ----------
  const charts = {};
  function chart(id) {
    if (!charts[id]) {
      const el = document.getElementById(id);
      charts[id] = echarts.init(el, null, { renderer: 'canvas' });
    }
    return charts[id];
  }
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  const base = () => ({
    color: PALETTE, animationDuration: 250, animationDurationUpdate: 250,
    textStyle: { fontFamily: 'system-ui, sans-serif' },
    grid: { left: 56, right: 56, top: 34, bottom: 30 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: 11 } },
  });
  function empty(c, text) {
    c.setOption({
      graphic: [{
        type: 'text', left: 'center', top: 'middle', silent: true,
        style: { text, fill: '#9aa5b4', fontSize: 13 },
        invisible: !text,
      }],
    });
  }

  function taskPanels() {
    const host = $('#task-panels');
    // two panels per row: the log takes a whole row when nothing is left to pair it with
    $('#panel-log').classList.toggle('span12', (1 + tasks().length + 8) % 2 === 0);
    for (const id of tasks()) {
      if (document.getElementById(`panel-task-${id}`)) continue;
      const lstm = taskModel(id) === 'lstm';
      const sec = document.createElement('section');
      sec.className = 'panel span6';
      sec.id = `panel-task-${id}`;
      sec.innerHTML = `<h2>Task <code>${esc(id)}</code> (${lstm ? 'LSTM' : 'CNN'})
        <small>${lstm ? 'MAE' : 'held-out accuracy'} and loss per round</small>
        <span class="ctls"><button type="button" data-task="${esc(id)}" data-action="start">Start</button>
        <button type="button" data-task="${esc(id)}" data-action="stop">Stop</button></span></h2>
        <div class="chart task" id="chart-task-${esc(id)}"></div>`;
      host.appendChild(sec);
      const c = chart(`chart-task-${id}`);
      c.setOption(Object.assign(base(), {
        grid: { left: 48, right: 48, top: 34, bottom: 40 },
        xAxis: { type: 'value', name: 'round', nameLocation: 'middle', nameGap: 24, minInterval: 1,
          min: 0, max: 'dataMax', nameTextStyle: { fontSize: 11, color: '#6b7686' } },
        yAxis: [
          { type: 'value', name: lstm ? 'MAE' : 'accuracy', min: 0, max: lstm ? null : 1,
            nameTextStyle: { fontSize: 11 } },
          { type: 'value', name: 'loss', min: 0, splitLine: { show: false },
            nameTextStyle: { fontSize: 11 } },
        ],
        series: [
          { name: lstm ? 'MAE' : 'accuracy', type: 'line', yAxisIndex: 0, data: [], symbolSize: 5,
            lineStyle: { width: 2.5 }, areaStyle: { opacity: 0.06 } },
          { name: 'train loss', type: 'line', yAxisIndex: 1, data: [], symbolSize: 4 },
          { name: 'eval loss', type: 'line', yAxisIndex: 1, data: [], symbolSize: 4,
            lineStyle: { type: 'dashed' } },
        ].concat(lstm ? [{ name: 'last value MAE', type: 'line', yAxisIndex: 0, data: [],
          symbolSize: 0, lineStyle: { type: 'dotted' } }] : []),
      }));
    }
  }

  function renderTasks() {
    taskPanels();
    for (const id of tasks()) {
      const rs = S.rounds.filter((r) => r.task === id);
      const lstm = taskModel(id) === 'lstm';
      const c = chart(`chart-task-${id}`);
      c.setOption({
        series: [
          { data: rs.filter((r) => (lstm ? r.mae : r.accuracy) != null)
            .map((r) => [r.round, lstm ? r.mae : r.accuracy]) },
          { data: rs.filter((r) => r.loss != null).map((r) => [r.round, r.loss]) },
          { data: rs.filter((r) => r.evalLoss != null).map((r) => [r.round, r.evalLoss]) },
        ].concat(lstm ? [{ data: rs.filter((r) => r.lastValue && r.lastValue.mae != null)
          .map((r) => [r.round, r.lastValue.mae]) }] : []),
      });
      empty(c, rs.length ? '' : 'waiting for the first round');
    }
  }

  const roundLabel = (r) => (tasks().length > 1 ? `${r.task} ${r.round}` : `${r.round}`);

  function renderParticipation() {
    const rs = S.rounds.filter((r) => r.round > 0).slice(-40);
    const c = chart('chart-participation');
    c.setOption(Object.assign(base(), {
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (ps) => {
          const r = rs[ps[0].dataIndex];
          return `<b>${esc(r.task)} round ${r.round}</b><br>merged: ${esc((r.participants || []).join(', ') || '–')}`
            + `<br>missing: ${esc((r.missing || []).join(', ') || 'none')}`;
        },
      },
      grid: { left: 48, right: 24, top: 34, bottom: 40 },
      xAxis: { type: 'category', data: rs.map(roundLabel), name: 'round', nameLocation: 'middle',
        nameGap: 24, nameTextStyle: { fontSize: 11, color: '#6b7686' } },
      yAxis: { type: 'value', minInterval: 1, name: 'edges', nameTextStyle: { fontSize: 11 } },
      series: [
        { name: 'merged', type: 'bar', stack: 'p', barMaxWidth: 36,
          data: rs.map((r) => (r.participants || []).length), itemStyle: { color: '#1f9d55' } },
        { name: 'missing', type: 'bar', stack: 'p', data: rs.map((r) => (r.missing || []).length),
          itemStyle: { color: '#d64545' } },
      ],
    }), { replaceMerge: ['series', 'xAxis'] });
    empty(c, rs.length ? '' : 'waiting for a round with participants');
  }

  function streets() {
    const out = [];
    const walk = (n) => {
      if (!n) return;
      if (n.kind === 'street') out.push(n.id);
      (n.children || []).forEach(walk);
    };
    walk(S.topo.tree);
    Object.keys(S.stats).forEach((e) => { if (!out.includes(e)) out.push(e); });
    return out;
  }

  function renderEdges() {
    const series = [];
    for (const [edge, items] of Object.entries(S.stats)) {
      const ts = new Set();
      items.forEach((it) => Object.keys(it.TMs || {}).forEach((t) => ts.add(t)));
      for (const t of ts) {
        series.push({
          name: ts.size > 1 || tasks().length > 1 ? `${edge} ${t}` : edge, type: 'line',
          showSymbol: false, data: items.filter((it) => it.TMs && it.TMs[t] != null)
            .map((it) => [it.eventTime, it.TMs[t] / 1000]),
        });
      }
    }
    const tj = chart('chart-tj');
    tj.setOption(Object.assign(base(), {
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'T_j (s)', min: 0, nameTextStyle: { fontSize: 11 } },
      series,
    }), { replaceMerge: ['series'] });
    empty(tj, series.length ? '' : 'no stats events yet (sent by edges: T_j per task)');

    const names = streets();
    const latest = names.map((e) => S.edges[e] || null);
    const ts = tasks();
    const nj = chart('chart-nj');
    nj.setOption(Object.assign(base(), {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: names },
      yAxis: [
        { type: 'value', name: 'frames', min: 0, nameTextStyle: { fontSize: 11 } },
        { type: 'value', name: 'samples', min: 0, splitLine: { show: false },
          nameTextStyle: { fontSize: 11 } },
      ],
      series: [
        { name: 'n_j frames held', type: 'bar', data: latest.map((s) => (s ? s.frames : null)),
          barMaxWidth: 28 },
      ].concat(ts.map((t) => ({
        name: `S_j ${t}`, type: 'bar', yAxisIndex: 1, barMaxWidth: 28,
        data: latest.map((s) => (s && s.samples ? s.samples[t] : null)),
      }))),
    }), { replaceMerge: ['series', 'xAxis'] });
    const anyStats = latest.some((s) => s);
    empty(nj, anyStats ? '' : 'no stats events yet (sent by edges: n_j, S_j)');
  }

  function renderBalance() {
    const c = chart('chart-balance');
    const theta = S.balance.length ? S.balance[S.balance.length - 1].theta : null;
    const moves = S.migrations.filter((m) => m.phase === 'done' || m.phase === 'planned');
    c.setOption(Object.assign(base(), {
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'B (s)', min: 0, nameTextStyle: { fontSize: 11 } },
      series: [
        {
          name: 'B now', type: 'line', showSymbol: false, lineStyle: { width: 2.5 },
          data: S.balance.map((b) => [b.eventTime, b.bNow / 1000]),
          markLine: {
            symbol: 'none', silent: true,
            data: [].concat(theta != null ? [{ yAxis: theta / 1000, name: 'θ',
              lineStyle: { color: '#c77d0a', type: 'dashed' }, label: { formatter: 'θ' } }] : [])
              .concat(moves.filter((m) => m.phase === 'done').map((m) => ({
                xAxis: m.eventTime, lineStyle: { color: '#8a4fd8' },
                label: { formatter: `${m.from}→${m.to}`, fontSize: 10 },
              }))),
          },
        },
        {
          name: 'B planned', type: 'scatter', symbol: 'diamond', symbolSize: 9,
          data: S.migrations.filter((m) => m.phase === 'planned' && m.bPlan != null)
            .map((m) => [m.eventTime, m.bPlan / 1000]),
        },
      ],
    }), { replaceMerge: ['series'] });
    empty(c, S.balance.length || moves.length ? ''
      : 'no balance or migration events yet (sent by the cloud)');
  }

  function renderBytes() {
    const rs = S.rounds.filter((r) => r.round > 0).slice(-40);
    const levels = new Set();
    rs.forEach((r) => Object.keys(r.bytesByLevel || {}).forEach((l) => levels.add(l)));
    let series;
    if (levels.size) {
      series = [];
      for (const l of [...levels].sort()) {
        for (const dir of ['up', 'down']) {
          series.push({ name: `L${l} ${dir}`, type: 'bar', stack: dir,
            data: rs.map((r) => ((r.bytesByLevel || {})[l] || {})[dir] || 0) });
        }
      }
    } else {
      series = [
        { name: 'bytes up', type: 'bar', barMaxWidth: 28, data: rs.map((r) => r.bytesUp || 0) },
        { name: 'bytes down', type: 'bar', barMaxWidth: 28, data: rs.map((r) => r.bytesDown || 0) },
      ];
    }
    const c = chart('chart-bytes');
    c.setOption(Object.assign(base(), {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' },
        valueFormatter: (v) => bytes(v) },
      grid: { left: 64, right: 24, top: 34, bottom: 40 },
      xAxis: { type: 'category', data: rs.map(roundLabel), name: 'round', nameLocation: 'middle',
        nameGap: 24, nameTextStyle: { fontSize: 11, color: '#6b7686' } },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => bytes(v) } },
      series,
    }), { replaceMerge: ['series', 'xAxis'] });
    empty(c, rs.length ? '' : 'waiting for a round with participants');
  }

  function renderInference() {
    const latest = Object.values(S.inference).map((h) => h[h.length - 1]).filter(Boolean);
    const withCounts = latest.filter((i) => i.counts && typeof i.counts === 'object');
    const terms = [...new Set(withCounts.map((i) => i.terminal))].sort();
    const classes = [];
    (S.topo.tasks || []).forEach((t) => (t.classes || []).forEach((k) => {
      if (!classes.includes(k)) classes.push(k);
    }));
    withCounts.forEach((i) => Object.keys(i.counts).forEach((k) => {
      if (!classes.includes(k)) classes.push(k);
    }));
    const c = chart('chart-classes');
    c.setOption(Object.assign(base(), {
      grid: { left: 80, right: 20, top: 34, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: terms },
      series: classes.map((k) => ({
        name: k, type: 'bar', stack: 'c', barMaxWidth: 18,
        data: terms.map((t) => {
          const i = withCounts.find((x) => x.terminal === t);
          return i && i.counts[k] != null ? i.counts[k] : 0;
        }),
      })),
    }), { replaceMerge: ['series', 'yAxis'] });
    empty(c, terms.length ? '' : 'no inference events yet (class counts per terminal)');

    const sel = $('#forecast-terminal');
    const keys = Object.keys(S.inference).filter((k) => S.inference[k].some((i) => i.forecast != null));
    const current = sel.value;
    const signature = keys.join('|') || '-';
    if (sel.dataset.keys !== signature) {
      sel.dataset.keys = signature;
      sel.innerHTML = keys.length ? keys.map((k) => `<option>${esc(k)}</option>`).join('')
        : '<option value="">no forecasts yet</option>';
      if (keys.includes(current)) sel.value = current;
    }
    const hist = S.inference[sel.value] || [];
    const f = chart('chart-forecast');
    const at = (i) => i.windowEnd || i.eventTime;
    f.setOption(Object.assign(base(), {
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'vehicles / window', min: 0, nameTextStyle: { fontSize: 11 } },
      series: [
        { name: 'actual', type: 'line', showSymbol: false, lineStyle: { width: 2.5 },
          data: hist.filter((i) => i.actual != null).map((i) => [at(i), i.actual]) },
        { name: 'forecast', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' },
          data: hist.filter((i) => i.forecast != null).map((i) => [at(i), i.forecast]) },
      ],
    }));
    empty(f, hist.length ? '' : 'no inference events with forecasts yet (LSTM)');
  }

  // ---------- topology ----------
  function rows() {
    const out = [];
    const walk = (n, depth, last) => {
      out.push({ n, depth, last });
      const kids = (n.children || []).concat(n.terminals || []);
      kids.forEach((k, i) => walk(k, depth + 1, i === kids.length - 1));
    };
    if (S.topo.tree) {
      walk(S.topo.tree, 0, true);
    }
    const listed = new Set(out.map((r) => r.n.id));
    Object.values(S.nodes).forEach((n) => {
      if (!listed.has(n.id)) out.push({ n: { id: n.id, kind: n.kind }, depth: 0, last: true });
    });
    return out;
  }

  // The node (JVM) a unit runs in, with its cluster state once the cloud has seen it join or leave.
  const nodeCell = (name) => {
    const m = name ? S.members[name] : null;
    return m ? `${esc(name)} <span class="state ${esc(m.state)}" title="cluster node">${esc(m.state)}</span>`
      : maybe(name);
  };

  function renderTopology() {
    const tb = $('#topology tbody');
    const html = rows().map(({ n, depth }) => {
      const live = S.nodes[n.id] || {};
      const st = live.state || (n.kind === 'terminal' ? '' : 'unknown');
      const stats = S.edges[n.id] || null;
      const term = S.terminals[n.id] || null;
      const isStreet = n.kind === 'street' || n.kind === 'edge';
      const indent = depth ? `${'&nbsp;&nbsp;'.repeat(depth - 1)}└&nbsp;` : '';
      const speed = stats && stats.speed != null ? stats.speed : n.speed;
      const tj = stats && stats.TMs
        ? Object.fromEntries(Object.entries(stats.TMs).map(([k, v]) => [k, v / 1000])) : null;
      const k = n.kind || live.kind || '';
      const kind = `${k === n.id ? '' : k}${n.level ? ` · L${n.level}` : ''}`;
      return `<tr data-node="${esc(n.id)}" data-kind="${esc(n.kind || '')}">
        <td class="unit"><span class="indent">${indent}</span>${esc(n.id)}<span class="kind">${esc(kind)}</span></td>
        <td class="l">${nodeCell(n.node)}</td>
        <td class="l">${st ? `<span class="state ${esc(st)}">${esc(st)}</span>` : dash()}</td>
        <td>${isStreet ? (stats && stats.frames != null ? esc(stats.frames) : dash()) : ''}</td>
        <td class="multi">${isStreet ? perTask(stats && stats.samples) : ''}</td>
        <td class="multi">${isStreet ? perTask(tj, 2, ' s') : ''}</td>
        <td>${n.kind === 'street' || n.kind === 'aggregator' ? maybe(num(speed, 2)) : ''}</td>
        <td>${n.kind === 'terminal' ? (term ? `${esc(term.frames ?? '–')} / ${esc(term.acked ?? '–')}`
    : dash()) : ''}</td></tr>`;
    }).join('');
    tb.innerHTML = html;
    $('#panel-topology').classList.toggle('tall', tb.rows.length > 10);
  }

  // ---------- rounds table ----------
  function renderRoundsTable() {
    const tb = $('#rounds tbody');
    const rs = S.rounds.slice(-MAX_ROUNDS_SHOWN).reverse();
    tb.innerHTML = rs.map((r) => `<tr>
      <td class="l">${esc(r.task)}</td><td>${esc(r.round)}</td>
      <td class="names">${esc((r.participants || []).join(', ') || '–')}</td>
      <td class="names">${esc((r.missing || []).join(', ') || '–')}</td>
      <td>${maybe(r.samples)}</td><td>${maybe(num(r.loss, 4))}</td>
      <td>${maybe(r.accuracy != null ? num(r.accuracy, 3) : num(r.mae, 3))}</td>
      <td>${maybe(r.ms)}</td><td>${maybe(bytes((r.bytesUp || 0) + (r.bytesDown || 0)))}</td></tr>`)
      .join('');
    $('#round-count').textContent = String(S.rounds.length);
  }

  // ---------- event log ----------
  const kindOf = (type) => {
    if (type === 'round' || type === 'round-empty' || type === 'done') return 'round';
    if (type === 'refused') return 'error';
    return LOG_KINDS.includes(type) ? type : 'other';
  };
  const filters = {};
  function setupFilters() {
    const box = $('#log-filters');
    box.innerHTML = LOG_KINDS.map((k) => `<label><input type="checkbox" data-kind="${k}" checked>${k}</label>`)
      .join('');
    box.querySelectorAll('input').forEach((i) => {
      filters[i.dataset.kind] = true;
      i.addEventListener('change', () => { filters[i.dataset.kind] = i.checked; renderLog(); });
    });
  }
  function summary(e) {
    const d = e.data || {};
    switch (e.type) {
      case 'round': {
        const q = d.accuracy != null ? `acc ${num(d.accuracy, 3)}` : (d.mae != null ? `MAE ${num(d.mae, 3)}` : '');
        return `${d.task} round ${d.round}: ${q}${d.loss != null ? `, loss ${num(d.loss, 4)}` : ''}, `
          + `${(d.participants || []).length} merged, ${(d.missing || []).length} missing`
          + `${d.ms != null ? `, ${d.ms} ms` : ''}`;
      }
      case 'round-empty': return `${d.task} round ${d.round}: no edge had data yet`;
      case 'stream': return `${d.terminal} stored on ${d.edge} (${d.frames} frames); `
        + ((d.waiting || []).length ? `round 1 waits for ${d.waiting.length} more` : 'every stream in, round 1 starts');
      case 'node': return d.kind === 'node'
        ? `node ${d.id} ${d.state} the cluster${(d.units || []).length ? ` (${d.units.join(', ')})` : ''}`
        : `${d.id} (${d.kind}) ${d.state}`;
      case 'terminal': return `${d.id} ${d.state || ''} sent ${d.frames ?? '–'}, acked ${d.acked ?? '–'}`;
      case 'migration': return `${d.phase || ''} ${d.from || ''}→${d.to || ''} ${d.frames != null ? `${d.frames} frames` : ''}`
        + `${d.bNow != null ? ` B ${num(d.bNow, 0)} ms` : ''}${d.bPlan != null ? ` → ${num(d.bPlan, 0)} ms` : ''}`;
      case 'stats': return `${d.edge || e.source}: n ${d.frames ?? '–'}, S ${JSON.stringify(d.samples || {})}, T ${JSON.stringify(d.TMs || {})}`;
      case 'balance': return `B ${num(d.bNow, 0)} ms (θ ${num(d.theta, 0)} ms)`;
      case 'inference': return `${d.terminal} ${d.task} (model round ${d.round})`
        + `${d.counts ? ` ${JSON.stringify(d.counts)}` : ''}${d.forecast != null ? ` forecast ${num(d.forecast, 1)} actual ${num(d.actual, 1)}` : ''}`;
      case 'control': return `${d.action}${d.task ? ` ${d.task}` : ''}: ${d.outcome}${d.reason ? ` (${d.reason})` : ''}`;
      case 'error': return d.message || JSON.stringify(d);
      case 'refused': return `${d.from || ''} ${d.task || ''} round ${d.round ?? ''}: ${d.reason || ''}`;
      case 'done': return `done after ${d.rounds} rounds`;
      default: return JSON.stringify(d);
    }
  }
  function logItem(e) {
    const li = document.createElement('li');
    li.dataset.kind = kindOf(e.type);
    li.dataset.type = e.type;
    li.dataset.id = e.id;
    const cells = [['t', clock(e.time)], ['i', `#${e.id}`], ['k k-' + e.type, e.type],
      ['s', e.source], ['m', summary(e)]];
    for (const [cls, text] of cells) {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      if (cls === 'm') span.title = text;
      li.appendChild(span);
    }
    return li;
  }
  function renderLog() {
    const ol = $('#log');
    const frag = document.createDocumentFragment();
    const shown = S.logEntries.filter((e) => filters[kindOf(e.type)]);
    for (let i = shown.length - 1; i >= 0; i--) frag.appendChild(logItem(shown[i]));
    ol.replaceChildren(frag);
    $('#log-count').textContent = `${shown.length} of ${S.logEntries.length} kept`;
  }

  // ---------- applying data ----------
  function addListItem(kind, it) {
    switch (kind) {
      case 'round': {
        const i = S.rounds.findIndex((r) => r.task === it.task && r.round === it.round);
        if (i >= 0) S.rounds[i] = it; else S.rounds.push(it);
        break;
      }
      case 'migration': S.migrations.push(it); break;
      case 'stats': {
        const edge = it.edge || it.eventSource;
        (S.stats[edge] = S.stats[edge] || []).push(it);
        S.edges[edge] = it;
        break;
      }
      case 'balance': S.balance.push(it); break;
      case 'inference': {
        const key = `${it.terminal}/${it.task}`;
        (S.inference[key] = S.inference[key] || []).push(it);
        if (S.inference[key].length > 500) S.inference[key].shift();
        break;
      }
      default: break;
    }
  }

  function apply(e) {
    const d = Object.assign({}, e.data, { eventId: e.id, eventTime: e.time, eventSource: e.source });
    if (LIST_KINDS.includes(e.type)) {
      if (e.id <= S.applied[e.type]) return;
      S.applied[e.type] = e.id;
      addListItem(e.type, d);
      return;
    }
    if (e.type === 'node' && d.kind === 'node') {
      // A cluster node (JVM) joined or left: its units show left while it is gone (as /api/status).
      S.members[d.id] = Object.assign({}, d, { since: e.time });
      (d.units || []).forEach((u) => {
        const was = (S.nodes[u] || {}).state;
        if (d.state === 'left' || (d.state === 'joined' && was === 'left')) {
          S.nodes[u] = Object.assign(S.nodes[u] || { id: u }, { state: d.state });
        }
      });
    } else if (e.type === 'node') {
      const id = d.id || e.source;
      S.nodes[id] = Object.assign(S.nodes[id] || { id }, { kind: d.kind, state: d.state });
    } else if (e.type === 'terminal') {
      const id = d.id || e.source;
      S.terminals[id] = Object.assign(S.terminals[id] || {}, d);
      if (d.state) S.nodes[id] = Object.assign(S.nodes[id] || { id }, { kind: 'terminal', state: d.state });
    }
  }

  let dirty = false;
  function schedule() {
    if (dirty) return;
    dirty = true;
    requestAnimationFrame(() => { dirty = false; renderAll(); });
  }
  function renderAll() {
    renderTopology();
    renderTasks();
    renderParticipation();
    renderEdges();
    renderBalance();
    renderBytes();
    renderInference();
    renderRoundsTable();
    renderLog();
    $('#last-id').textContent = S.lastSeen ? `#${S.lastSeen}` : '–';
  }

  function onEvent(ev) {
    // a console event of type "error" arrives as a MessageEvent named "error"; a connection error
    // is a plain Event without data (handled by es.onerror)
    if (typeof ev.data !== 'string') return;
    let e;
    try { e = JSON.parse(ev.data); } catch (x) { return; }
    if (e.id <= S.lastSeen) return;
    S.lastSeen = e.id;
    S.logEntries.push(e);
    if (S.logEntries.length > MAX_LOG) S.logEntries.shift();
    apply(e);
    schedule();
  }

  // ---------- connection ----------
  let es = null;
  let resyncs = [];
  function setConn(state, text) {
    const p = $('#conn');
    p.dataset.state = state;
    p.textContent = text || state;
  }
  function banner(text) {
    const b = $('#banner');
    b.hidden = !text;
    b.textContent = text || '';
  }
  function openStream(since) {
    es = new EventSource(`api/events?since=${since}`);
    es.onopen = () => setConn('live');
    es.onerror = (ev) => { if (typeof ev.data !== 'string') setConn('reconnecting'); };
    STREAM_TYPES.forEach((t) => es.addEventListener(t, onEvent));
    es.addEventListener('reset', () => { resync(); });
  }
  async function getJson(path) {
    const r = await fetch(path, { cache: 'no-store' });
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return r.json();
  }
  async function resync() {
    if (es) { es.close(); es = null; }
    const now = Date.now();
    resyncs = resyncs.filter((t) => now - t < 10000).concat([now]);
    if (resyncs.length > 3) await new Promise((ok) => setTimeout(ok, 2000));
    setConn('loading', 'loading');
    try {
      const status = await getJson('api/status');
      const [topo, rounds, migrations, inference, stats] = await Promise.all([
        getJson('api/topology'), getJson('api/rounds'), getJson('api/migrations'),
        getJson('api/inference'), getJson('api/stats')]);
      S = freshState(topo, status);
      const take = (kind, list) => list.forEach((it) => {
        addListItem(kind, it);
        S.applied[kind] = Math.max(S.applied[kind], it.eventId || 0);
      });
      take('round', rounds);
      take('migration', migrations);
      Object.values(stats.edges || {}).forEach((l) => take('stats', l));
      take('balance', stats.balance || []);
      Object.values(inference.history || {}).forEach((l) => take('inference', l));
      document.title = topo.name ? `DIVS console · ${topo.name}` : 'DIVS console';
      $('#city').textContent = topo.name || '';
      banner('');
      $('#token-form').title = status.control ? 'control calls send this token'
        : 'control is disabled: the console has no token configured';
      renderAll();
      openStream(Math.max(0, status.oldestEventId - 1));
    } catch (x) {
      setConn('reconnecting', 'offline');
      banner(`Console not reachable (${x.message}); retrying…`);
      setTimeout(resync, 3000);
    }
  }

  // ---------- control ----------
  const TOKEN_KEY = 'divs.console.token';
  function toast(text, bad) {
    const t = $('#toast');
    t.textContent = text;
    t.className = bad ? 'toast bad' : 'toast';
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }
  async function control(path, what) {
    const token = sessionStorage.getItem(TOKEN_KEY) || '';
    const r = await fetch(path, { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {} });
    let body = {};
    try { body = await r.json(); } catch (x) { body = {}; }
    if (r.ok) toast(`${what}: accepted`);
    else toast(`${what}: ${body.error || `HTTP ${r.status}`}`, true);
  }
  function setupControls() {
    const input = $('#token');
    input.value = sessionStorage.getItem(TOKEN_KEY) || '';
    $('#token-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      toast(input.value.trim() ? 'token set for this tab' : 'token cleared');
    });
    document.addEventListener('click', (ev) => {
      const b = ev.target.closest('button[data-action]');
      if (b) {
        const task = b.dataset.task;
        control(`api/tasks/${encodeURIComponent(task)}/${b.dataset.action}`, `${b.dataset.action} ${task}`);
      }
    });
    $('#migration-check').addEventListener('click', () => control('api/migration/check', 'migration check'));
    $('#forecast-terminal').addEventListener('change', () => renderInference());
  }

  setupFilters();
  setupControls();
  resync();
}());
