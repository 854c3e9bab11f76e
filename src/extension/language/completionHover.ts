import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { completions } from '../../core/language/completion';
import { hover } from '../../core/language/hover';
import type { CompletionKind } from '../../core/language/languageTypes';
import { REQUEST_LANGUAGE } from '../../contract/ids';
import type { CellScopes } from './cellScopes';

const KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  method: vscode.CompletionItemKind.Keyword,
  path: vscode.CompletionItemKind.Folder,
  variable: vscode.CompletionItemKind.Variable,
  builtin: vscode.CompletionItemKind.Function,
  response: vscode.CompletionItemKind.Reference,
  field: vscode.CompletionItemKind.Field,
  header: vscode.CompletionItemKind.Constant,
  value: vscode.CompletionItemKind.Value,
  operator: vscode.CompletionItemKind.Operator,
};

/** Completion and hover for request cells: translations of the core's pure language functions. */
/** `timings` receives how long each completion took to compute (the benchmark reads it through the test API). */
export function registerCompletionAndHover(scopes: CellScopes, timings: number[] = []): vscode.Disposable[] {
  return [
    vscode.languages.registerCompletionItemProvider(
      { language: REQUEST_LANGUAGE },
      {
        async provideCompletionItems(doc, position) {
          const started = performance.now();
          const site = await scopes.site(doc);
          if (!site) return [];
          const items = completions({ ...site.scope, text: doc.getText(), offset: doc.offsetAt(position) });
          const made = items.map((i) => {
            const item = new vscode.CompletionItem(i.label, KINDS[i.kind]);
            item.insertText = i.snippet ? new vscode.SnippetString(i.insertText ?? i.label) : (i.insertText ?? i.label);
            item.range = new vscode.Range(doc.positionAt(i.replaceStart), doc.positionAt(i.replaceEnd));
            if (i.detail) item.detail = i.detail;
            if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
            if (i.filterText) item.filterText = i.filterText;
            if (i.sortText) item.sortText = i.sortText;
            if (i.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
            return item;
          });
          timings.push(performance.now() - started);
          if (timings.length > 200) timings.shift();
          return made;
        },
      },
      '{',
      '.',
      '/',
      ':',
      '$',
      '[',
      '"',
      ' ',
    ),
    vscode.languages.registerHoverProvider(
      { language: REQUEST_LANGUAGE },
      {
        async provideHover(doc, position) {
          const site = await scopes.site(doc);
          if (!site) return undefined;
          const h = await hover({ ...site.scope, text: doc.getText(), offset: doc.offsetAt(position) });
          if (!h) return undefined;
          const md = new vscode.MarkdownString(h.contents);
          md.isTrusted = false;
          return new vscode.Hover(md, new vscode.Range(doc.positionAt(h.start), doc.positionAt(h.end)));
        },
      },
    ),
  ];
}
