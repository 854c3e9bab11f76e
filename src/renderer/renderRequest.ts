/** The Request section: what was sent, as the core recorded it (Authorization already redacted). */
import type { RequestSummary } from '../contract/response';
import { copyButton, h, pairTable } from './dom';
import type { RenderHost } from './host';
import { formatBytes } from './format';
import { requestLine } from './renderHeader';

export function renderRequest(request: RequestSummary, host: RenderHost): HTMLElement {
  const token = request.tokenAttached
    ? h('p', { class: 'muted', testid: 'token-state' }, 'The environment token was attached.')
    : h('p', { class: 'muted', testid: 'token-state' }, 'No token was attached.');
  const body =
    request.body === undefined || request.body === ''
      ? h('p', { class: 'muted' }, 'No body sent')
      : h(
          'div',
          {},
          h(
            'div',
            { class: 'toolbar' },
            h('span', { class: 'muted' }, request.bodyBytes !== undefined ? formatBytes(request.bodyBytes) : ''),
            copyButton('Copy body', () => request.body ?? '', host),
          ),
          h('pre', { class: 'text', testid: 'request-body' }, request.body),
        );
  return h(
    'div',
    { class: 'request' },
    requestLine(request.method, request.url),
    token,
    h('h3', {}, 'Headers'),
    pairTable(request.headers, 'request-headers', 'No headers sent'),
    h('h3', {}, 'Body'),
    body,
  );
}
