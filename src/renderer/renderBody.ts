/** The Body section: an optional problem card, then the view that suits the body. */
import type { ResponseModel } from '../contract/response';
import { append, button, copyButton, h, openFullButton } from './dom';
import type { RenderHost } from './host';
import { planBody } from './bodyPlan';
import { problemOf } from './problem';
import { renderProblem } from './renderProblem';
import { renderSearch } from './renderSearch';
import { renderTree, type TreeOptions } from './renderTree';
import type { RootSpec } from './treeRows';
import { formatBytes, statusLabel } from './format';
import type { TextPlan } from './truncate';

/** A JSON body larger than this is read in a task of its own, after the output's first frame. */
const DEFER_CHARS = 512 * 1024;

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
  // Parsing megabytes and drawing the header in one task would keep the page busy for both: split them.
  if (model.body.view === 'json' && model.body.text.length > DEFER_CHARS) {
    const reading = h(
      'p',
      { class: 'muted', testid: 'body-reading' },
      `Reading ${formatBytes(model.body.size)} of JSON…`,
    );
    section.append(reading);
    setTimeout(() => {
      reading.remove();
      drawBody(section, model, host);
    }, 0);
  } else drawBody(section, model, host);
  return section;
}

function drawBody(section: HTMLElement, model: ResponseModel, host: RenderHost): void {
  const plan = planBody(model.body, model.fullBodyId);
  const fullButton = (offer: boolean): HTMLElement | null =>
    offer && model.fullBodyId ? openFullButton(model.fullBodyId, host) : null;
  switch (plan.view) {
    case 'json':
      section.append(
        ...treeView([{ value: plan.value }], host, {}, [
          copyButton('Copy body', () => model.body.text, host, { testid: 'copy-body' }, false),
          fullButton(plan.offerFull),
        ]),
      );
      break;
    case 'jsonl': {
      if (plan.lines.length === 0) {
        section.append(h('p', { class: 'muted' }, 'No lines'));
        break;
      }
      const bar = noteBar(plan.note, fullButton(plan.offerFull));
      if (bar) section.append(bar);
      const roots: RootSpec[] = plan.lines.map((line) =>
        line.parsed
          ? { value: line.value, label: String(line.lineNumber) }
          : { raw: line.raw, partial: line.partial, label: String(line.lineNumber) },
      );
      section.append(...treeView(roots, host, { openDepth: 0, testid: 'body-lines', label: 'JSON Lines' }, []));
      break;
    }
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
}

/** A tree with its toolbar: search, Expand all, Collapse all, and whatever else the view offers. */
function treeView(
  roots: RootSpec[],
  host: RenderHost,
  options: TreeOptions,
  extra: Array<HTMLElement | null>,
): HTMLElement[] {
  const tree = renderTree(roots, host, options);
  const status = h('span', { class: 'muted', testid: 'body-view-status', attrs: { role: 'status' } });
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    renderSearch(tree, roots),
    button(
      'Expand all',
      () => {
        status.textContent = tree.expandAll() ? '' : 'Expanded as much as stays responsive; open the rest by hand.';
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
    ...extra,
    status,
  );
  return [toolbar, tree.element];
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
