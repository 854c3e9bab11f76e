/** The summary line of a response: outcome, status, time, size, environment, then method and URL and notes. */
import { COMMANDS } from '../contract/ids';
import type { EnvironmentSummary, HistoryMarks, Outcome, ResponseModel, Timings } from '../contract/response';
import { button, h } from './dom';
import type { RenderHost } from './host';
import { formatDuration, statusLabel, statusTone } from './format';
import { icon } from './icons';
import { sizeLabel } from './truncate';
import { sequenceSummary } from './renderSequence';

export function outcomeMarker(outcome: Outcome): HTMLElement {
  const passed = outcome === 'passed';
  return h(
    'span',
    {
      class: `outcome ${passed ? 'tone-success' : 'tone-error'}`,
      testid: 'outcome',
      attrs: { 'data-outcome': outcome },
    },
    h('span', { attrs: { 'aria-hidden': 'true' } }, passed ? '✓ ' : '✗ '),
    passed ? 'Passed' : 'Failed',
  );
}

export function timeLabel(t: Timings): HTMLElement {
  return h(
    'span',
    {
      class: 'time',
      testid: 'time',
      title: `Time to first byte ${formatDuration(t.ttfbMs)}, total ${formatDuration(t.totalMs)}`,
    },
    formatDuration(t.totalMs),
  );
}

export function environmentLabel(env: EnvironmentSummary): HTMLElement | null {
  if (!env.name) return null;
  return h(
    'span',
    { class: 'env', testid: 'environment', title: env.baseUrl },
    env.name,
    env.protected
      ? h(
          'span',
          { class: 'badge protected', testid: 'protected-badge', title: 'Production or protected environment' },
          'protected',
        )
      : null,
  );
}

/** The white label and client whose token the request carried; the implicit client is the environment's own. */
export function accessLabel(env: EnvironmentSummary): HTMLElement | null {
  if (!env.label) return null;
  const named = env.client && env.client !== 'default' ? env.client : undefined;
  return h(
    'span',
    {
      class: 'access',
      testid: 'access',
      title: `Token of white label ${env.label}${named ? `, client ${named}` : " (the environment's client)"}`,
    },
    h('span', { testid: 'label' }, `label ${env.label}`),
    named ? h('span', { class: 'sep', attrs: { 'aria-hidden': 'true' } }, '·') : null,
    named ? h('span', { testid: 'client' }, `client ${named}`) : null,
  );
}

export function requestLine(method: string, url: string): HTMLElement {
  return h(
    'div',
    { class: 'request-line', testid: 'request-line' },
    h('span', { class: 'method' }, method.toUpperCase()),
    ' ',
    h('span', { class: 'url' }, url),
  );
}

/**
 * "earlier run · <time>" when the output shows a run picked from the cell's history, and "Runs…", which asks
 * the extension for the cell's earlier runs (to show one or compare).
 */
export function historyMarks(result: HistoryMarks, host: RenderHost): HTMLElement | null {
  const { runId, earlier } = result;
  const when = earlier ? new Date(earlier.ranAt) : undefined;
  const marker =
    when && !Number.isNaN(when.getTime())
      ? h(
          'span',
          {
            class: 'badge earlier',
            testid: 'earlier',
            title: `An earlier run of this cell, from ${when.toLocaleString()}. Run the cell to see a new one.`,
          },
          `earlier run · ${when.toLocaleDateString()} ${when.toLocaleTimeString()}`,
        )
      : null;
  const run = host.runCommand;
  const action =
    runId && run
      ? button('Runs…', () => run(COMMANDS.showRunHistory, [{ runId }]), {
          class: 'link-button',
          testid: 'run-history',
          title: "This cell's earlier runs: show one, or compare two",
        })
      : null;
  return marker || action ? h('span', { class: 'history-marks' }, marker, action) : null;
}

export function renderHeader(model: ResponseModel, host?: RenderHost): HTMLElement {
  const sep = (): HTMLElement => h('span', { class: 'sep', attrs: { 'aria-hidden': 'true' } }, '·');
  const env = environmentLabel(model.environment);
  const access = accessLabel(model.environment);
  const line = h(
    'div',
    { class: 'summary-line' },
    outcomeMarker(model.outcome),
    h(
      'span',
      { class: `status tone-${statusTone(model.status)}`, testid: 'status' },
      statusLabel(model.status, model.statusText),
    ),
    sep(),
    timeLabel(model.timings),
    sep(),
    h('span', { class: 'size', testid: 'size' }, sizeLabel(model.body)),
  );
  if (env) line.append(sep(), env);
  if (access) line.append(sep(), access);
  if (model.cellName)
    line.append(sep(), h('span', { class: 'cell-name', title: 'Response name for {{…}} variables' }, model.cellName));
  const marks = host ? historyMarks(model, host) : null;
  if (marks) line.append(sep(), marks);
  const notes =
    model.notes.length === 0
      ? null
      : h(
          'ul',
          { class: 'notes', testid: 'notes' },
          ...model.notes.map((n) => h('li', {}, icon('info'), h('span', {}, n))),
        );
  return h(
    'header',
    { class: 'response-header' },
    line,
    requestLine(model.request.method, model.request.url),
    model.sequence ? sequenceSummary(model.sequence) : null,
    notes,
  );
}
