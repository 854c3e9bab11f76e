/**
 * Entry point of the notebook renderer for `application/vnd.akkuro.response+json`.
 * Each output draws into its own shadow root so its styles neither leak out nor get overridden.
 */
import type { OutputItem, RendererApi, RendererContext } from 'vscode-notebook-renderer';
import css from './style.css';
import type { RenderHost } from './host';
import type { RendererMessage } from '../contract/messages';
import { renderOutput, unreadable } from './render';

export function activate(ctx: RendererContext<unknown>): RendererApi {
  const roots = new Map<string, ShadowRoot>();
  const sheet = makeSheet();
  const post = ctx.postMessage ? (m: RendererMessage) => ctx.postMessage!(m) : undefined;

  const host: RenderHost = {
    copy: async (text) => {
      if (post) {
        post({ type: 'copy', text });
        return true;
      }
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    },
    openFullResponse: post ? (fullBodyId) => post({ type: 'openFullResponse', fullBodyId }) : undefined,
    runCommand: post
      ? (command, args) =>
          post(args === undefined ? { type: 'runCommand', command } : { type: 'runCommand', command, args })
      : undefined,
  };

  return {
    renderOutputItem(item: OutputItem, element: HTMLElement): void {
      const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
      let content: HTMLElement;
      try {
        content = renderOutput(item.json(), host);
      } catch (e) {
        content = unreadable(`The output is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
      }
      if (sheet) {
        root.adoptedStyleSheets = [sheet];
        root.replaceChildren(content);
      } else {
        const style = document.createElement('style');
        style.textContent = css;
        root.replaceChildren(style, content);
      }
      roots.set(item.id, root);
    },
    disposeOutputItem(id?: string): void {
      const targets = id === undefined ? [...roots.keys()] : [id];
      for (const key of targets) {
        roots.get(key)?.replaceChildren();
        roots.delete(key);
      }
    },
  };
}

/** One constructed sheet shared by every output, where the webview supports it. */
function makeSheet(): CSSStyleSheet | undefined {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  } catch {
    return undefined;
  }
}
