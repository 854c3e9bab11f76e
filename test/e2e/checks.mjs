// The end-to-end run's verdicts: one printed line per check, a failure is kept, never thrown, so that
// the run still tears down, scans for secrets and reports everything it saw.
export class Checks {
  #results = [];
  #say;

  constructor(say = (line) => console.log(line)) {
    this.#say = say;
  }

  pass(name, detail = '') {
    this.#results.push({ name, ok: true, detail });
    this.#say(`  ✔ ${name}${detail ? ` — ${detail}` : ''}`);
    return true;
  }

  fail(name, detail = '') {
    this.#results.push({ name, ok: false, detail });
    this.#say(`  ✘ ${name}${detail ? ` — ${detail}` : ''}`);
    return false;
  }

  /** Passes when `condition` holds; `detail` says what was seen either way. */
  that(name, condition, detail = '') {
    return condition ? this.pass(name, detail) : this.fail(name, detail);
  }

  equal(name, actual, expected) {
    const same = JSON.stringify(actual) === JSON.stringify(expected);
    return this.that(
      name,
      same,
      same ? JSON.stringify(actual) : `expected ${JSON.stringify(expected)}, saw ${JSON.stringify(actual)}`,
    );
  }

  /** Passes when `text` matches `pattern`; the seen text is printed (shortened) either way. */
  matches(name, text, pattern) {
    return this.that(
      name,
      pattern.test(text ?? ''),
      `${JSON.stringify(shorten(text ?? '(nothing)'))}${pattern.test(text ?? '') ? '' : ` does not match ${pattern}`}`,
    );
  }

  get passed() {
    return this.#results.filter((r) => r.ok).length;
  }

  get failed() {
    return this.#results.filter((r) => !r.ok).length;
  }

  get failures() {
    return this.#results.filter((r) => !r.ok);
  }
}

export function shorten(text, max = 140) {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
