import type { ResponseModel } from '../../contract/response';
import { escapeControls as safe } from '../../core/text/escapeControls';
import type { CellReport, NotebookReport, RunReport, Summary } from '../report';
import type { ReadyNotebook, RunListener } from '../runNotebooks';
import { formatDuration, type Output } from '../terminal';
import { notebookTitle } from './cellFacts';
import { countsText } from '../requestCounts';

const PROGRESS_EVERY_MS = 250;
const MAX_BODY_EXCERPT = 300;

/**
 * The human report: one line per request cell, details under each failure, and a closing summary.
 * Notebooks running in parallel are printed in command-line order: the first unfinished notebook
 * streams live, the others are held until it is their turn. On a terminal a progress line is kept
 * at the bottom and redrawn in place.
 */
export class ConsoleReporter implements RunListener {
  private readonly buffers: string[][];
  private readonly finished: boolean[];
  private head = 0;
  private done = 0;
  private running = 0;
  private progressShown = false;
  private lastProgress = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly notes = new Set<string>();
  private readonly started = Date.now();

  constructor(
    private readonly out: Output,
    notebooks: readonly ReadyNotebook[],
    private readonly totalCells: number,
  ) {
    this.buffers = notebooks.map(() => []);
    this.finished = notebooks.map(() => false);
  }

  start(header: string): void {
    this.out.write(`${header}\n`);
    if (this.out.isTTY) {
      this.timer = setInterval(() => this.drawProgress(true), PROGRESS_EVERY_MS);
      this.timer.unref();
    }
  }

  notebookStarted(index: number, notebook: ReadyNotebook): void {
    this.running++;
    const env = notebook.environment;
    this.emit(
      index,
      `\n${this.out.paint('bold', safe(notebookTitle(notebook)))}  ${this.out.paint('dim', safe(`${env.name} ${env.baseUrl}${env.protected ? ' (protected)' : ''}`))}\n`,
    );
  }

  cellFinished(index: number, cell: CellReport): void {
    this.done++;
    for (const note of cell.result.kind === 'response' ? cell.result.notes : []) this.notes.add(note);
    this.emit(index, this.cellLines(cell));
    this.drawProgress(false);
  }

  notebookFinished(index: number, report: NotebookReport): void {
    this.running = Math.max(0, this.running - 1);
    if (report.skipped.length) {
      const why = report.skipped[0].reason === 'bail' ? 'stopped by --bail after a failure' : 'interrupted';
      this.emit(
        index,
        `  ${this.out.paint('yellow', '-')} ${report.skipped.length === 1 ? '1 request' : `${report.skipped.length} requests`} not run (${why})\n`,
      );
    }
    this.finished[index] = true;
    while (this.head < this.finished.length && this.finished[this.head]) {
      this.flush(this.head);
      this.head++;
      if (this.head < this.finished.length) this.flush(this.head);
    }
  }

  finish(report: RunReport): void {
    if (this.timer) clearInterval(this.timer);
    this.clearProgress();
    if (this.notes.size)
      this.out.write(
        `\n${this.out.paint('dim', 'Notes:')}\n${[...this.notes].map((n) => `  ${this.out.paint('dim', `• ${safe(n)}`)}\n`).join('')}`,
      );
    if (report.stopped === 'interrupted')
      this.out.write(`\n${this.out.paint('yellow', 'Interrupted: in-flight requests were cancelled.')}\n`);
    const sent = report.requests
      ? ` · ${countsText(report.requests)}${report.budget !== undefined ? ` of --budget ${report.budget}` : ''}`
      : '';
    this.out.write(`\n${summaryLine(report.summary, this.out)} (${formatDuration(report.durationMs)})${safe(sent)}\n`);
  }

