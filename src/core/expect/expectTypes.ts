import type { PathSegment } from '../../contract/jsonPathFormat';

/* The vocabulary and compiled shape of `expect:` blocks, shared by compiling, evaluating and completion. */

export const EXPECT_KEYS = ['status', 'headers', 'body', 'duration', 'schema'] as const;
export const EXPECT_OPERATORS = [
  'equals',
  'notEquals',
  'type',
  'exists',
  'matches',
  'contains',
  'oneOf',
  'gt',
  'gte',
  'lt',
  'lte',
  'length',
] as const;
export const EXPECT_TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'] as const;

export type ExpectOperator = (typeof EXPECT_OPERATORS)[number];
export type JsonType = (typeof EXPECT_TYPES)[number];
export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';

/** One compiled check. `status` is the `status: 201 | [200, 201] | 2xx` shorthand, which accepts classes. */
export type Check =
  | { op: 'equals' | 'notEquals' | 'contains'; value: unknown }
  | { op: 'oneOf'; values: unknown[] }
  | { op: 'type'; types: JsonType[] }
  | { op: 'exists'; value: boolean }
  | { op: 'matches'; source: string; regex: RegExp }
  | { op: Comparison; value: number }
  | { op: 'length'; compare: Comparison | 'equals' | 'notEquals'; value: number }
  | { op: 'status'; allowed: Array<number | string> };

export type ExpectTarget =
  | { kind: 'status' | 'duration'; label: string; checks: Check[] }
  | { kind: 'header'; label: string; name: string; checks: Check[] }
  | { kind: 'body'; label: string; segments: PathSegment[]; checks: Check[] };

/** The compiled `expect:` block: targets in the order written, paths parsed, regexes compiled. */
export interface ExpectSpec {
  targets: ExpectTarget[];
  /** `schema: true`: check the response against its operation in the environment's OpenAPI documents. */
  schema?: boolean;
}

export interface ExpectProblem {
  path: (string | number)[];
  message: string;
  onKey?: boolean;
}

export interface ActualResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  bodyIsJson: boolean;
  durationMs: number;
}

export type TargetKind = ExpectTarget['kind'];
