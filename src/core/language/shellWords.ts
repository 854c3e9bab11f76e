/**
 * Splits a POSIX shell command line into words, the way a shell would before running it: quotes,
 * backslash escapes, line continuations and `$'…'` strings. Nothing is executed or expanded, except
 * that `$NAME` and `${NAME}` become notebook templates `{{NAME}}` and are listed, so a pasted command
 * keeps its placeholders visible instead of losing them.
 */
export type ShellWords =
  | {
      ok: true;
      words: string[];
      variables: string[];
      /** Text after an operator (`|`, `;`, `&&`, `>`) that ends the first command. */ rest?: string;
    }
  | { ok: false; message: string };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

export function shellWords(command: string): ShellWords {
  const words: string[] = [];
  const variables: string[] = [];
  let word = '';
  let inWord = false;
  const s = command;
  const flush = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const variable = (i: number): { text: string; next: number } | undefined => {
    if (s[i + 1] === '{') {
      const close = s.indexOf('}', i + 2);
      const name = close < 0 ? '' : s.slice(i + 2, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
      if (!variables.includes(name)) variables.push(name);
      return { text: `{{${name}}}`, next: close + 1 };
    }
    if (!NAME_START.test(s[i + 1] ?? '')) return undefined;
    let j = i + 1;
    while (j < s.length && NAME_CHAR.test(s[j])) j++;
    const name = s.slice(i + 1, j);
    if (!variables.includes(name)) variables.push(name);
    return { text: `{{${name}}}`, next: j };
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      if (s[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (s[i + 1] === '\r' && s[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (i + 1 < s.length) {
        word += s[i + 1];
        inWord = true;
      }
      i += 2;
      continue;
    }
    if (c === '\n' && !continues(s, i + 1)) {
      flush();
      const rest = s.slice(i).trim();
      return rest ? { ok: true, words, variables, rest } : { ok: true, words, variables };
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      flush();
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
      continue;
    }
    if (
      c === '|' ||
      c === ';' ||
      c === '<' ||
      c === '>' ||
      (c === '&' && (s[i + 1] === '&' || (!inWord && /^&\s*$/.test(s.slice(i, i + 2)))))
    ) {
      flush();
      return { ok: true, words, variables, rest: s.slice(i).trim() };
    }
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) return { ok: false, message: `The single quote at character ${i + 1} is never closed.` };
      word += s.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '$' && s[i + 1] === "'") {
      const r = ansiC(s, i + 2);
      if (!r) return { ok: false, message: `The $'…' string at character ${i + 1} is never closed.` };
      word += r.text;
      inWord = true;
      i = r.next;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && '$`"\\\n'.includes(s[j + 1] ?? '')) {
          if (s[j + 1] !== '\n') word += s[j + 1];
          j++;
        } else if (s[j] === '\\' && s[j + 1] === '\r' && s[j + 2] === '\n') {
          j += 2;
        } else if (s[j] === '$' && variable(j)) {
          const v = variable(j)!;
          word += v.text;
          j = v.next - 1;
        } else {
          word += s[j];
        }
      }
      if (j >= s.length) return { ok: false, message: `The double quote at character ${i + 1} is never closed.` };
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === '$') {
      const v = variable(i);
      if (v) {
        word += v.text;
        inWord = true;
        i = v.next;
        continue;
      }
    }
    word += c;
    inWord = true;
    i++;
  }
  flush();
  return { ok: true, words, variables };
}

/**
 * A line break ends a shell command, but commands pasted from documentation often lose their
 * trailing backslashes; a next line that starts like an option or a URL still belongs to this one.
 */
function continues(s: string, from: number): boolean {
  const next = s.slice(from).trimStart();
  return next === '' || /^(-|["'$]|https?:)/i.test(next);
}

function ansiC(s: string, from: number): { text: string; next: number } | undefined {
  let text = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === "'") return { text, next: i + 1 };
    if (c !== '\\') {
      text += c;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) return undefined;
    if (e in ANSI_ESCAPES) {
      text += ANSI_ESCAPES[e];
      i++;
      continue;
    }
    const hex =
      e === 'x'
        ? /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))
        : e === 'u'
          ? /^[0-9a-fA-F]{1,4}/.exec(s.slice(i + 2))
          : e === 'U'
            ? /^[0-9a-fA-F]{1,8}/.exec(s.slice(i + 2))
            : null;
    if (hex) {
      text += String.fromCodePoint(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (octal) {
      text += String.fromCharCode(parseInt(octal[0], 8));
      i += octal[0].length;
      continue;
    }
    text += '\\' + e;
    i++;
  }
  return undefined;
}

/** A POSIX single-quoted word: everything literal, a quote written as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
