/** The RFC 7807 error card drawn above a problem+json body. */
import type { CommandAction, ProblemDetails } from '../contract/response';
import { h } from './dom';
import type { RenderHost } from './host';
import { actionButton } from './renderFailure';
import { icon } from './icons';
import { problemView } from './problem';

/** Advice the core added about the answer (e.g. which client is declared for a domain), with its command. */
export interface ProblemAdvice {
  hint?: string;
  action?: CommandAction;
  host?: RenderHost;
}

export function renderProblem(
  problem: ProblemDetails,
  status: number,
  statusText: string,
  advice: ProblemAdvice = {},
): HTMLElement {
  const p = problemView(problem, status, statusText);
  const fields = h('dl', { class: 'fields' });
  const field = (name: string, value: Node | string | undefined, cls = ''): void => {
    if (value === undefined || value === '') return;
    fields.append(h('dt', {}, name), h('dd', { class: cls }, value));
  };
  field('Status', p.status !== undefined ? String(p.status) : undefined);
  // Shown like a link but not followed: the URI identifies the problem type and often resolves nowhere.
  field('Type', p.type, 'link-text');
  field('Instance', p.instance, 'mono');
  for (const [name, value] of p.extra) field(name, value, 'mono');
  return h(
    'section',
    { class: 'card problem tone-error', testid: 'problem-card', attrs: { 'aria-label': 'Problem details' } },
    h('div', { class: 'card-title' }, icon('error'), h('span', { testid: 'problem-title' }, p.title)),
    p.detail ? h('p', { class: 'detail', testid: 'problem-detail' }, p.detail) : null,
    fields.childElementCount > 0 ? fields : null,
    advice.hint ? h('p', { class: 'hint', testid: 'problem-hint' }, icon('info'), h('span', {}, advice.hint)) : null,
    advice.action && advice.host ? actionButton(advice.action, advice.host) : null,
  );
}
