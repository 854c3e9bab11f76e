import type { IncomingMessage } from 'node:http';
import { problem } from './problem';
import type { Reply } from './reply';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; reply: Reply };

/** Reads the whole request body as UTF-8, refusing more than `limit` bytes with a 413. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        resolve({
          ok: false,
          reply: problem(
            413,
            'body-too-large',
            `The request body is larger than the sandbox accepts (${limit} bytes). Send a smaller body or split it.`,
            {
              headers: { connection: 'close' },
            },
          ),
        });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve({ ok: true, text: Buffer.concat(chunks, size).toString('utf8') });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON.parse with the error position turned into line and column, which people can find. */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /position (\d+)/.exec(message);
    if (!at) {
      return { ok: false, message };
    }
    const { line, column } = lineColumn(text, Number(at[1]));
    return { ok: false, message: `${message} (line ${line}, column ${column})` };
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Reads and parses a JSON request body, answering 400 with the parse error when it is not JSON. */
export async function readJsonBody(
  req: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; reply: Reply }> {
  const body = await readBody(req);
  if (!body.ok) {
    return body;
  }
  if (body.text.trim() === '') {
    return { ok: false, reply: problem(400, 'invalid-json', 'The request body is empty; send a JSON object.') };
  }
  const parsed = parseJson(body.text);
  if (!parsed.ok) {
    return { ok: false, reply: problem(400, 'invalid-json', `The request body is not valid JSON: ${parsed.message}.`) };
  }
  return parsed;
}