  private cellLines(cell: CellReport): string {
    const r = cell.result;
    const ok = r.outcome === 'passed';
    const mark = ok ? this.out.paint('green', '✔') : this.out.paint('red', '✘');
    const name = cell.name ? `${this.out.paint('cyan', safe(cell.name))} ` : '';
    const label = safe(cell.label);
    const env = r.environment;
    const who = env?.label
      ? safe(`${env.client && env.client !== 'default' ? `${env.client} · ` : ''}${env.label}`)
      : '';
    const time = `${r.timings ? `  ${this.out.paint('dim', formatDuration(r.timings.totalMs))}` : ''}${who ? `  ${this.out.paint('dim', who)}` : ''}`;
    if (r.kind === 'response') {
      const status = `${r.status}${r.statusText ? ` ${safe(r.statusText)}` : ''}`;
      const head = `  ${mark} ${name}${label}  ${ok ? status : this.out.paint('red', status)}${time}\n`;
      const sequence = r.sequence ? `      ${this.out.paint('dim', safe(r.sequence.summary))}\n` : '';
      return ok ? head + sequence : head + sequence + this.responseDetails(r);
    }
    const lines = [`  ${mark} ${name}${label}  ${this.out.paint('red', safe(r.title))}${time}`];
    for (const line of r.message.split('\n')) lines.push(`      ${safe(line)}`);
    if (r.hint) lines.push(`      ${this.out.paint('dim', `hint: ${safe(r.hint)}`)}`);
    if (r.sequence) lines.push(`      ${this.out.paint('dim', safe(r.sequence.summary))}`);
    return lines.join('\n') + '\n';
  }

  private responseDetails(r: ResponseModel): string {
    const lines: string[] = [];
    for (const a of r.assertions) if (!a.passed) lines.push(`      ${this.out.paint('red', '✘')} ${safe(a.message)}`);
    // Why a 429/503 was not sent again belongs under the request it is about.
    for (const n of r.notes)
      if (/^(Not retried|Gave up)/.test(n)) lines.push(`      ${this.out.paint('dim', safe(n))}`);
    if (r.problem) {
      const p = r.problem;
      lines.push(
        `      ${this.out.paint('dim', 'problem:')} ${safe([p.title, p.detail].filter(Boolean).join(' — ') || p.type || '')}`,
      );
    } else if (r.body.encoding === 'utf8' && r.body.text.trim()) {
      const text = r.body.text.trim().replace(/\s+/g, ' ');
      lines.push(
        `      ${this.out.paint('dim', 'body:')} ${safe(text.length > MAX_BODY_EXCERPT ? `${text.slice(0, MAX_BODY_EXCERPT)}…` : text)}`,
      );
    }
    if (r.hint) lines.push(`      ${this.out.paint('dim', `hint: ${safe(r.hint)}`)}`);
    return lines.map((l) => `${l}\n`).join('');
  }

  private emit(index: number, text: string): void {
    this.buffers[index].push(text);
    if (index === this.head) this.flush(index);
  }

  private flush(index: number): void {
    if (this.buffers[index].length === 0) return;
    this.clearProgress();
    this.out.write(this.buffers[index].join(''));
    this.buffers[index] = [];
    this.drawProgress(true);
  }

  private drawProgress(force: boolean): void {
    if (!this.out.isTTY || this.done >= this.totalCells) return;
    const now = Date.now();
    if (!force && now - this.lastProgress < 50) return;
    this.lastProgress = now;
    const notebooks = this.running > 1 ? ` · ${this.running} notebooks running` : '';
    this.out.write(
      `\r\x1b[2K${this.out.paint('dim', `… ${this.done}/${this.totalCells} requests${notebooks} · ${formatDuration(now - this.started)}`)}`,
    );
    this.progressShown = true;
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.out.write('\r\x1b[2K');
    this.progressShown = false;
  }
}

/** `3 passed, 1 failed` — plus `, 2 skipped` when any were skipped. */
export function summaryLine(s: Summary, out?: Pick<Output, 'paint'>): string {
  const paint = out ? out.paint : (_: string, t: string) => t;
  const parts = [
    paint(s.passed ? 'green' : 'dim', `${s.passed} passed`),
    paint(s.failed ? 'red' : 'dim', `${s.failed} failed`),
  ];
  if (s.skipped) parts.push(paint('yellow', `${s.skipped} skipped`));
  return parts.join(', ');
}
