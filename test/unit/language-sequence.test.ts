import assert from 'node:assert/strict';
import { sandboxEnvironment } from '../../src/core/environments/sandboxEnvironment';
import { completions } from '../../src/core/language/completion';
import { cellDiagnostics } from '../../src/core/language/diagnostics';
import { hover } from '../../src/core/language/hover';
import type { CellScope, CompletionItem } from '../../src/core/language/languageTypes';
import type { NamedResponse } from '../../src/core/request/variables';

const environment = sandboxEnvironment('http://127.0.0.1:1');
const migration: NamedResponse = {
  status: 200,
  headers: {},
  body: { id: 'm-1', status: 'Pending', progress: 10 },
  bodyIsJson: true,
};
const scope: CellScope = { environment, earlierNames: new Set(), responses: new Map([['m', migration]]) };

function complete(marked: string): CompletionItem[] {
  const offset = marked.indexOf('‸');
  return completions({ ...scope, text: marked.replace('‸', ''), offset });
}
const labels = (items: CompletionItem[]) => items.map((i) => i.label);
const item = (items: CompletionItem[], label: string) => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no "${label}" in ${labels(items).join(', ')}`);
  return found;
};

async function hoverAt(marked: string) {
  const offset = marked.indexOf('‸');
  const text = marked.replace('‸', '');
  const h = await hover({ ...scope, text, offset });
  return { h, span: h ? text.slice(h.start, h.end) : undefined };
}

describe('language: paginate, repeat and retries', () => {
  it('offers the new keys with their documentation and a bounded snippet', () => {
    const items = complete('GET: /counterparty-management/counterparties\n‸');
    const paginate = item(items, 'paginate');
    assert.match(paginate.documentation ?? '', /maxPages` is required/);
    assert.equal(paginate.insertText, 'paginate: { limit: ${1:100}, maxPages: ${2:20} }');
    assert.equal(paginate.snippet, true);
    assert.equal(
      item(items, 'repeat').insertText,
      'repeat: { until: { \\$.${1:status}: ${2:Completed} }, every: ${3:5s}, max: ${4:20} }',
    );
    assert.match(item(items, 'retries').documentation ?? '', /429.*503.*Retry-After/s);
  });

  it('offers paginate or repeat, not the other once one is written', () => {
    const items = complete('GET: /x\npaginate: { maxPages: 2 }\n‸');
    assert.ok(!labels(items).includes('repeat'));
    assert.ok(!labels(items).includes('paginate'));
    assert.ok(labels(items).includes('retries'));
  });

  it('offers the keys of paginate and repeat, block and flow style, without those written', () => {
    assert.deepEqual(labels(complete('GET: /x\npaginate:\n  ‸')), ['limit', 'maxPages']);
    assert.deepEqual(labels(complete('GET: /x\npaginate:\n  limit: 50\n  ‸')), ['maxPages']);
    assert.deepEqual(labels(complete('GET: /x\nrepeat: { ‸ }')), ['until', 'every', 'max']);
    assert.deepEqual(labels(complete('GET: /x\nrepeat: { max: 3, ‸ }')), ['until', 'every']);
    assert.match(
      item(complete('GET: /x\nrepeat:\n  ‸'), 'max').documentation ?? '',
      /most attempts, the first included/,
    );
  });

  it('offers values for every, retries and the bounds', () => {
    assert.deepEqual(labels(complete('GET: /x\nrepeat:\n  every: ‸')), ['1s', '5s', '30s']);
    assert.deepEqual(labels(complete('GET: /x\nretries: ‸')), ['0', '1', '2', '3']);
    assert.deepEqual(labels(complete('GET: /x\npaginate: { maxPages: ‸ }')), ['10', '20', '50']);
  });

  it('offers the fields of the last response under until, then the operators of expect', () => {
    const paths = labels(complete('name: m\nGET: /x\nrepeat:\n  until:\n    ‸'));
    assert.ok(paths.includes('$.status') && paths.includes('$.progress'), paths.join(', '));
    const ops = labels(complete('GET: /x\nrepeat:\n  until:\n    $.progress:\n      ‸'));
    assert.ok(ops.includes('gte') && ops.includes('equals'), ops.join(', '));
  });

  it('explains the keys on hover: top level, block and flow style', async () => {
    const top = await hoverAt('GET: /x\npagi‸nate: { maxPages: 2 }');
    assert.equal(top.span, 'paginate');
    assert.match(top.h!.contents, /^\*\*paginate\*\*: Fetch every page of a list/);
    const flow = await hoverAt('GET: /x\npaginate: { limit: 10, maxP‸ages: 2 }');
    assert.equal(flow.span, 'maxPages');
    assert.match(flow.h!.contents, /the bound on the requests this cell sends/);
    const block = await hoverAt('GET: /x\nrepeat:\n  ev‸ery: 5s\n  max: 2');
    assert.equal(block.span, 'every');
    assert.match(block.h!.contents, /pause between two attempts/);
    const retries = await hoverAt('GET: /x\nretr‸ies: 1');
    assert.match(retries.h!.contents, /never retried/);
    assert.equal(
      (await hoverAt('GET: /x\npaginate: { limit: 10, maxPages: 2‸ }')).h,
      undefined,
      'a value is not a key',
    );
  });

  it('squiggles schema problems while typing, at the bound, with the same words as the run', () => {
    const text = 'GET: /counterparty-management/counterparties\npaginate: { limit: 100, maxPages: -1 }';
    const [d] = cellDiagnostics(text, scope).filter((x) => x.severity === 'error');
    assert.equal(d.code, 'sequence-maxpages');
    assert.equal(text.slice(d.offset, d.endOffset), '-1');
    const missing = cellDiagnostics('GET: /x\npaginate: { limit: 10 }', scope).find((x) => x.severity === 'error');
    assert.equal(missing?.code, 'paginate-maxpages-missing');
    const path = cellDiagnostics('GET: /x\nrepeat: { until: { status-code: 200 }, max: 2 }', scope).find(
      (x) => x.severity === 'error',
    );
    assert.match(path?.message ?? '', /"status-code" is not a JSON path/);
  });

  it("warns when a bound is over the client's whole daily quota", () => {
    const text =
      'label: demo-label\nGET: /migration-assistance/migrations/1\nrepeat: { until: { $.status: Completed }, max: 150 }';
    const w = cellDiagnostics(text, scope).find((d) => d.code === 'quota-cell');
    assert.ok(w);
    assert.equal(w.severity, 'warning');
    assert.equal(text.slice(w.offset, w.endOffset), '150');
    assert.match(w.message, /max 150 is more than the daily quota of client "migration" \(100 requests per day\)/);
  });
});
