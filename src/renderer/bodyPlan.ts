/** Decides how a body is drawn, before any DOM is touched. */
import type { BodyModel } from '../contract/response';
import { formatBytes, formatCount } from './format';
import { splitJsonLines, type JsonLine } from './jsonl';
import { planText, type TextPlan } from './truncate';

export type BodyPlan =
  | { view: 'json'; value: unknown; offerFull: boolean }
  | { view: 'jsonl'; lines: JsonLine[]; note?: string; offerFull: boolean }
  | { view: 'text'; plan: TextPlan; reason?: string }
  | { view: 'image'; src: string }
  | { view: 'message'; message: string; offerFull: boolean };

/** Raster types only: an SVG can carry script and external references. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function mimeOf(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

export function planBody(body: BodyModel, fullBodyId?: string): BodyPlan {
  const canOpenFull = !!fullBodyId;
  switch (body.view) {
    case 'empty':
      return { view: 'message', message: 'No body', offerFull: false };
    case 'binary':
      return {
        view: 'message',
        message: `${formatCount(body.size)} bytes of ${mimeOf(body.contentType) || 'unknown type'}, not shown`,
        offerFull: false,
      };
    case 'image': {
      const src = imageSource(body);
      if (src) return { view: 'image', src };
      const why = body.truncated
        ? 'only part of the image was kept'
        : `${mimeOf(body.contentType) || 'this type'} is not shown inline`;
      return {
        view: 'message',
        message: `Image of ${formatBytes(body.size)} not shown: ${why}.`,
        offerFull: canOpenFull,
      };
    }
    case 'json':
      return planJson(body, fullBodyId);
    case 'jsonl': {
      const lines = splitJsonLines(body.text, body.truncated);
      const text = planText(body, fullBodyId, Infinity);
      return { view: 'jsonl', lines, note: text.note, offerFull: text.offerFull };
    }
    default:
      return { view: 'text', plan: planText(body, fullBodyId) };
  }
}

function planJson(body: BodyModel, fullBodyId?: string): BodyPlan {
  // A prefix can happen to parse ("12" of "12345"), so a cut-short preview is never read as JSON.
  if (body.truncated) {
    return {
      view: 'text',
      plan: planText(body, fullBodyId),
      reason: 'This is the start of a larger JSON body, shown as text.',
    };
  }
  try {
    // A body larger than a preview comes whole for the tree, and can still be opened in an editor.
    return { view: 'json', value: JSON.parse(body.text), offerFull: !!fullBodyId };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      view: 'text',
      plan: planText(body, fullBodyId),
      reason: `The body is not valid JSON (${detail}); it is shown as text.`,
    };
  }
}

/** A `data:` URL for a complete raster image, or undefined when it must not or cannot be shown. */
export function imageSource(body: BodyModel): string | undefined {
  const mime = mimeOf(body.contentType);
  if (!IMAGE_TYPES.has(mime) || body.encoding !== 'base64' || body.truncated) return undefined;
  const data = body.text.replace(/\s+/g, '');
  if (data === '' || !BASE64.test(data)) return undefined;
  return `data:${mime};base64,${data}`;
}
