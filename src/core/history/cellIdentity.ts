import { cellNameOf, HTTP_METHODS } from '../request/cell';

const METHOD_LINE = new RegExp(`^[ \\t]*["']?(${HTTP_METHODS.join('|')})["']?[ \\t]*:[ \\t]*(.*?)[ \\t]*(#.*)?$`, 'm');

/**
 * Who a request cell is across sessions, for a history kept on disk (cells have no ids in the file): its
 * `name:`, else its request line as written, numbered when several cells share it. Read leniently, so a
 * cell with problems still has one.
 */
export function cellIdentity(texts: readonly string[], index: number): string {
  const own = identityOf(texts[index] ?? '');
  if (own.startsWith('name:')) return own;
  let n = 1;
  for (let i = 0; i < index; i++) if (identityOf(texts[i]) === own) n++;
  return `${own}#${n}`;
}

/** `cellIdentity` of every cell at once, in one pass (a Run All records hundreds of cells of one notebook). */
export function cellIdentities(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const own = identityOf(text);
    if (own.startsWith('name:')) return own;
    const n = (seen.get(own) ?? 0) + 1;
    seen.set(own, n);
    return `${own}#${n}`;
  });
}

function identityOf(text: string): string {
  const name = cellNameOf(text);
  if (name) return `name:${name}`;
  const m = METHOD_LINE.exec(text);
  return m ? `${m[1]} ${m[2].replace(/^(["'])(.*)\1$/, '$2')}` : 'cell';
}
