/**
 * `Retry-After` (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date. The date comes in the preferred
 * IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`) or one of the two obsolete forms recipients must still
 * read (RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`, asctime `Sun Nov  6 08:49:37 1994`), always in GMT.
 */
export type RetryAfter =
  { ok: true; ms: number; form: 'seconds' | 'date'; raw: string } | { ok: false; raw: string; reason: string };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ( \d|\d{2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/**
 * How long a `Retry-After` value asks to wait, from `now` (epoch ms). A date in the past means "now" (0 ms).
 * Undefined when there is no header. Anything else (`1.5`, `-1`, `soon`, a date in another time zone) is not
 * a wait anyone can rely on, and says why.
 */
export function parseRetryAfter(value: string | undefined, now: number): RetryAfter | undefined {
  if (value === undefined) return undefined;
  const raw = value.trim();
  if (/^\d+$/.test(raw)) {
    const seconds = Number(raw);
    return Number.isSafeInteger(seconds)
      ? { ok: true, ms: seconds * 1000, form: 'seconds', raw }
      : { ok: false, raw, reason: 'the number of seconds is too large' };
  }
  const at = httpDate(raw, now);
  if (at === undefined)
    return {
      ok: false,
      raw,
      reason: /^[+-]?\d*\.?\d+$/.test(raw)
        ? 'it must be a whole number of seconds, 0 or more'
        : 'it is neither a whole number of seconds nor an HTTP date such as "Wed, 21 Oct 2025 07:28:00 GMT"',
    };
  return { ok: true, ms: Math.max(0, at - now), form: 'date', raw };
}

/** The epoch ms of an HTTP-date, or undefined when the text is not one (or names an impossible day). */
function httpDate(s: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(s);
  if (m) return utc(Number(m[3]), m[2], m[1], m[4], m[5], m[6]);
  m = RFC_850.exec(s);
  if (m) return utc(twoDigitYear(Number(m[3]), now), m[2], m[1], m[4], m[5], m[6]);
  m = ASCTIME.exec(s);
  if (m) return utc(Number(m[6]), m[1], m[2].trim(), m[3], m[4], m[5]);
  return undefined;
}

function utc(year: number, month: string, day: string, h: string, min: string, sec: string): number | undefined {
  const mon = MONTHS.indexOf(month);
  const [d, hh, mm, ss] = [Number(day), Number(h), Number(min), Number(sec)];
  if (mon < 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  const t = Date.UTC(year, mon, d, hh, mm, ss);
  // 31 Feb rolls over into March in Date.UTC: a date that does not exist is not a date.
  return new Date(t).getUTCDate() === d ? t : undefined;
}

/** RFC 9110: a two-digit year that would be more than 50 years in the future is in the past century. */
function twoDigitYear(yy: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  let year = Math.floor(thisYear / 100) * 100 + yy;
  if (year > thisYear + 50) year -= 100;
  return year;
}
