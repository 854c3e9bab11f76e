import { setFlagsFromString } from 'node:v8';

/**
 * The runner is a short process: a notebook of a few hundred requests runs each function of a request's path a few
 * hundred times. V8 11.3 (Node 20) hands a function to its optimizing compiler (TurboFan) once it has run a fixed
 * amount of bytecode (`--interrupt-budget`), which for the request path falls at a few hundred requests: the process
 * then spends more CPU compiling (on a second thread, which on a small machine competes with the server it talks to)
 * than the optimized code gives back before it exits. Measured on the bench (500 GETs, 2 cores): the runner's CPU
 * without TurboFan at all fell by ~15 %; with three times the budget by about as much, and 2,000 GETs were faster too.
 * Later V8 versions tier up differently (Maglev, invocation counts) and have no such flag, so nothing is changed there.
 */
export const INTERRUPT_BUDGET = 3 * 67584;

/** The flag this process should start with, or undefined (another V8, or the user set the budget explicitly). */
export function tieringFlag(v8Version: string, execArgv: readonly string[], nodeOptions = ''): string | undefined {
  if (!v8Version.startsWith('11.3.')) return undefined;
  if ([...execArgv, nodeOptions].some((a) => /--interrupt[-_]budget\b/.test(a))) return undefined;
  return `--interrupt-budget=${INTERRUPT_BUDGET}`;
}

/** Called by main.ts before the command runs (module evaluation before it is one-off code, which tiering does not touch). */
export function tuneTiering(): void {
  const flag = tieringFlag(process.versions.v8, process.execArgv, process.env.NODE_OPTIONS);
  if (flag) setFlagsFromString(flag);
}
