/*
 * compare.html: two runs side by side, from the data inlined in the page (compare.json and each run's
 * seconds of timeline.jsonl): the latency of all requests over the run's time, the base run and the new one
 * overlaid, and the table of changes with their intervals and verdicts.
 */
(function () {
  'use strict';
  const V = window.LoadgenView;
  const data = JSON.parse(document.getElementById('loadgen-data').textContent);
  const c = data.compare;
  const worse = c.rows.some((r) => r.verdict === 'worse');

  V.renderFacts(document.getElementById('facts'), [
    ['base', c.base], ['new', c.next],
    ['verdict', worse ? 'worse' : 'no row worse', worse ? 'bad' : 'ok'],
    ['level', Math.round(c.options.level * 1000) / 10 + '%'],
    ['margins', Math.round(c.options.margin * 1000) / 10 + '%, ' + c.options.errorMarginPoints + ' pt of errors'],
  ]);
  document.getElementById('differences').textContent = c.configDifferences.length
    ? 'The two runs\u2019 configs differ in ' + c.configDifferences.join(', ') + ': a change may come from that, not from the target.'
    : 'The two runs\u2019 configs are the same.';
  document.getElementById('method').textContent = 'Intervals: ' + c.options.method + ', ' + c.options.resamples
    + ' resamples, holding together for the whole table. A change is worse or better only when its whole interval lies beyond the margin.';

  // the latency of all requests, second by second, base and new on one chart per percentile
  const charts = document.getElementById('charts');
  ['p50', 'p95', 'p99'].forEach((p) => {
    const box = charts.appendChild(V.el('div', { class: 'chart', id: 'chart-' + p }));
    box.appendChild(V.el('h3', {}, 'Latency ' + p + ', all requests'));
    const plot = box.appendChild(V.el('div'));
    const series = [data.base, data.next].map((run) => {
      const m = new Map();
      run.forEach((e) => { if (e.latencyMs && e.latencyMs[p] !== undefined) m.set(Math.round(e.t), e.latencyMs[p]); });
      return m;
    });
    const xs = Array.from(new Set([...series[0].keys(), ...series[1].keys()])).sort((a, b) => a - b);
    box.setAttribute('data-points', String(xs.length));
    if (!xs.length) {
      box.appendChild(V.el('p', { class: 'note' }, 'No seconds recorded (a merged folder has no timeline).'));
      return;
    }
    const ys = series.map((m) => xs.map((x) => (m.has(x) ? m.get(x) : null)));
    // eslint-disable-next-line no-undef
    new uPlot({
      width: Math.max(300, plot.clientWidth || 460), height: 220,
      scales: { x: { time: false } },
      axes: [{ values: (u, s) => s.map(V.clock) }, { size: 72, values: (u, s) => s.map(V.ms) }],
      series: [{ label: 'elapsed', value: (u, v) => V.clock(v) },
        { label: 'base', stroke: '#546e7a', width: 1.5, value: (u, v) => V.ms(v) },
        { label: 'new', stroke: '#2f6fdf', width: 1.5, value: (u, v) => V.ms(v) }],
    }, [xs].concat(ys), plot);
  });

  function change(m) {
    if (!m || m.change === null) return 'n/a';
    const points = m.unit === 'points';
    const k = points ? 1 : 100;
    const f = (v) => (v >= 0 ? '+' : '') + (v * k).toFixed(1) + (points ? 'pt' : '%');
    return f(m.change) + (m.low === null ? ' (?)' : ' (' + f(m.low) + '\u2026' + f(m.high) + ')');
  }

  const metrics = ['p50', 'p95', 'p99', 'mean', 'errors.rate', 'rps'];
  const table = document.getElementById('rows');
  const head = table.appendChild(V.el('thead')).appendChild(V.el('tr'));
  ['endpoint', 'base', 'new', 'verdict'].concat(metrics).forEach((h) => head.appendChild(V.el('th', {}, h)));
  const body = table.appendChild(V.el('tbody'));
  c.rows.forEach((r) => {
    const tr = body.appendChild(V.el('tr', { 'data-verdict': r.verdict }));
    tr.appendChild(V.el('td', {}, r.service ? r.service + ' ' + r.endpoint : r.endpoint));
    tr.appendChild(V.el('td', {}, V.num(r.baseCount, 0)));
    tr.appendChild(V.el('td', {}, V.num(r.nextCount, 0)));
    const v = tr.appendChild(V.el('td'));
    v.appendChild(V.el('span', { class: 'badge ' + (r.verdict === 'worse' ? 'bad' : r.verdict === 'better' ? 'ok' : '') }, r.verdict));
    metrics.forEach((m) => {
      const cell = tr.appendChild(V.el('td', {}, change(r.changes[m])));
      if (r.changes[m] && r.changes[m].verdict === 'worse') cell.className = 'bad';
    });
  });
})();
