/** The requests of a cell that sent several: a summary line, and a table with one row per request. */
import type { SequenceModel } from '../contract/response';
import { h } from './dom';
import { formatDuration, statusLabel, statusTone } from './format';
import { icon } from './icons';
import { sequenceTitle } from './sections';

export { sequenceTitle };

/** `3 pages · 250 items (total 250)`, under the request line. */
export function sequenceSummary(sequence: SequenceModel): HTMLElement {
  return h(
    'div',
    { class: 'sequence-summary', testid: 'sequence-summary' },
    icon('info'),
    h('span', {}, sequence.summary),
  );
}

export function renderSequence(sequence: SequenceModel): HTMLElement {
  const head = h(
    'tr',
    {},
    ...['', 'Request', 'Status', 'Time', 'Waited before', 'Details'].map((t) =>
      h('th', { attrs: { scope: 'col' } }, t),
    ),
  );
  const rows = sequence.exchanges.map((e) =>
    h(
      'tr',
      { class: e.ok ? 'passed' : 'failed', testid: 'sequence-row', attrs: { 'data-ok': String(e.ok) } },
      h(
        'td',
        { class: `icon ${e.ok ? 'tone-success' : 'tone-warning'}` },
        h('span', { attrs: { 'aria-label': e.ok ? 'done' : 'not done', role: 'img' } }, e.ok ? '✓' : '•'),
      ),
      h('td', {}, e.label),
      h(
        'td',
        { class: `status tone-${e.status === undefined ? 'error' : statusTone(e.status)}` },
        e.status === undefined ? 'no response' : statusLabel(e.status, e.statusText ?? ''),
      ),
      h('td', { class: 'nowrap' }, formatDuration(e.durationMs)),
      h('td', {}, e.waited ? `${formatDuration(e.waited.ms)} (${e.waited.reason})` : ''),
      h('td', {}, [e.items !== undefined ? `${e.items} items` : '', e.detail ?? ''].filter(Boolean).join(' · ')),
    ),
  );
  const omitted = sequence.omitted
    ? h(
        'p',
        { class: 'muted', testid: 'sequence-omitted' },
        `${sequence.omitted} requests in the middle are not listed.`,
      )
    : null;
  return h(
    'div',
    { class: 'sequence' },
    h(
      'p',
      { class: 'sequence-head', testid: 'sequence-head' },
      `${sequence.summary} · ${sequence.requests} request${sequence.requests === 1 ? '' : 's'} sent`,
    ),
    h('table', { class: 'grid', testid: 'sequence-table' }, h('thead', {}, head), h('tbody', {}, ...rows)),
    omitted,
  );
}
