/** Draws one output item's JSON: a response, a failure, or a message saying why it cannot. */
import type { ResponseModel } from '../contract/response';
import { h } from './dom';
import type { RenderHost } from './host';
import { readRunResult } from './readResult';
import { renderFailure } from './renderFailure';
import { historyMarks, renderHeader } from './renderHeader';
import { renderSections } from './renderSections';

export function renderOutput(value: unknown, host: RenderHost): HTMLElement {
  const read = readRunResult(value);
  if (!read.ok) return unreadable(read.message);
  try {
    const result = read.result;
    if (result.kind === 'failure')
      return h('div', { class: 'akkuro' }, historyMarks(result, host), renderFailure(result, host));
    return renderResponse(result, host);
  } catch (e) {
    // A drawing bug must leave a readable output, not a blank cell.
    return unreadable(
      `This output could not be drawn (${e instanceof Error ? e.message : String(e)}). The text/plain output still has it.`,
    );
  }
}

function renderResponse(model: ResponseModel, host: RenderHost): HTMLElement {
  return h('div', { class: 'akkuro', testid: 'response' }, renderHeader(model, host), renderSections(model, host));
}

export function unreadable(message: string): HTMLElement {
  return h(
    'div',
    { class: 'akkuro' },
    h(
      'section',
      { class: 'card failure tone-error', testid: 'render-error' },
      h('div', { class: 'card-title' }, 'Cannot show this output'),
      h('p', {}, message),
    ),
  );
}
