import { isPlainObject } from './expectText';
import { EXPECT_OPERATORS, type ExpectOperator } from './expectTypes';

// Spellings people bring from other tools; a key maps to an operator only when its value also fits that operator.
const ALIASES: Record<string, ExpectOperator> = {
  eq: 'equals',
  equal: 'equals',
  ne: 'notEquals',
  neq: 'notEquals',
  not: 'notEquals',
  notequal: 'notEquals',
  regex: 'matches',
  regexp: 'matches',
  match: 'matches',
  in: 'oneOf',
  anyof: 'oneOf',
  include: 'contains',
  includes: 'contains',
  len: 'length',
  ge: 'gte',
  le: 'lte',
  gteq: 'gte',
  lteq: 'lte',
};

/**
 * The operator a non-operator key was probably meant to be, or undefined when the key reads as data.
 * Short operators (gt, lt, ...) are matched only by case or alias: within two edits of "gt" lie real keys
 * such as "id" and "at". `type` allows one edit ("tpye" is one transposition) so "time" stays a key.
 */
export function probableOperator(key: string, operand: unknown): ExpectOperator | undefined {
  const k = key.toLowerCase().replace(/[\s_-]/g, '');
  let guess: ExpectOperator | undefined = ALIASES[k] ?? EXPECT_OPERATORS.find((op) => op.toLowerCase() === k);
  if (guess === undefined && k.length >= 3) {
    let best = Infinity;
    for (const op of EXPECT_OPERATORS.filter((o) => o.length >= 4)) {
      const d = transpositionDistance(k, op.toLowerCase());
      if (d <= (op.length === 4 ? 1 : 2) && d < best) [best, guess] = [d, op];
    }
  }
  return guess && operandFits(guess, operand) ? guess : undefined;
}

function operandFits(op: ExpectOperator, v: unknown): boolean {
  switch (op) {
    case 'type':
      return typeof v === 'string' || (Array.isArray(v) && v.every((t) => typeof t === 'string'));
    case 'exists':
      return typeof v === 'boolean';
    case 'matches':
      return typeof v === 'string';
    case 'oneOf':
      return Array.isArray(v);
    case 'length':
      return typeof v === 'number' || isPlainObject(v);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof v === 'number';
    default:
      return true;
  }
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment). */
function transpositionDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
