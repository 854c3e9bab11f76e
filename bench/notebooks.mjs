// The notebooks the editor-side benchmarks work on, shared by bench/run.mjs (which writes them for the
// runner and the extension host) and the in-process benchmarks (which read their cells).

/** The text of `.akkuro-nb` holding one request cell per entry (cell texts as written, one per line). */
export function notebookOf(requestTexts) {
  const cells = requestTexts
    .map(
      (text) =>
        `  - request: |\n${text
          .split('\n')
          .filter(Boolean)
          .map((l) => `      ${l}`)
          .join('\n')}\n`,
    )
    .join('');
  return `akkuro-notebook: 1\ncells:\n${cells}`;
}

/**
 * A long notebook as people write them: named requests chained through earlier responses, headers with
 * built-ins, expectations, and a markdown cell every tenth cell. Request cell i reads the response of
 * request cell i - 1, so renaming one cell changes the diagnostics of exactly one other cell.
 */
export function languageCells(count) {
  const cells = [];
  let request = 0;
  for (let i = 0; i < count; i++) {
    if (i % 10 === 0) {
      cells.push({ kind: 'markdown', text: `## Step ${i}\n\nCreate a counterparty, then read it back.\n` });
      continue;
    }
    const ref = request === 0 ? 'partyId' : `party${request - 1}.body.referenceId`;
    cells.push({
      kind: 'request',
      text:
        `name: party${request}\n` +
        `GET: /counterparty-management/counterparties/{{${ref}}}\n` +
        `headers:\n  X-Request-Id: "{{$uuid}}"\n` +
        `expect:\n  status: 200\n  body:\n    $.referenceId: { type: string }\n`,
    });
    request++;
  }
  return cells;
}

/** languageCells as a notebook file pinned to the bench's `local` environment. */
export function languageNotebook(count) {
  const cells = languageCells(count)
    .map((c) => `  - ${c.kind}: ${JSON.stringify(c.text)}\n`)
    .join('');
  return `akkuro-notebook: 1\nenvironment: local\ncells:\n${cells}`;
}
