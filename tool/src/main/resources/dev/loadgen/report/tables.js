/*
 * loadgen's pages, part 3 of 3: the tables (endpoints, errors, thresholds), the cards and the facts
 * line, sortable by any column the reader clicks.
 */
(function () {
  'use strict';
  const { el, ms, num, pct, ERROR_OUTCOMES } = window.LoadgenView;

  /** A table whose rows re-render on demand and sort by any column the reader clicks. */
  class SortableTable {
    constructor(table, columns, sortKey, descending, emptyText) {
      this.emptyText = emptyText || 'nothing yet';
      this.table = table;
      this.columns = columns;
      this.sortKey = sortKey;
      this.descending = descending;
      this.rows = [];
      table.textContent = '';
      const tr = el('tr');
      this.heads = columns.map((c) => {
        const th = el('th', { class: 'sortable' + (c.num ? ' num' : ''), 'data-key': c.key }, c.title);
        th.addEventListener('click', () => {
          this.descending = this.sortKey === c.key ? !this.descending : !!c.num;
          this.sortKey = c.key;
          this.render(this.rows);
        });
        tr.appendChild(th);
        return th;
      });
      table.appendChild(el('thead')).appendChild(tr);
      this.body = table.appendChild(el('tbody'));
    }

    render(rows) {
      this.rows = rows;
      const col = this.columns.find((c) => c.key === this.sortKey) || this.columns[0];
      const sorted = rows.slice().sort((a, b) => {
        const x = col.sort ? col.sort(a) : col.value(a);
        const y = col.sort ? col.sort(b) : col.value(b);
        const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return this.descending ? -cmp : cmp;
      });
      this.heads.forEach((th) => {
        th.classList.toggle('sorted-asc', th.dataset.key === col.key && !this.descending);
        th.classList.toggle('sorted-desc', th.dataset.key === col.key && this.descending);
      });
      this.body.textContent = '';
      if (!sorted.length) {
        const tr = this.body.appendChild(el('tr', { class: 'empty' }));
        tr.appendChild(el('td', { colspan: String(this.columns.length) }, this.emptyText));
        return;
      }
      sorted.forEach((r) => {
        const tr = this.body.appendChild(el('tr', { class: r.failed ? 'failed' : '' }));
        this.columns.forEach((c) => {
          const v = c.value(r);
          tr.appendChild(el('td', { class: c.num ? 'num' : c.text ? 'text' : '' }, c.format ? c.format(v, r) : v));
        });
      });
    }
  }

  function endpointErrors(row) {
    const o = row.byOutcome || {};
    return ERROR_OUTCOMES.reduce((n, k) => n + (o[k] || 0), 0);
  }

  /** Checks of an endpoint row that failed (summary.json's checks: {name: {passed, failed}}). */
  function checksFailed(row) {
    return Object.values(row.checks || {}).reduce((n, c) => n + c.failed, 0);
  }

  /** Endpoint rows in summary.json's shape. */
  function endpointTable(table, emptyText) {
    const lat = (p) => ({ key: p, title: p, num: true, value: (r) => (r.latencyMs || {})[p], format: ms });
    return new SortableTable(table, [
      { key: 'service', title: 'service', value: (r) => r.service },
      { key: 'endpoint', title: 'endpoint', value: (r) => r.endpoint },
      { key: 'count', title: 'count', num: true, value: (r) => r.count, format: (v) => num(v, 0) },
      { key: 'rate', title: 'req/s', num: true, value: (r) => r.requestsPerSecond, format: (v) => num(v, 1) },
      lat('p50'), lat('p90'), lat('p95'), lat('p99'), lat('max'),
      { key: 'errors', title: 'errors', num: true, value: endpointErrors, format: (v) => num(v, 0) },
      { key: 'errorRate', title: 'error %', num: true, value: (r) => (r.count > 0 ? endpointErrors(r) / Math.max(1, r.count - ((r.byOutcome || {}).chaos || 0)) : 0),
        format: (v, r) => pct(endpointErrors(r), r.count - ((r.byOutcome || {}).chaos || 0)) },
      { key: 'checks', title: 'checks failed', num: true, value: checksFailed, format: (v) => num(v, 0) },
      { key: 'chaos', title: 'chaos', num: true, value: (r) => (r.byOutcome || {}).chaos || 0, format: (v) => num(v, 0) },
    ], 'count', true, emptyText);
  }

  /** Every check of every endpoint: [{service, endpoint, check, passed, failed}]. */
  function checkTable(table, emptyText) {
    return new SortableTable(table, [
      { key: 'service', title: 'service', value: (r) => r.service },
      { key: 'endpoint', title: 'endpoint', value: (r) => r.endpoint },
      { key: 'check', title: 'check', text: true, value: (r) => r.check },
      { key: 'passed', title: 'passed', num: true, value: (r) => r.passed, format: (v) => num(v, 0) },
      { key: 'failed', title: 'failed', num: true, value: (r) => r.failed, format: (v) => num(v, 0) },
      { key: 'share', title: 'failed %', num: true, value: (r) => r.failed / Math.max(1, r.passed + r.failed), format: (v, r) => pct(r.failed, r.passed + r.failed) },
    ], 'failed', true, emptyText);
  }

  /** The rows of checkTable from endpoint rows. */
  function checkRows(endpoints) {
    const rows = [];
    endpoints.forEach((e) => Object.entries(e.checks || {}).forEach(([name, c]) => rows.push({
      service: e.service, endpoint: e.endpoint, check: name, passed: c.passed, failed: c.failed,
    })));
    return rows;
  }

  /** Error texts: [{service, endpoint, text, count}]. */
  function errorTable(table, emptyText) {
    return new SortableTable(table, [
      { key: 'service', title: 'service', value: (r) => r.service },
      { key: 'endpoint', title: 'endpoint', value: (r) => r.endpoint },
      { key: 'text', title: 'error', text: true, value: (r) => r.text },
      { key: 'count', title: 'count', num: true, value: (r) => r.count, format: (v) => num(v, 0) },
    ], 'count', true, emptyText);
  }

  /** Thresholds in summary.json's shape; {@code final} says whether the verdicts are the last ones. */
  function renderThresholds(table, thresholds, final) {
    table.textContent = '';
    const head = table.appendChild(el('thead')).appendChild(el('tr'));
    ['threshold', 'value', final ? 'verdict' : 'now'].forEach((h) => head.appendChild(el('th', {}, h)));
    const body = table.appendChild(el('tbody'));
    if (!thresholds.length) {
      body.appendChild(el('tr', { class: 'empty' })).appendChild(el('td', { colspan: '3' }, 'no thresholds configured'));
      return;
    }
    thresholds.forEach((t) => {
      const tr = body.appendChild(el('tr', { class: t.ok ? '' : 'failed' }));
      tr.appendChild(el('td', {}, t.expression));
      tr.appendChild(el('td', { class: 'num' }, t.value === null ? 'no data' : num(t.value, 4)));
      const cell = tr.appendChild(el('td'));
      const pending = t.baseline && t.baseline.pending;
      cell.appendChild(el('span', { class: 'badge ' + (pending ? '' : t.ok ? 'ok' : 'bad') },
        pending ? 'at the end' : t.ok ? 'ok' : (final ? 'FAILED' : 'failing')));
      if (t.baseline && !pending) {
        cell.appendChild(document.createTextNode(' ' + versus(t)));
      }
    });
  }

  /** A threshold against a baseline, judged: the baseline's value, the change and its interval, or why there is none. */
  function versus(t) {
    const b = t.baseline;
    const points = /errors\.rate/.test(t.expression);
    const change = (c) => (c >= 0 ? '+' : '') + (points ? c.toFixed(2) + ' pt' : (c * 100).toFixed(1) + '%');
    const base = b.base === null ? 'none' : num(b.base, 4);
    if (b.low === null || b.high === null) {
      return 'baseline ' + base + ': ' + b.why;
    }
    return 'baseline ' + base + ', ' + change(b.change) + ' (' + Math.round(b.level * 100) + '% interval ' + change(b.low) + '…'
      + change(b.high) + ')' + (b.tooWide ? '; too wide to tell a change of the margin: run longer' : '');
  }

  function renderCards(parent, cards) {
    parent.textContent = '';
    cards.forEach(([label, value, id]) => {
      const c = parent.appendChild(el('div', { class: 'card', id: 'card-' + id }));
      c.appendChild(el('div', { class: 'label' }, label));
      c.appendChild(el('div', { class: 'value' }, value));
    });
  }

  function renderFacts(parent, facts) {
    parent.textContent = '';
    facts.forEach(([label, value, badge]) => {
      const span = parent.appendChild(el('span'));
      span.appendChild(document.createTextNode(label + ' '));
      span.appendChild(el(badge ? 'span' : 'b', badge ? { class: 'badge ' + badge } : {}, value));
    });
  }

  Object.assign(window.LoadgenView, {
    SortableTable, endpointTable, errorTable, checkTable, checkRows, renderThresholds, renderCards, renderFacts, endpointErrors,
  });
})();
