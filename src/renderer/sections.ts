/** Which parts of a response are offered, and which one opens first. */
import type { AssertionResult, ResponseModel, SequenceModel } from '../contract/response';
import { valueText } from '../contract/valueText';

export type SectionId = 'body' | 'headers' | 'request' | 'assertions' | 'sequence';

export interface SectionTab {
  id: SectionId;
  label: string;
  /** Small text after the label: a header count, or `3/4` for assertions. */
  badge?: string;
  tone?: 'passed' | 'failed';
}

export interface AssertionSummary {
  passed: number;
  failed: number;
  total: number;
  /** `3 of 4 passed`. */
  text: string;
}

export function assertionSummary(results: readonly AssertionResult[]): AssertionSummary {
  const passed = results.filter((r) => r.passed).length;
  const total = results.length;
  return { passed, failed: total - passed, total, text: `${passed} of ${total} passed` };
}

const SEQUENCE_TITLES: Record<SequenceModel['kind'], string> = {
  pages: 'Pages',
  polling: 'Attempts',
  retries: 'Requests',
};

/** The tab of a cell that sent several requests: `Pages`, `Attempts` or `Requests`. */
export function sequenceTitle(sequence: SequenceModel): string {
  return SEQUENCE_TITLES[sequence.kind] ?? 'Requests';
}

export function sectionsFor(model: ResponseModel): SectionTab[] {
  const tabs: SectionTab[] = [
    { id: 'body', label: 'Body' },
    { id: 'headers', label: 'Headers', badge: String(model.headers.length) },
    { id: 'request', label: 'Request' },
  ];
  if (model.assertions.length > 0) {
    const s = assertionSummary(model.assertions);
    tabs.push({
      id: 'assertions',
      label: 'Assertions',
      badge: `${s.passed}/${s.total}`,
      tone: s.failed > 0 ? 'failed' : 'passed',
    });
  }
  if (model.sequence) {
    const label = { pages: 'Pages', polling: 'Attempts', retries: 'Requests' }[model.sequence.kind] ?? 'Requests';
    tabs.push({
      id: 'sequence',
      label,
      badge: String(model.sequence.exchanges.length + (model.sequence.omitted ?? 0)),
    });
  }
  return tabs;
}

/**
 * A failed assertion is the news: open it first. Otherwise the body. Advice on the answer (which client is
 * declared for a refused domain, with the command that fixes it) is on the body's problem card, and says
 * more than "expected 200 but it was 403", so it opens the body even when assertions failed.
 */
export function defaultSection(model: ResponseModel): SectionId {
  if (model.hint) return 'body';
  return model.assertions.some((a) => !a.passed) ? 'assertions' : 'body';
}

const VALUE_CHARS = 200;

/** An expected or actual value in one short line: JSON for data, `(missing)` for undefined. */
export function displayValue(v: unknown, max = VALUE_CHARS): string {
  return valueText(v, max);
}
