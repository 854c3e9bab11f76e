/** The Body section: an optional problem card, then the view that suits the body. */
import type { ResponseModel } from '../contract/response';
import { append, button, copyButton, h, openFullButton } from './dom';
import type { RenderHost } from './host';
import { planBody } from './bodyPlan';
import type { JsonLine } from './jsonl';
import { problemOf } from './problem';
import { renderProblem } from './renderProblem';
import { renderTree } from './renderTree';
import { PAGE_SIZE } from './tree';
import { formatCount, formatBytes, statusLabel } from './format';
import type { TextPlan } from './truncate';

export function renderBody(model: ResponseModel, host: RenderHost): HTMLElement {
  const section = h('div', { class: 'body-view' });
  const problem = problemOf(model);
  const advice = {
    ...(model.hint ? { hint: model.hint } : {}),
    ...(model.action ? { action: model.action } : {}),
    host,
  };
  if (problem) section.append(renderProblem(problem, model.status, model.statusText, advice));
  else if (model.hint)
    section.append(renderProblem({ title: statusLabel(model.status, model.statusText) }, model.status, '', advice));
  const plan = planBody(model.body, model.fullBodyId);
  const fullButton = (offer: boolean): HTMLElement | null =>
    offer && model.fullBodyId ? openFullButton(model.fullBodyId, host) : null;
  switch (plan.view) {
    case 'json': {
      const tree = renderTree(plan.value, host);
      const status = h('span', { class: 'muted', testid: 'body-view-status', attrs: { role: 'status' } });
      section.append(
        h(
          'div',
          { class: 'toolbar' },
          button(
            'Expand all',
            () => {
              status.textContent = tree.expandAll()
                ? ''
                : 'Expanded as much as stays responsive; open the rest by hand.';
            },
            { testid: 'expand-all' },
          ),
          button(
            'Collapse all',
            () => {
              tree.collapseAll();
              status.textContent = '';
            },
            { testid: 'collapse-all' },
          ),
          copyButton('Copy body', () => model.body.text, host, { testid: 'copy-body' }, false),
          status,
        ),
        h('div', { class: 'scroll' }, tree.element),
      );
      break;
    }
    case 'jsonl':
      append(
        section,
        noteBar(plan.note, fullButton(plan.offerFull)),
        h('div', { class: 'scroll' }, renderLines(plan.lines, host)),
      );
      break;
    case 'text':
      section.append(renderText(plan.plan, plan.reason, fullButton(plan.plan.offerFull)));
      break;
    case 'image':
      section.append(
        h('img', {
          class: 'image',
          testid: 'body-image',
          attrs: { src: plan.src, alt: `Response image (${model.body.contentType}, ${formatBytes(model.body.size)})` },
        }),
      );
      break;
    case 'message':
      append(section, h('p', { class: 'muted', testid: 'body-message' }, plan.message), fullButton(plan.offerFull));
      break;
  }
  return section;
}

function noteBar(note: string | undefined, action: HTMLElement | null): HTMLElement | null {
  if (!note && !action) return null;
  return h('div', { class: 'notice', testid: 'body-notice' }, note ? h('span', {}, note) : null, action);
}

function renderText(plan: TextPlan, reason: string | undefined, action: HTMLElement | null): DocumentFragment {
  const f = document.createDocumentFragment();
  if (reason) f.append(h('p', { class: 'muted', testid: 'body-reason' }, reason));
  // The notice goes first: below a long text it would be out of sight.
  const bar = noteBar(plan.note, action);
  if (bar) f.append(bar);
  f.append(h('pre', { class: 'text', testid: 'body-text' }, plan.text));
  return f;
}

/** One row per line, each a closed tree (or the raw line), drawn a page at a time. */
function renderLines(lines: JsonLine[], host: RenderHost): HTMLElement {
  const list = h('ol', { class: 'lines', testid: 'body-lines' });
  const drawFrom = (start: number): void => {
    const end = Math.min(lines.length, start + PAGE_SIZE);
    for (let i = start; i < end; i++) {
      const line = lines[i];
      const content = line.parsed
        ? renderTree(line.value, host, { openDepth: 0, rootKey: false, testid: 'line-tree' }).element
        : h('span', { class: 'raw' }, line.raw, line.partial ? h('span', { class: 'muted' }, ' (cut short)') : null);
      list.append(
        h(
          'li',
          { class: 'line', testid: 'body-line' },
          h(
            'span',
            { class: 'line-number', attrs: { 'aria-label': `line ${line.lineNumber}` } },
            String(line.lineNumber),
          ),
          content,
        ),
      );
    }
    if (end < lines.length) {
      const more = h(
        'li',
        { class: 'line' },
        button(
          `show ${formatCount(Math.min(PAGE_SIZE, lines.length - end))} more lines (${formatCount(lines.length - end)} not shown)`,
          () => {
            more.remove();
            drawFrom(end);
            list.children[end]?.querySelector<HTMLElement>('button')?.focus();
          },
          { class: 'link-button more', testid: 'lines-show-more' },
        ),
      );
      list.append(more);
    }
  };
  if (lines.length === 0) return h('p', { class: 'muted' }, 'No lines');
  drawFrom(0);
  return list;
}
