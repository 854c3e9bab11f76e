/** The Assertions section: a summary, then one row per checked operator. */
import type { AssertionResult } from '../contract/response';
import { h } from './dom';
import { assertionSummary, displayValue } from './sections';

export function renderAssertions(results: readonly AssertionResult[]): HTMLElement {
  const s = assertionSummary(results);
  const rows = results.map((r) =>
    h(
      'tr',
      { class: r.passed ? 'passed' : 'failed', testid: 'assertion-row', attrs: { 'data-passed': String(r.passed) } },
      h(
        'td',
        { class: `icon ${r.passed ? 'tone-success' : 'tone-error'}` },
        h('span', { attrs: { 'aria-label': r.passed ? 'passed' : 'failed', role: 'img' } }, r.passed ? '✓' : '✗'),
      ),
      h('td', { class: 'mono' }, r.target),
      h('td', {}, r.operator),
      h('td', { class: 'mono' }, displayValue(r.expected)),
      h('td', { class: 'mono' }, displayValue(r.actual)),
      h('td', {}, r.message),
    ),
  );
  const head = h(
    'tr',
    {},
    ...['', 'Target', 'Operator', 'Expected', 'Actual', 'Message'].map((t) => h('th', { attrs: { scope: 'col' } }, t)),
  );
  return h(
    'div',
    { class: 'assertions' },
    h(
      'p',
      { class: `assertion-summary ${s.failed > 0 ? 'tone-error' : 'tone-success'}`, testid: 'assertion-summary' },
      s.text,
    ),
    h('table', { class: 'grid', testid: 'assertions-table' }, h('thead', {}, head), h('tbody', {}, ...rows)),
  );
}
