import { escapeControls } from '../../core/text/escapeControls';

/** Markup that is already safe; only `html` and `trusted` make one. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = Html | string | number | false | null | undefined | readonly HtmlValue[];

/**
 * The one way the HTML report is written: every interpolated value is escaped unless it is already
 * `Html`, so text from a server or a notebook can never become markup. `false`, `null` and `undefined`
 * write nothing, which keeps optional parts readable (`${r.hint && html`…`}`).
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** For the report's own constant markup (its style sheet); never for data. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Control characters made visible first, then the five characters HTML gives meaning to. */
export function escapeHtml(text: string): string {
  return escapeControls(text, '\n\t')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
