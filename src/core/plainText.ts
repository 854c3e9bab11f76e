import type { RunResult } from '../contract/response';
import { escapeControls } from './escapeControls';

/**
 * The readable text form of a result: the notebook's text/plain fallback. VS Code's text renderer acts on
 * ANSI sequences, so a response's control characters are shown escaped here too.
 */
export function formatResultText(r: RunResult, maxBody = 4000): string {
  return escapeControls(resultLines(r, maxBody).join('\n'), '\n\t');
}

function resultLines(r: RunResult, maxBody: number): string[] {
  const lines: string[] = [];
  if (r.kind === 'failure') {
    lines.push(`✘ ${r.title}`, r.message);
    if (r.hint) lines.push(`→ ${r.hint}`);
    if (r.request) lines.push(`${r.request.method} ${r.request.url}`);
    if (r.environment) lines.push(`environment: ${r.environment.name}`);
    if (r.action) lines.push(`Run "${r.action.title}" to fix this.`);
    return lines;
  }
  lines.push(
    `${r.outcome === 'passed' ? '✔' : '✘'} ${r.status} ${r.statusText} · ${r.timings.totalMs} ms · ${formatBytes(r.body.size)} · ${r.environment.name}`,
  );
  lines.push(`${r.request.method} ${r.request.url}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.problem) lines.push(`problem: ${[r.problem.title, r.problem.detail].filter(Boolean).join(' — ')}`);
  for (const a of r.assertions) lines.push(`${a.passed ? '✔' : '✘'} ${a.message}`);
  if (r.body.view === 'json' || r.body.view === 'jsonl' || r.body.view === 'text') {
    let text = r.body.text;
    if (r.body.view === 'json' && !r.body.truncated) {
      try {
        text = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        /* shown as received */
      }
    }
    lines.push('', text.length > maxBody ? `${text.slice(0, maxBody)}\n… (${formatBytes(r.body.size)} in all)` : text);
  } else if (r.body.view !== 'empty') {
    lines.push('', `(${formatBytes(r.body.size)} of ${r.body.contentType || 'unknown type'})`);
  }
  return lines;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides and isolates that
// make text read differently from what it holds ("Trojan Source"). A carriage return before a line feed is
// an ordinary line ending and stays.
// eslint-disable-next-line no-control-regex -- the control characters are exactly what this matches
const CONTROL = /\r(?!\n)|[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text from a server or a notebook, made safe to show: every control character becomes a visible escape
 * (`\x1b`, `\u202e`), so a response cannot recolour a terminal, hide part of a line or reorder a report.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
