import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { htmlReport } from '../../src/cli/reporters/html';
import { junitReport } from '../../src/cli/reporters/junit';
import { notebookCount } from '../../src/cli/reporters/cellFacts';
import { code, markdownReport } from '../../src/cli/reporters/markdown';
import { junitSchemaErrors } from '../fixtures/junitSchema';
import { cell, check, failedResponse, HOSTILE, mixedReport, notebook, passed, runReport } from '../fixtures/runReports';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function elements(node: Node): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n) out.push(n);
    const children = 'content' in n ? [...n.childNodes, n.content] : 'childNodes' in n ? n.childNodes : [];
    for (const c of children as Node[]) walk(c);
  };
  walk(node);
  return out;
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? (node.childNodes as Node[]).map(textOf).join('') : '';
}

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

describe('cli reporters: html', () => {
  const source = htmlReport(mixedReport());
  const doc = parse(source);
  const all = elements(doc);

  it('holds no script, no event handler, and loads nothing from anywhere', () => {
    assert.deepEqual(
      all.filter((e) => ['script', 'iframe', 'object', 'embed', 'link', 'base', 'form', 'img'].includes(e.tagName)),
      [],
    );
    const handlers = all.flatMap((e) =>
      e.attrs.filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`),
    );
    assert.deepEqual(handlers, []);
    assert.deepEqual(
      all.filter((e) => attr(e, 'src') !== undefined || (attr(e, 'href') ?? '#').charAt(0) !== '#'),
      [],
      'only in-page links',
    );
    assert.ok(
      all.every((e) => attr(e, 'style') === undefined),
      'no style attributes: the CSS is one sheet',
    );
    const csp = all.find((e) => e.tagName === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy');
    assert.equal(attr(csp!, 'content'), "default-src 'none'; style-src 'unsafe-inline'");
    assert.equal(all.filter((e) => e.tagName === 'style').length, 1);
  });

  it('shows hostile text as text: escaped markup, visible control characters', () => {
    const body = all.find((e) => e.tagName === 'body')!;
    const text = textOf(body);
    assert.ok(text.includes('<script>alert(1)</script><img src=x onerror=alert(2)>'), 'the markup is text');
    assert.ok(text.includes('\\x1b[31mred\\u202eevil'), 'control characters are visible escapes');
    assert.ok(!source.includes('\x1b') && !source.includes('\u202e'), 'no raw control character');
  });

  it('puts failures first: a linked list, the failing notebook, its failed cells open', () => {
    const sections = all.filter((e) => e.tagName === 'section');
    assert.deepEqual(
      sections.map((s) => attr(s, 'class')),
      ['failures', 'notebook', 'notebook'],
    );
    assert.match(textOf(sections[1].childNodes.find((n) => n.nodeName === 'h2')!), /✘ bad\.akkuro-nb/);
    const links = elements(sections[0]).filter((e) => e.tagName === 'a');
    assert.deepEqual(
      links.map((a) => attr(a, 'href')),
      ['#notebook-2-cell-3', '#notebook-2-cell-5'],
    );
    for (const a of links)
      assert.ok(
        all.some((e) => attr(e, 'id') === attr(a, 'href')!.slice(1)),
        'each link lands',
      );
    const details = elements(sections[1]).filter((e) => e.tagName === 'details');
    assert.deepEqual(
      details.map((d) => [attr(d, 'id'), attr(d, 'open') !== undefined]),
      [
        ['notebook-2-cell-3', true],
        ['notebook-2-cell-5', true],
        ['notebook-2-cell-2', false],
      ],
    );
    assert.match(textOf(sections[1]), /Not run \(1\).*cell 6.*stopped by --bail/s);
  });

  it('shows each request, status, timing, checks with expected and actual, and the run facts', () => {
    const failed = all.find((e) => attr(e, 'id') === 'notebook-2-cell-3')!;
    const text = textOf(failed);
    assert.match(
      text,
      /GET https:\/\/api\.uat\.eu\.lending\.akkuro\.io\/counterparty-management\/counterparties\/nope/,
    );
    assert.match(text, /404 Not Found/);
    assert.match(text, /43 ms in all, 30 ms to the response headers/);
    const facts = elements(failed)
      .filter((e) => e.tagName === 'dt' || e.tagName === 'dd')
      .map((e) => textOf(e).trim());
    for (const pair of [
      ['Client', 'onboarding'],
      ['White label', 'yourlabel'],
      ['api-version', '2025.1.0'],
      ['Token', 'attached (redacted)'],
    ])
      assert.ok(facts.join('\n').includes(pair.join('\n')), `${pair[0]} shown`);
    const rows = elements(failed)
      .filter((e) => e.tagName === 'tr')
      .map((tr) =>
        elements(tr)
          .filter((e) => e.tagName === 'td')
          .map((td) => textOf(td).replace(/\s+/g, ' ').trim()),
      );
    assert.deepEqual(rows[1], ['✘', 'status equals', '201', '404']);
    assert.deepEqual(rows[2], ['', 'expected status 201 but it was 404']);
    const network = textOf(all.find((e) => attr(e, 'id') === 'notebook-2-cell-5')!);
    assert.match(network, /Connection refused/);
    assert.match(network, /Hint: Is the VPN up\?/);
    assert.match(textOf(doc), /Stopped early: --bail/);
  });

  it('bounds body excerpts and says so', () => {
    const big = 'x'.repeat(10_000);
    const report = runReport([notebook('big.akkuro-nb', [cell(1, failedResponse('/big', [], big))])]);
    const pre = elements(parse(htmlReport(report))).filter((e) => e.tagName === 'pre');
    const body = pre.map(textOf).find((t) => t.startsWith('xxx'))!;
    assert.equal(body.length, 4097, '4096 characters and an ellipsis');
    assert.match(htmlReport(report), /first 4096 characters shown/);
  });
});

describe('cli reporters: markdown', () => {
  it('summarises: counts, notebooks, and one row per failure with its first failing check', () => {
    const md = markdownReport(mixedReport());
    const lines = md.split('\n');
    assert.equal(lines[0], '## ✘ akkuro-nb: 2 passed, 2 failed, 1 skipped');
    assert.match(md, /\*\*Stopped early:\*\* `--bail`/);
    assert.ok(lines.includes('| `ok.akkuro-nb` | 1 | 0 | 0 | 120 ms |'));
    const rows = lines.filter((l) => l.startsWith('| `bad.akkuro-nb` | '));
    assert.equal(rows.length, 3);
    assert.equal(
      rows[1],
      '| `bad.akkuro-nb` | 3 `party` | `GET /counterparty-management/counterparties/nope` | `404 Not Found` | `expected status 201 but it was 404` |',
    );
    assert.match(
      rows[2],
      /^\| `bad.akkuro-nb` \| 5 ``odd .*`` \| `cell 5` \| `Connection refused` \| `Connection refused: Nothing listens on https:\/\/api\.uat\.eu\.lending\.akkuro\.io\. …` \|$/,
    );
    assert.ok(!md.includes('\x1b') && !md.includes('\u202e'), 'no raw control character');
  });

  it('keeps hostile text inside one code span of one table cell', () => {
    const span = code(HOSTILE);
    assert.equal(span, '``<script>alert(1)</script><img src=x onerror=alert(2)> \\| `tick` \\x1b[31mred\\u202eevil``');
    assert.equal(code('`a`'), '`` `a` ``', 'a span may not start or end with its own backtick');
    assert.equal(code('a\nb\tc'), '`a b c`');
    assert.equal(code('x'.repeat(300)).length, 2 + 200 + 1);
  });

  it('says all passed, and bounds the failure table', () => {
    const ok = markdownReport(runReport([notebook('a.akkuro-nb', [cell(1, passed('/a')), cell(2, passed('/b'))])]));
    assert.match(ok, /^## ✔ akkuro-nb: 2 passed, 0 failed\n/);
    assert.match(ok, /\nAll 2 requests passed\.\n$/);
    const many = Array.from({ length: 60 }, (_, i) =>
      cell(i + 1, failedResponse('/f', [check('status', 200, 404, 'no')])),
    );
    const md = markdownReport(runReport([notebook('many.akkuro-nb', many)]));
    assert.equal(md.split('\n').filter((l) => l.startsWith('| `many')).length, 50);
    assert.match(md, /… and 10 more failures: see the JUnit or HTML report/);
  });
});

describe('cli reporters: junit', () => {
  const xml = junitReport(mixedReport());
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase', 'failure', 'property'].includes(name),
  }).parse(xml);

  it('is valid against the common JUnit schema', async () => {
    assert.deepEqual(await junitSchemaErrors(xml), []);
    assert.notDeepEqual(
      await junitSchemaErrors(xml.replace('<testcase ', '<testcase bogus="1" ')),
      [],
      'the schema bites',
    );
  });

  it('has one failure per failed check, each with its message', () => {
    const cases = doc.testsuites.testsuite[1].testcase;
    assert.deepEqual(
      cases[1].failure.map((f: any) => [f.type, f.message]),
      [
        ['assertion', 'expected status 201 but it was 404'],
        [
          'assertion',
          `expected body $.name to equal "Jane" but it was ${HOSTILE.replace('\x1b', '\\x1b').replace('\u202e', '\\u202e')}`,
        ],
      ],
    );
    assert.match(cases[1].failure[0]['#text'], /expected: 201\n {2}actual: {3}404/);
    assert.match(cases[1]['system-out'], /Problem: Not Found/);
    assert.deepEqual(
      cases[2].failure.map((f: any) => [f.type, f.message]),
      [['network', 'Connection refused: Nothing listens on https://api.uat.eu.lending.akkuro.io. …']],
    );
    assert.equal(cases[3].skipped.message, 'not run: --bail stopped the run after a failure');
  });

  it('names the environment, client, white label and every api-version as properties', () => {
    const props = (i: number) =>
      doc.testsuites.testsuite[i].properties.property.map((p: any) => `${p.name}=${p.value}`);
    assert.deepEqual(props(0), ['environment=uat-eu', 'client=onboarding', 'label=yourlabel', 'api-version=2025.1.0']);
    assert.deepEqual(props(1), [
      'environment=uat-eu',
      'client=onboarding',
      'label=yourlabel',
      'api-version=2024.2.0',
      'api-version=2025.1.0',
    ]);
  });

  it('counts per suite and in all', () => {
    assert.equal(doc.testsuites.tests, '5');
    assert.equal(doc.testsuites.failures, '2');
    const bad = doc.testsuites.testsuite[1];
    assert.deepEqual([bad.tests, bad.failures, bad.skipped], ['4', '2', '1']);
  });
});

