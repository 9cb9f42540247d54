/*
 * report.html: draws the whole run from the data inlined in the page (summary.json, the lines of
 * timeline.jsonl and config.json), with the same charts and tables as the live dashboard.
 */
(function () {
  'use strict';
  const V = window.LoadgenView;
  const data = JSON.parse(document.getElementById('loadgen-data').textContent);
  const s = data.summary;
  const tl = new V.Timeline();
  data.timeline.forEach((e) => tl.add(e));

  const t = s.totals;
  const errors = t.organicErrors;
  const held = s.thresholds.every((x) => x.ok);
  V.renderFacts(document.getElementById('facts'), [
    ['started', s.startedAt.replace(/\.\d+Z$/, 'Z').replace('T', ' ')], ['duration', V.clock(s.durationSeconds)], ['model', s.model], ['seed', String(s.seed)],
    ['segment', s.segment], ['target', s.target], ['ended', s.stopReason, s.stopReason === 'completed' ? 'ok' : 'bad'],
    ['thresholds', s.thresholds.length ? (held ? 'passed' : 'FAILED') : 'none', s.thresholds.length ? (held ? 'ok' : 'bad') : ''],
    ['loadgen', s.loadgen],
  ].concat(s.lagMs ? [['generator lag p99', V.num(s.lagMs.p99, 1) + ' ms', s.lagMs.p99 > 5 ? 'bad' : '']] : [])
    .concat(s.warmUpSeconds ? [['warm-up', V.clock(s.warmUpSeconds) + ' (greyed in the charts; left out of the figures)']] : []));
  const all = s.endpoints.reduce((h, e) => Math.max(h, (e.latencyMs || {}).p95 || 0), 0);
  V.renderCards(document.getElementById('cards'), [
    ['requests', V.num(t.requests, 0), 'requests'],
    ['requests/s', V.num(s.durationSeconds > 0 ? t.requests / s.durationSeconds : 0, 1), 'rps'],
    ['errors', V.num(errors, 0) + ' (' + V.pct(errors, t.requests - t.chaos) + ')', 'errors'],
    ['worst endpoint p95', V.ms(all), 'p95'],
    ['users started / peak', V.num(s.users.started, 0) + ' / ' + V.num(s.users.peak, 0), 'users'],
    ['sessions completed', V.num(s.sessions.completed, 0), 'sessions'],
    ['checks passed', s.checks && s.checks.rate !== null ? V.pct(s.checks.passed, s.checks.passed + s.checks.failed) : 'none', 'checks'],
    ['chaos injected', V.num(t.chaos, 0), 'chaos'],
  ].concat(s.ws.reconnects && s.ws.reconnects.attempts > 0 ? [['WebSocket reconnects', V.num(s.ws.reconnects.succeeded, 0) + ' of '
    + V.num(s.ws.reconnects.attempts, 0) + ', back after p95 ' + V.ms(s.ws.reconnects.timeMs.p95), 'reconnects']] : []));

  new V.Charts(document.getElementById('charts')).draw(tl);
  V.renderThresholds(document.getElementById('thresholds'), s.thresholds, true);
  V.endpointTable(document.getElementById('endpoints'), 'no requests').render(s.endpoints);

  const setup = (what, p) => ({ key: what + p, title: (what === 'tlsMs' ? 'TLS ' : 'connect ') + p, num: true,
    value: (r) => r.connections[what][p], format: (v, r) => (what === 'tlsMs' && !r.connections.tlsHandshakes ? '-' : V.ms(v)) });
  new V.SortableTable(document.getElementById('connections'), [
    { key: 'service', title: 'service', value: (r) => r.service },
    { key: 'endpoint', title: 'endpoint', value: (r) => r.endpoint },
    { key: 'opened', title: 'opened', num: true, value: (r) => r.connections.opened, format: (v) => V.num(v, 0) },
    { key: 'perRequest', title: 'per request', num: true, value: (r) => r.connections.opened / Math.max(1, r.count),
      format: (v, r) => V.pct(r.connections.opened, r.count) },
    setup('connectMs', 'p50'), setup('connectMs', 'p95'), setup('connectMs', 'p99'),
    { key: 'handshakes', title: 'TLS handshakes', num: true, value: (r) => r.connections.tlsHandshakes, format: (v) => V.num(v, 0) },
    setup('tlsMs', 'p50'), setup('tlsMs', 'p95'), setup('tlsMs', 'p99'), setup('tlsMs', 'max'),
  ], 'opened', true, 'no connection opened (or results written before loadgen timed them)')
    .render(s.endpoints.filter((e) => e.connections && e.connections.opened > 0));

  const texts = new Map();
  tl.events.filter((e) => !e.warmUp).forEach((e) => e.endpoints.forEach((ep) => Object.entries(ep.errorTexts || {}).forEach(([text, n]) => {
    const key = ep.service + '\u0000' + ep.endpoint + '\u0000' + text;
    const row = texts.get(key) || { service: ep.service, endpoint: ep.endpoint, text: text, count: 0 };
    row.count += n;
    texts.set(key, row);
  })));
  V.errorTable(document.getElementById('errors'), 'no errors').render(Array.from(texts.values()));
  V.checkTable(document.getElementById('checks'), 'the scenario has no checks').render(V.checkRows(s.endpoints));
  const skipped = Object.entries((s.skipped || {}).byReason || {}).map(([reason, n]) => ({ reason: reason, count: n }));
  new V.SortableTable(document.getElementById('skipped'), [
    { key: 'reason', title: 'step, and why it was not run', text: true, value: (r) => r.reason },
    { key: 'count', title: 'times', num: true, value: (r) => r.count, format: (v) => V.num(v, 0) },
  ], 'count', true, 'no step was skipped').render(skipped);

  const personas = Object.entries(s.users.byPersona).map(([name, n]) => ({ persona: name, started: n }));
  const started = personas.reduce((a, p) => a + p.started, 0);
  new V.SortableTable(document.getElementById('personas'), [
    { key: 'persona', title: 'persona', value: (r) => r.persona },
    { key: 'started', title: 'users started', num: true, value: (r) => r.started, format: (v) => V.num(v, 0) },
    { key: 'share', title: 'share', num: true, value: (r) => r.started, format: (v) => V.pct(v, started) },
  ], 'started', true, 'no users started').render(personas);

  const last = tl.last();
  const kinds = Object.assign({}, last ? last.chaos.byKind : {}, s.chaos.byKind);
  new V.SortableTable(document.getElementById('chaos'), [
    { key: 'kind', title: 'kind', value: (r) => r.kind },
    { key: 'count', title: 'injected', num: true, value: (r) => r.count, format: (v) => V.num(v, 0) },
  ], 'count', true, 'no faults injected').render(Object.entries(kinds).map(([kind, n]) => ({ kind: kind, count: n })));

  document.getElementById('config').textContent = data.config ? JSON.stringify(data.config, null, 2)
    : 'config.json is missing from the results folder';
})();
