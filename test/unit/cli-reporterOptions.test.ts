import assert from 'node:assert/strict';
import { parseCommandLine } from '../../src/cli/args';
import { parseReporterOptions, type ReportSpec } from '../../src/cli/reporterOptions';

describe('cli: --reporter and --out', () => {
  const good: Array<[string[], string | undefined, ReportSpec[]]> = [
    [[], undefined, []],
    [['console'], undefined, []],
    [['junit'], undefined, [{ reporter: 'junit' }]],
    [['junit'], 'r.xml', [{ reporter: 'junit', out: 'r.xml' }]],
    [['console', 'junit'], 'r.xml', [{ reporter: 'junit', out: 'r.xml' }]],
    [
      ['console', 'junit:report.xml', 'json:report.json', 'html:report.html', 'markdown:summary.md'],
      undefined,
      [
        { reporter: 'junit', out: 'report.xml' },
        { reporter: 'json', out: 'report.json' },
        { reporter: 'html', out: 'report.html' },
        { reporter: 'markdown', out: 'summary.md' },
      ],
    ],
    // One report may go to stdout while the others have files; --out gives the one without a file its file.
    [['json', 'html:r.html'], undefined, [{ reporter: 'json' }, { reporter: 'html', out: 'r.html' }]],
    [
      ['html:r.html', 'junit'],
      'j.xml',
      [
        { reporter: 'html', out: 'r.html' },
        { reporter: 'junit', out: 'j.xml' },
      ],
    ],
    // Everything after the first colon is the file: a Windows drive letter survives.
    [['junit:C:\\ci\\r.xml'], undefined, [{ reporter: 'junit', out: 'C:\\ci\\r.xml' }]],
  ];
  for (const [values, out, reports] of good) {
    it(`reads ${[...values.map((v) => `--reporter ${v}`), ...(out ? [`--out ${out}`] : [])].join(' ') || 'nothing'}`, () => {
      assert.deepEqual(parseReporterOptions(values, out), { ok: true, reports });
    });
  }

  const bad: Array<[string[], string | undefined, RegExp]> = [
    [
      ['tap'],
      undefined,
      /--reporter must be one of console, json, junit, html, markdown \(optionally name:file\), got "tap"/,
    ],
    [['console:c.txt'], undefined, /the console report always goes to the terminal/],
    [['junit:'], undefined, /--reporter junit: names no file; e.g\. --reporter junit:report\.xml/],
    [[], 'x', /--out writes a json, junit, html or markdown report/],
    [['junit:a.xml'], 'x', /--out has no report to write/],
    [['junit', 'json'], 'x', /--out names one file, but junit and json have none/],
    [
      ['junit', 'json'],
      undefined,
      /Only one report can go to standard output, but junit and json name no file.*--reporter json:report\.json/,
    ],
    [['html:smoke.akkuro-nb'], undefined, /The html report would overwrite smoke\.akkuro-nb/],
    [['json:conf/akkuro-environments.yaml'], undefined, /would overwrite conf\/akkuro-environments\.yaml/],
    [['junit:r.xml', 'json:./r.xml'], undefined, /The junit and json reports would both be written to \.\/r\.xml/],
  ];
  for (const [values, out, message] of bad) {
    it(`refuses ${[...values.map((v) => `--reporter ${v}`), ...(out ? [`--out ${out}`] : [])].join(' ')}`, () => {
      const r = parseReporterOptions(values, out);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, message);
    });
  }

  it('is what the command line uses', () => {
    const c = parseCommandLine(['run', 'a', '-r', 'junit:j.xml', '--reporter', 'html:h.html']);
    assert.equal(c.kind, 'run');
    if (c.kind === 'run')
      assert.deepEqual(c.options.reports, [
        { reporter: 'junit', out: 'j.xml' },
        { reporter: 'html', out: 'h.html' },
      ]);
    const e = parseCommandLine(['run', 'a', '--reporter', 'junit', '--reporter', 'json']);
    assert.equal(e.kind, 'error');
    if (e.kind === 'error') assert.match(e.message, /Only one report can go to standard output.*akkuro-nb --help/);
  });
});
