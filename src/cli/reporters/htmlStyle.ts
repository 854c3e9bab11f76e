/**
 * The HTML report's style sheet, inline so the report stays one file. Everything it conveys is also in
 * the text (✔/✘ marks, "failed"), so the report still reads well where a strict Content-Security-Policy
 * drops inline styles, as Jenkins' default one does.
 */
export const HTML_REPORT_STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --panel: #f6f8fa; --line: #d1d9e0;
  --pass: #1a7f37; --fail: #cf222e; --skip: #9a6700; --code: #eff1f3; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23;
  --line: #3d444d; --pass: #3fb950; --fail: #f85149; --skip: #d29922; --code: #1f262e; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .25rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: .95rem; margin: 1rem 0 .25rem; }
.meta, .caption { color: var(--muted); margin: 0 0 .75rem; }
code, pre { font: 12.5px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: var(--code); padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; margin: .25rem 0;
  overflow: auto; max-height: 32rem; white-space: pre-wrap; overflow-wrap: anywhere; }
.passed .mark, .pass { color: var(--pass); }
.failed .mark, .fail { color: var(--fail); }
.skipped .mark, .skip { color: var(--skip); }
.mark { font-weight: 600; }
.counts span { font-weight: 600; }
.failures li { margin: .2rem 0; }
details.cell { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; background: var(--bg); }
details.cell.failed { border-left: 4px solid var(--fail); }
details.cell.passed { border-left: 4px solid var(--pass); }
details.cell > summary { cursor: pointer; padding: .5rem .75rem; list-style-position: inside; }
details.cell[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
details.cell > div { padding: .25rem .75rem .75rem; }
summary .time { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; }
th, td { text-align: left; vertical-align: top; border: 1px solid var(--line); padding: .3rem .5rem; }
th { background: var(--panel); font-weight: 600; }
td.message { color: var(--muted); }
.notes li, .skipped-cells li { color: var(--muted); }
footer { margin-top: 2.5rem; color: var(--muted); font-size: 12px; }
`;
