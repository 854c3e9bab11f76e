/** The card for a cell that did not produce a response: what failed, why, and what to do. */
import type { FailureModel } from '../contract/response';
import { button, h } from './dom';
import type { RenderHost } from './host';
import { diagnosticLine, failureStyle } from './failure';
import { icon } from './icons';
import { accessLabel, environmentLabel, requestLine, timeLabel } from './renderHeader';
import { renderSequence, sequenceTitle } from './renderSequence';

export function renderFailure(failure: FailureModel, host: RenderHost): HTMLElement {
  const style = failureStyle(failure.category);
  const diagnostics = failure.diagnostics?.length
    ? h(
        'ul',
        { class: 'diagnostics', testid: 'failure-diagnostics' },
        ...failure.diagnostics.map((d) =>
          h('li', { class: d.severity === 'warning' ? 'tone-warning' : '' }, diagnosticLine(d)),
        ),
      )
    : null;
  const parts = [
    failure.environment ? environmentLabel(failure.environment) : null,
    failure.environment ? accessLabel(failure.environment) : null,
    failure.cellName ? h('span', { class: 'cell-name' }, failure.cellName) : null,
    failure.timings ? h('span', {}, 'after ', timeLabel(failure.timings)) : null,
  ].filter((p): p is HTMLElement => p !== null);
  const context = h('div', { class: 'context' });
  parts.forEach((p, i) =>
    context.append(...(i > 0 ? [h('span', { class: 'sep', attrs: { 'aria-hidden': 'true' } }, '·'), p] : [p])),
  );
  return h(
    'section',
    {
      class: `card failure tone-${style.tone}`,
      testid: 'failure-card',
      attrs: { 'data-category': failure.category, 'aria-label': style.label },
    },
    h('div', { class: 'card-label' }, icon(style.icon), style.label),
    h('div', { class: 'card-title', testid: 'failure-title' }, failure.title),
    h('p', { testid: 'failure-message' }, failure.message),
    failure.hint ? h('p', { class: 'hint', testid: 'failure-hint' }, failure.hint) : null,
    diagnostics,
    failure.request ? requestLine(failure.request.method, failure.request.url) : null,
    context.childElementCount > 0 ? context : null,
    failure.sequence
      ? h(
          'details',
          { class: 'sequence-details', testid: 'failure-sequence' },
          h('summary', {}, `${sequenceTitle(failure.sequence)}: ${failure.sequence.summary}`),
          renderSequence(failure.sequence),
        )
      : null,
    failure.action ? actionButton(failure.action, host) : null,
  );
}

/** A button that asks the extension to run one of its commands (disabled where the view cannot reach it). */
export function actionButton(action: NonNullable<FailureModel['action']>, host: RenderHost): HTMLElement {
  const run = host.runCommand;
  const b = button(action.title, () => run?.(action.command, action.args), {
    class: 'primary',
    testid: 'failure-action',
  });
  if (!run) {
    b.disabled = true;
    b.title = `Run "${action.title}" from the Command Palette: this view cannot reach the extension.`;
  }
  return h('div', { class: 'actions-row' }, b);
}
