import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { isJsonType, mediaType } from '../core/http/bodyModel';
import type { Redactor } from '../core/http/redact';

const MAX_ENTRIES = 16;
const MAX_BYTES = 256 * 1024 * 1024;

/**
 * Full response bodies that were too large to render, kept in memory only (responses can hold customer
 * data, so they never go to disk), the newest few, for "Open Full Response".
 */
export class FullResponses {
  private readonly entries = new Map<string, { body: Buffer; contentType: string }>();
  private bytes = 0;

  constructor(private readonly redactor: Redactor) {}

  keep(body: Buffer, contentType: string): string {
    const id = randomUUID();
    this.entries.set(id, { body, contentType });
    this.bytes += body.length;
    for (const [key, e] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      if (key === id) break;
      this.entries.delete(key);
      this.bytes -= e.body.length;
    }
    return id;
  }

  /** Opens the body in an untitled editor (in memory, never saved unless the user chooses to). */
  async open(id: string | undefined): Promise<vscode.TextDocument | undefined> {
    const entry = id ? this.entries.get(id) : undefined;
    if (!entry) {
      void vscode.window.showWarningMessage(
        'That response is no longer in memory (only the most recent large responses are kept). Run the cell again.',
      );
      return undefined;
    }
    const type = mediaType(entry.contentType);
    let content = this.redactor.redact(entry.body.toString('utf8'));
    let language = 'plaintext';
    if (isJsonType(type)) {
      language = 'json';
      try {
        content = JSON.stringify(JSON.parse(content), null, 2);
      } catch {
        /* shown as received */
      }
    } else if (type.includes('jsonl') || type.includes('ndjson') || type.includes('json-seq')) language = 'jsonl';
    else if (type.includes('xml')) language = 'xml';
    else if (type === 'text/html') language = 'html';
    const doc = await vscode.workspace.openTextDocument({ content, language });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }
}
