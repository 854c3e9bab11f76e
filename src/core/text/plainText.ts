import type { EnvironmentSummary, ExchangeSummary, RunResult, SequenceModel } from '../../contract/response';
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
    if (r.sequence) lines.push(...sequenceLines(r.sequence));
    if (r.action) lines.push(`Run "${r.action.title}" to fix this.`);
    return lines;
  }
  lines.push(
    `${r.outcome === 'passed' ? '✔' : '✘'} ${r.status} ${r.statusText} · ${r.timings.totalMs} ms · ${formatBytes(r.body.size)} · ${environmentText(r.environment)}`,
  );
  lines.push(`${r.request.method} ${r.request.url}`);
  if (r.sequence) lines.push(...sequenceLines(r.sequence));
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.problem) lines.push(`problem: ${[r.problem.title, r.problem.detail].filter(Boolean).join(' — ')}`);
  if (r.hint) lines.push(`→ ${r.hint}`);
  if (r.action) lines.push(`Run "${r.action.title}" to fix this.`);
  for (const a of r.assertions) lines.push(`${a.passed ? '✔' : '✘'} ${a.message}`);
  if (r.body.view === 'json' || r.body.view === 'jsonl' || r.body.view === 'text') {
    // Only the first `maxBody` characters are shown, so only those are indented: a 5 MB body is not parsed here.
    const text = r.body.view === 'json' ? indentJson(r.body.text, maxBody) : r.body.text;
    lines.push('', text.length > maxBody ? `${text.slice(0, maxBody)}\n… (${formatBytes(r.body.size)} in all)` : text);
  } else if (r.body.view !== 'empty') {
    lines.push('', `(${formatBytes(r.body.size)} of ${r.body.contentType || 'unknown type'})`);
  }
  return lines;
}

/** Shown in full up to this many requests; a longer sequence shows its start and its end. */
const SEQUENCE_LINES = 20;

/** `pages: 3 pages · 250 items`, then one line per request: what it was, its status, time, wait and what it held. */
export function sequenceLines(s: SequenceModel): string[] {
  const title = { pages: 'pages', polling: 'polling', retries: 'retries' }[s.kind] ?? 'requests';
  const line = (e: ExchangeSummary) => {
    const status = e.status === undefined ? 'no response' : `${e.status}${e.statusText ? ` ${e.statusText}` : ''}`;
    const waited = e.waited ? ` · after ${Math.round(e.waited.ms)} ms (${e.waited.reason})` : '';
    const items = e.items !== undefined ? ` · ${e.items} items` : '';
    return `  ${e.ok ? '✔' : '•'} ${e.label}: ${status} · ${Math.round(e.durationMs)} ms${waited}${items}${e.detail ? ` · ${e.detail}` : ''}`;
  };
  const all = s.exchanges;
  const shown =
    all.length <= SEQUENCE_LINES
      ? all.map(line)
      : [
          ...all.slice(0, SEQUENCE_LINES / 2).map(line),
          `  … ${all.length - SEQUENCE_LINES + 1 + (s.omitted ?? 0)} more`,
          ...all.slice(all.length - SEQUENCE_LINES / 2 + 1).map(line),
        ];
  return [`${title}: ${s.summary}`, ...shown];
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

/**
 * JSON text indented by two spaces, as `JSON.stringify(value, null, 2)` would write it, for the first `max`
 * characters and one more (so a caller can tell it was cut). Works on the text, without parsing it, so a
 * prefix or a malformed body is indented as far as it goes.
 */
export function indentJson(text: string, max = Infinity): string {
  let out = '';
  let depth = 0;
  let inString = false;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < text.length && out.length <= max; i++) {
    const c = text[i];
    if (inString) {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end - 1;
      inString = false;
      continue;
    }
    switch (c) {
      case '"':
        out += c;
        inString = true;
        break;
      case '{':
      case '[': {
        const next = nextSignificant(text, i + 1);
        if (text[next] === (c === '{' ? '}' : ']')) {
          out += c + text[next];
          i = next;
        } else {
          depth++;
          out += c + newline();
        }
        break;
      }
      case '}':
      case ']':
        depth = Math.max(0, depth - 1);
        out += newline() + c;
        break;
      case ',':
        out += `,${newline()}`;
        break;
      case ':':
        out += ': ';
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** The index just after the closing quote of the string whose content starts at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

function nextSignificant(text: string, i: number): number {
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
  return j;
}
