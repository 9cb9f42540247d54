/*
 * loadgen's pages, part 1 of 3: the LoadgenView namespace and how figures are written. The live
 * dashboard and report.html both load format.js, charts.js and tables.js, in that order. Everything
 * that came from the target (error texts, statuses) is written with textContent, never as HTML, so
 * markup in a response shows as text (DESIGN.md §9).
 */
(function () {
  'use strict';

  // The outcomes that count as the target's errors: every one but ok and chaos, as Outcome.isError() counts
  // them for summary.json's organicErrors and errors.rate (ErrorOutcomesTest keeps the two lists the same).
  const ERROR_OUTCOMES = ['http_error', 'check_failed', 'body_too_large', 'timeout', 'connect_error', 'tls_error', 'reset', 'interrupted'];

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  function ms(v) {
    if (v === null || v === undefined || Number.isNaN(v)) return '-';
    if (v >= 10000) return (v / 1000).toFixed(1) + 's';
    return (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + 'ms';
  }

  function num(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return '-';
    return Number(v).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 1 : digits });
  }

  function pct(part, whole) {
    return whole > 0 ? (100 * part / whole).toFixed(2) + '%' : '-';
  }

  function clock(seconds) {
    if (seconds === null || seconds === undefined) return '-';
    const t = Math.max(0, Math.round(seconds));
    const h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, s = t % 60;
    const two = (n) => String(n).padStart(2, '0');
    return h > 0 ? h + ':' + two(m) + ':' + two(s) : two(m) + ':' + two(s);
  }

  window.LoadgenView = { el, ms, num, pct, clock, ERROR_OUTCOMES };
})();