describe('cli reporters: one notebook run per white label (--label all)', () => {
  const failing = [check('status', 200, 404, 'expected status 200 but it was 404')];
  const perLabel = runReport([
    { ...notebook('two.akkuro-nb', [cell(2, passed('/counterparty-management/counterparties'))]), label: 'retail' },
    {
      ...notebook('two.akkuro-nb', [cell(2, failedResponse('/counterparty-management/counterparties', failing))]),
      label: 'business',
    },
  ]);

  it('counts one notebook run with two labels as one notebook, not two', () => {
    assert.match(markdownReport(perLabel), /^1 notebook × 2 white labels · 2 requests · /m);
    assert.match(htmlReport(perLabel), /1 notebook × 2 white labels · started/);
    assert.equal(notebookCount([{ path: 'a' }, { path: 'b' }]), '2 notebooks');
    assert.equal(notebookCount([{ path: 'a', label: 'x' }]), '1 notebook');
    assert.equal(
      notebookCount([
        { path: 'a', label: 'x' },
        { path: 'a', label: 'y' },
        { path: 'b', label: 'x' },
      ]),
      '2 notebooks in 3 runs, one per white label',
    );
  });

  it('names the label of each run in the Markdown tables of notebooks and failures', () => {
    const rows = markdownReport(perLabel)
      .split('\n')
      .filter((l) => l.startsWith('| `two'));
    assert.deepEqual(
      rows.map((r) => r.split(' | ')[0]),
      ['| `two.akkuro-nb [label retail]`', '| `two.akkuro-nb [label business]`', '| `two.akkuro-nb [label business]`'],
    );
  });

  it('names the label of each run in the HTML headings and the list of failures', () => {
    const page = parse(htmlReport(perLabel));
    const headings = elements(page)
      .filter((e) => e.tagName === 'h2')
      .map((e) => textOf(e).replace(/\s+/g, ' ').trim());
    assert.deepEqual(headings, ['Failures (1)', '✘ two.akkuro-nb [label business]', '✔ two.akkuro-nb [label retail]']);
    const failure = elements(page).find((e) => e.tagName === 'a' && /cell 2/.test(textOf(e)));
    assert.match(textOf(failure!), /two\.akkuro-nb \[label business\] · cell 2/);
  });

  it('names the label in JUnit suite and class names, so CI tools keep both runs of a cell', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junitReport(perLabel));
    const suites = xml.testsuites.testsuite as Array<{ name: string; testcase: { classname: string } }>;
    assert.deepEqual(
      suites.map((s) => [s.name, s.testcase.classname]),
      [
        ['two.akkuro-nb [label retail]', 'two.akkuro-nb [label retail]'],
        ['two.akkuro-nb [label business]', 'two.akkuro-nb [label business]'],
      ],
    );
  });
});
