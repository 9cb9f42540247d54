/*
 * loadgen's pages, part 2 of 3: the charts, drawn with uPlot from interval events (the lines of
 * timeline.jsonl), the same on the live dashboard and in report.html.
 */
(function () {
  'use strict';
  const { el, ms, num, clock, ERROR_OUTCOMES } = window.LoadgenView;
  const PALETTE = ['#2f6fdf', '#e8710a', '#1a7f37', '#c62828', '#8e44ad', '#00838f', '#6d4c41', '#d81b60', '#546e7a', '#9e9d24'];

  /** The events kept for the charts; the dashboard keeps a window, the report everything. */
  class Timeline {
    constructor(limit) {
      this.events = [];
      this.before = null;
      this.limit = limit || Infinity;
    }

    add(event) {
      this.events.push(event);
      if (this.events.length > this.limit) {
        this.before = this.events.shift();
      }
    }

    /** The event before the i-th one, for series that are differences of running totals. */
    previous(i) {
      return i > 0 ? this.events[i - 1] : this.before;
    }

    names(pick) {
      const seen = new Set();
      this.events.forEach((e) => Object.keys(pick(e) || {}).forEach((k) => seen.add(k)));
      return Array.from(seen).sort();
    }

    last() {
      return this.events.length ? this.events[this.events.length - 1] : null;
    }
  }

  /**
   * Per second over an interval. The last interval of a run is often a fraction of a second long, too
   * short to tell a rate: a handful of requests in it would draw a spike or a dip that never happened,
   * so intervals under half a second get no point.
   */
  function perSecond(n, e) {
    return e.dt < 0.5 ? null : n / e.dt;
  }

  /** A per-second rate from a running total: its rise since the previous event. */
  function risePerSecond(tl, i, pick) {
    const e = tl.events[i];
    const p = tl.previous(i);
    const now = pick(e) || 0;
    const before = p ? (pick(p) || 0) : 0;
    return perSecond(Math.max(0, now - before), e);
  }

  const CHARTS = [
    {
      id: 'requests', title: 'Requests per second', format: (v) => num(v),
      keys: (tl) => ['all'].concat(tl.names((e) => e.services)),
      value: (tl, i, k) => {
        const e = tl.events[i];
        return perSecond(k === 'all' ? e.requests : (e.services[k] ? e.services[k].requests : 0), e);
      },
    },
    {
      id: 'latency', title: 'Latency by service', format: ms, choices: ['p95', 'p50', 'p99'],
      keys: (tl) => ['all'].concat(tl.names((e) => e.services)),
      value: (tl, i, k, p) => {
        const e = tl.events[i];
        const l = k === 'all' ? e.latencyMs : (e.services[k] || {}).latencyMs;
        return l && l[p] !== undefined ? l[p] : null;
      },
    },
    {
      id: 'errors', title: 'Errors per second by outcome (chaos apart)', format: (v) => num(v, 2),
      keys: () => ERROR_OUTCOMES.concat(['chaos']), dashed: ['chaos'],
      value: (tl, i, k) => {
        const e = tl.events[i];
        return perSecond(e.outcomes[k] || 0, e);
      },
    },
    {
      id: 'users', title: 'Active users by persona', format: (v) => num(v, 0), whole: true,
      keys: (tl) => {
        const personas = tl.names((e) => e.users.byPersona);
        const last = tl.last();
        return personas.concat([last && last.load.model === 'open' ? 'arrival rate target /s' : 'target users']);
      },
      dashed: ['target users', 'arrival rate target /s'], right: ['arrival rate target /s'],
      value: (tl, i, k) => {
        const e = tl.events[i];
        if (k === 'target users' || k === 'arrival rate target /s') return e.load.phase === 'running' ? e.load.target : null;
        return e.users.byPersona[k] || 0;
      },
    },
    {
      id: 'sessions', title: 'Sessions per second', format: (v) => num(v, 2),
      keys: () => ['completed', 'abandoned', 'dropped'],
      value: (tl, i, k) => risePerSecond(tl, i, (e) => e.sessions[k]),
    },
    {
      id: 'ws', title: 'WebSocket: connections and delivery', format: (v) => num(v, 1),
      keys: () => ['open connections', 'reconnects (total)', 'echo p95 (ms)', 'peer p95 (ms)'], right: ['echo p95 (ms)', 'peer p95 (ms)'],
      value: (tl, i, k) => {
        const ws = tl.events[i].ws;
        if (k === 'open connections') return ws.open;
        if (k === 'reconnects (total)') return ws.reconnects === undefined ? null : ws.reconnects;
        const d = k.startsWith('echo') ? ws.echoMs : ws.peerMs;
        return d && d.p95 !== undefined ? d.p95 : null;
      },
    },
    {
      id: 'chaos', title: 'Chaos injections per second by kind', format: (v) => num(v, 2),
      keys: (tl) => {
        const kinds = tl.names((e) => e.chaos.byKind);
        return kinds.length ? kinds : ['injected'];
      },
      value: (tl, i, k) => risePerSecond(tl, i, (e) => (k === 'injected' ? 0 : e.chaos.byKind[k])),
    },
  ];

  class Chart {
    constructor(parent, def) {
      this.def = def;
      this.choice = def.choices ? def.choices[0] : null;
      this.box = el('div', { class: 'chart', id: 'chart-' + def.id, 'data-points': '0' });
      const head = el('div', { class: 'head' });
      head.appendChild(el('h3', {}, def.title));
      if (def.choices) {
        const select = el('select', { 'aria-label': 'percentile' });
        def.choices.forEach((c) => select.appendChild(el('option', { value: c }, c)));
        select.addEventListener('change', () => {
          this.choice = select.value;
          this.draw(this.timeline);
        });
        head.appendChild(select);
      }
      this.box.appendChild(head);
      this.plot = el('div', { class: 'plot' });
      this.box.appendChild(this.plot);
      parent.appendChild(this.box);
      this.keysText = null;
      this.u = null;
      // while the pointer is away, the legend shows the latest values
      this.hovering = false;
      this.plot.addEventListener('mouseenter', () => { this.hovering = true; });
      this.plot.addEventListener('mouseleave', () => {
        this.hovering = false;
        setTimeout(() => this.showLatest(), 0);
      });
    }

    /**
     * uPlot clears the legend whenever the pointer is away (on every new point too): show each series'
     * latest value instead, skipping the gaps at the end (a last interval too short for a rate).
     */
    showLatest() {
      const n = this.u ? this.u.data[0].length : 0;
      if (n === 0 || this.hovering || this.u.legend.idx === n - 1) return;
      const idxs = this.u.data.map((values) => {
        let i = values.length - 1;
        while (i > 0 && (values[i] === null || values[i] === undefined)) i--;
        return i;
      });
      this.u.setLegend({ idxs: idxs });
    }

    draw(tl) {
      this.timeline = tl;
      const keys = this.def.keys(tl);
      const xs = tl.events.map((e) => e.t);
      const data = [xs];
      keys.forEach((k) => data.push(tl.events.map((e, i) => this.def.value(tl, i, k, this.choice))));
      const text = keys.join('\u0000');
      if (!this.u || text !== this.keysText) {
        if (this.u) this.u.destroy();
        this.u = new uPlot(this.options(keys), data, this.plot);
        this.keysText = text;
      } else {
        this.u.setData(data);
      }
      this.box.setAttribute('data-points', String(xs.length));
      this.showLatest();
    }

    options(keys) {
      const def = this.def;
      const right = def.right || [];
      const range = (u, min, max) => [0, max === null || max === undefined || max <= 0 ? 1 : max * 1.1];
      // time ticks on whole seconds (and minutes, hours), counts on whole numbers: no label twice
      const seconds = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400];
      const wholes = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 1000000];
      const y = { scale: 'y', size: 72, values: (u, splits) => splits.map((v) => def.format(v)) };
      if (def.whole) y.incrs = wholes;
      const axes = [{ incrs: seconds, values: (u, splits) => splits.map(clock) }, y];
      if (keys.some((k) => right.includes(k))) {
        axes.push({ scale: 'y2', side: 1, size: 72, grid: { show: false }, values: (u, splits) => splits.map((v) => num(v, 1)) });
      }
      return {
        width: Math.max(300, this.plot.clientWidth || 460),
        height: 220,
        scales: { x: { time: false }, y: { range: range }, y2: { range: range } },
        axes: axes,
        legend: { live: true },
        hooks: {
          setLegend: [(u) => { if (u.legend.idx === null || u.legend.idx === undefined) this.showLatest(); }],
          // the warm-up's seconds, greyed: sent, but left out of the results
          drawClear: [(u) => {
            const warm = this.timeline ? this.timeline.events.filter((e) => e.warmUp) : [];
            if (!warm.length) return;
            const x0 = u.valToPos(0, 'x', true);
            const x1 = u.valToPos(warm[warm.length - 1].t, 'x', true);
            u.ctx.save();
            u.ctx.fillStyle = 'rgba(128, 128, 128, 0.18)';
            u.ctx.fillRect(x0, u.bbox.top, Math.max(0, x1 - x0), u.bbox.height);
            u.ctx.restore();
          }],
        },
        series: [{ label: 'elapsed', value: (u, v) => clock(v) }].concat(keys.map((k, i) => ({
          label: k,
          scale: right.includes(k) ? 'y2' : 'y',
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          dash: (def.dashed || []).includes(k) ? [6, 4] : undefined,
          spanGaps: false,
          value: (u, v) => (right.includes(k) ? num(v, 1) : def.format(v)),
        }))),
      };
    }

    resize() {
      if (this.u) this.u.setSize({ width: Math.max(300, this.plot.clientWidth), height: 220 });
    }
  }

  /** Every chart of a run inside {@code parent}; {@code draw} redraws them all from a timeline. */
  class Charts {
    constructor(parent) {
      this.charts = CHARTS.map((def) => new Chart(parent, def));
      let pending = null;
      window.addEventListener('resize', () => {
        clearTimeout(pending);
        pending = setTimeout(() => this.charts.forEach((c) => c.resize()), 100);
      });
    }

    draw(tl) {
      this.charts.forEach((c) => c.draw(tl));
    }
  }

  Object.assign(window.LoadgenView, { Timeline, Charts });
})();
