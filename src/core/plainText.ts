import type { EnvironmentSummary, RunResult } from '../contract/response';
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
    if (r.environment) lines.push(`environment: ${environmentText(r.environment)}`);
    if (r.action) lines.push(`Run "${r.action.title}" to fix this.`);
    return lines;
  }
  lines.push(
    `${r.outcome === 'passed' ? '✔' : '✘'} ${r.status} ${r.statusText} · ${r.timings.totalMs} ms · ${formatBytes(r.body.size)} · ${environmentText(r.environment)}`,
  );
  lines.push(`${r.request.method} ${r.request.url}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.problem) lines.push(`problem: ${[r.problem.title, r.problem.detail].filter(Boolean).join(' — ')}`);
  if (r.hint) lines.push(`→ ${r.hint}`);
  if (r.action) lines.push(`Run "${r.action.title}" to fix this.`);
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

/** `sandbox · label demo-label · client onboarding`: the environment and, when a token was used, its label and client. */
export function environmentText(env: EnvironmentSummary): string {
  const parts = [env.name];
  if (env.label) parts.push(`label ${env.label}`);
  if (env.client) parts.push(`client ${env.client}`);
  return parts.join(' · ');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
