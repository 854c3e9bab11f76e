import type { Redactor } from '../core/http/redact';

export type Style = 'green' | 'red' | 'yellow' | 'dim' | 'bold' | 'cyan';

const CODES: Record<Style, [number, number]> = {
  green: [32, 39],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Where the CLI writes text: every write passes through the run's Redactor, so nothing printed can hold a secret. */
export interface Output {
  write(text: string): void;
  /** Writes out what is held back; call before the process ends. */
  flush(): void;
  /** An interactive terminal: progress lines may be drawn and overwritten. */
  readonly isTTY: boolean;
  paint(style: Style, text: string): string;
}

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Colour only on a terminal and never when NO_COLOR is set; FORCE_COLOR turns it on for CI logs that render ANSI. */
export function wantsColor(stream: Writable, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return !!stream.isTTY && env.TERM !== 'dumb';
}

/** How long output to a pipe or file may be held back: CI logs still read as live, with one write instead of hundreds. */
const HOLD_MS = 100;
const HOLD_BYTES = 64 * 1024;

/**
 * A terminal gets every write at once (the progress line depends on it). A pipe or file gets writes
 * gathered for up to HOLD_MS: one system call per line costs more than the request it reports when
 * notebooks have hundreds of fast cells.
 */
export function createOutput(
  stream: Writable,
  redactor: Redactor,
  env: Readonly<Record<string, string | undefined>>,
): Output {
  const color = wantsColor(stream, env);
  const isTTY = !!stream.isTTY && env.TERM !== 'dumb';
  const held: string[] = [];
  let heldBytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (held.length === 0) return;
    const text = held.join('');
    held.length = 0;
    heldBytes = 0;
    stream.write(text);
  };
  return {
    write: (text) => {
      const safe = redactor.redact(text);
      if (isTTY) {
        stream.write(safe);
        return;
      }
      held.push(safe);
      heldBytes += safe.length;
      if (heldBytes >= HOLD_BYTES) flush();
      else if (!timer) {
        timer = setTimeout(flush, HOLD_MS);
        timer.unref();
      }
    },
    flush,
    isTTY,
    paint: (style, text) => (color ? `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m` : text),
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m ${Math.round((ms - minutes * 60_000) / 1000)}s`;
}
