/** Formatting of sizes, durations and statuses for people; no DOM, so it is unit-tested in Node. */

export type StatusTone = 'success' | 'info' | 'warning' | 'error';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `512 B`, `1.2 KB`, `5.0 MB` (binary multiples, as VS Code and browsers show them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '? B';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.96 KB would print as "1024.0 KB"; carry it into the next unit instead.
  if (value.toFixed(1) === '1024.0' && unit < UNITS.length - 1) {
    value = 1;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `0 ms`, `85 ms`, `1.24 s`, `2 min 3 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const totalSeconds = Math.round(ms / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}

export function statusTone(status: number): StatusTone {
  if (status >= 200 && status < 300) return 'success';
  if (status >= 500) return 'error';
  if (status >= 400) return 'warning';
  return 'info';
}

/** `201 Created`; the status text may be empty (HTTP/2 has none), so fall back to the standard reason. */
export function statusLabel(status: number, statusText: string): string {
  const text = statusText.trim() || REASONS[status] || '';
  return text ? `${status} ${text}` : String(status);
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** UTF-8 length without allocating an encoded copy (previews can be megabytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Decoded size of base64 text, ignoring whitespace and padding. */
export function base64ByteLength(text: string): number {
  const clean = text.replace(/[\s=]/g, '');
  return Math.floor((clean.length * 3) / 4);
}

/** 12345 → `12,345`, independent of the webview's locale so tests and screenshots are stable. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
