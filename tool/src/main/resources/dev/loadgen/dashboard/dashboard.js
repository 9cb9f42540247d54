/*
 * The live dashboard: interval and state events over Server-Sent Events, drawn with the same view as
 * report.html, and the control form, which posts JSON to the control API. At the end of the run the
 * server sends "end" with the final summary; the page closes its stream itself, so that loadgen can exit
 * without the browser reporting a lost connection.
 *
 * The same page serves `loadgen control`: its state carries "instances" (one row each), and its figures are
 * the instances' summed, with percentiles the highest of theirs, which the page says.
 */
(function () {
  'use strict';
  const V = window.LoadgenView;
  const $ = (id) => document.getElementById(id);
  const WINDOW = 900;

  const timeline = new V.Timeline(WINDOW);
  const charts = new V.Charts($('charts'));
  const endpoints = V.endpointTable($('endpoints'));
  const errors = V.errorTable($('errors'));
  const instances = new V.SortableTable($('instances'), [
    { key: 'url', title: 'instance', value: (r) => r.url },
    { key: 'segment', title: 'segment', value: (r) => r.segment },
    { key: 'phase', title: 'state', text: true, value: (r) => r.phase + (r.problem ? ': ' + r.problem : '') },
    { key: 'running', title: 'users running', num: true, value: (r) => r.running, format: (v) => V.num(v, 0) },
    { key: 'share', title: 'its part of the target', num: true, value: (r) => (r.share === undefined ? null : r.share), format: (v) => V.num(v, 2) },
    { key: 'rps', title: 'req/s (last s)', num: true, value: (r) => r.requestsPerSecond, format: (v) => V.num(v, 1) },
  ], 'url', false, 'no instance found yet');
  let state = null;
  let finished = false;
  let redraw = null;

  function scheduleDraw() {
    if (redraw === null) {
      redraw = setTimeout(() => {
        redraw = null;
        charts.draw(timeline);
      }, 50);
    }
  }

  function say(text, bad) {
    $('message').textContent = text;
    $('message').classList.toggle('bad', !!bad);
  }

  function showState(s, summary) {
    state = s;
    const c = s.control;
    const phase = finished ? 'finished' : c.phase;
    const remaining = Math.max(0, s.plannedSeconds - s.elapsedSeconds);
    V.renderFacts($('facts'), [
      ['status', phase, phase === 'running' ? 'running' : phase === 'finished' ? 'ok' : ''],
      ['elapsed', V.clock(s.elapsedSeconds)],
      ['remaining', c.phase === 'running' ? V.clock(remaining) : '-'],
      ['model', c.model],
      [c.model === 'open' ? 'arrival rate' : 'target users', V.num(c.target, 2)],
      ['running users', String(c.running)],
    ].concat(summary ? [['ended', summary.stopReason, summary.stopReason === 'completed' ? 'ok' : 'bad']] : []));
    const t = s.totals;
    const several = Array.isArray(s.instances);
    if (several) {
      $('title').textContent = 'loadgen control';
      document.title = 'loadgen control';
      $('instances-part').hidden = false;
      instances.render(s.instances);
      $('instances-note').textContent = 'Counts are the instances\' summed. They send no histograms, so p50 to p99 (here and in '
        + 'the charts) are the highest of the instances\', an upper bound of the run\'s; the exact ones come from loadgen merge '
        + 'afterwards. Thresholds are each instance\'s, on its own figures.' + (s.lookup ? ' ' + s.lookup + '.' : '');
    }
    V.renderCards($('cards'), [
      ['requests', V.num(t.requests, 0), 'requests'],
      ['requests/s (last s)', V.num(t.lastRequestsPerSecond, 1), 'rps'],
      ['errors', V.num(t.errors, 0) + ' (' + V.pct(t.errors, t.requests - t.chaos) + ')', 'errors'],
      [several ? 'p95 (last s, highest instance)' : 'p95 (last s)', V.ms(t.lastP95), 'p95'],
      ['users running', V.num(c.running, 0), 'users'],
      ['sessions completed', V.num(t.sessionsCompleted, 0), 'sessions'],
      ['WebSockets open', V.num(t.wsOpen, 0), 'ws'],
      ['WebSocket reconnects', V.num(t.wsReconnects, 0) + ' of ' + V.num(t.wsReconnectAttempts, 0) + ' tried', 'reconnects'],
      ['chaos injected', V.num(t.chaos, 0), 'chaos'],
    ]);
    V.renderThresholds($('thresholds'), summary ? summary.thresholds : s.thresholds, !!summary);
    endpoints.render(summary ? summary.endpoints : s.endpoints);
    errors.render(s.errors);
    $('target-label').textContent = c.model === 'open' ? 'arrival rate /s' : 'target users';
    $('token-box').hidden = !c.tokenRequired;
    const input = $('target');
    if (document.activeElement !== input && input.value === '') {
      input.value = String(Math.round(c.target * 100) / 100);
    }
    const live = c.phase === 'running' && !finished;
    ['target', 'over', 'apply', 'stop'].forEach((id) => { $(id).disabled = !live; });
  }

  async function control(path, body) {
    const headers = { 'Content-Type': 'application/json' };
    const token = $('token').value;
    if (token) headers.Authorization = 'Bearer ' + token;
    try {
      const r = await fetch('api/' + path, { method: 'POST', headers: headers, body: JSON.stringify(body) });
      const reply = await r.json();
      // a stop's answer can come after the run's end: the end's message (where the results are) stays
      if (finished) return;
      if (r.ok) {
        say(reply.message || 'done');
      } else {
        say(reply.error || ('refused: HTTP ' + r.status), true);
      }
    } catch (e) {
      if (!finished) say('loadgen did not answer: ' + e.message, true);
    }
  }

  $('change').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const value = Number($('target').value);
    const over = $('over').value === '' ? 0 : Number($('over').value);
    if (state && state.control.model === 'open') {
      control('rate', { rate: value, over: over + 's' });
    } else {
      control('users', { users: value, over: over + 's' });
    }
  });
  $('stop').addEventListener('click', () => control('stop', {}));

  const source = new EventSource('events');
  source.addEventListener('interval', (ev) => {
    timeline.add(JSON.parse(ev.data));
    scheduleDraw();
  });
  source.addEventListener('state', (ev) => {
    if (!finished) showState(JSON.parse(ev.data));
  });
  source.addEventListener('end', (ev) => {
    finished = true;
    source.close();
    const end = JSON.parse(ev.data);
    showState(end.state, end.summary);
    charts.draw(timeline);
    say('the run is over; results in ' + end.results);
  });
  source.onerror = () => {
    if (!finished) say('lost the connection to loadgen; retrying…', true);
  };
})();
