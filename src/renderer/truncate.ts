/**
 * How much of a body goes into the DOM, and what to tell the user about the rest. A text node of several
 * megabytes freezes the notebook, so text is capped here even when the extension sent more.
 */
import type { BodyModel } from '../contract/response';
import { base64ByteLength, formatBytes, utf8ByteLength } from './format';
import { safeCut } from './tree';

/** Characters of text put into the DOM for text-like views. */
export const TEXT_DOM_LIMIT = 200 * 1024;

export interface TextPlan {
  /** What to show. */
  text: string;
  /** True when the renderer cut `text` shorter than what it received. */
  clipped: boolean;
  /** A sentence about what is missing, when anything is. */
  note?: string;
  /** Whether to offer "Open full response" (something is missing and the extension can supply it). */
  offerFull: boolean;
}

/** Bytes of the body that this output actually holds. */
export function previewBytes(body: BodyModel): number {
  return body.encoding === 'base64' ? base64ByteLength(body.text) : utf8ByteLength(body.text);
}

/** The size shown in the header: `1.2 KB`, or `showing first 256.0 KB of 5.0 MB` for a preview. */
export function sizeLabel(body: BodyModel): string {
  if (!body.truncated) return formatBytes(body.size);
  return `showing first ${formatBytes(previewBytes(body))} of ${formatBytes(body.size)}`;
}

export function clipText(text: string, limit = TEXT_DOM_LIMIT): { text: string; clipped: boolean } {
  if (text.length <= limit) return { text, clipped: false };
  return { text: text.slice(0, safeCut(text, limit)), clipped: true };
}

export function planText(body: BodyModel, fullBodyId: string | undefined, limit = TEXT_DOM_LIMIT): TextPlan {
  const { text, clipped } = clipText(body.text, limit);
  const incomplete = clipped || body.truncated;
  if (!incomplete) return { text, clipped: false, offerFull: false };
  const shownBytes = clipped ? utf8ByteLength(text) : previewBytes(body);
  const total = Math.max(body.size, shownBytes);
  const note =
    `Showing the first ${formatBytes(shownBytes)} of ${formatBytes(total)}.` +
    (fullBodyId ? '' : ' The full body is not kept for this output; run the cell again to open it.');
  return { text, clipped, note, offerFull: fullBodyId !== undefined && fullBodyId !== '' };
}
