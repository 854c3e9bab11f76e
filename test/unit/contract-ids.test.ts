import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  COMMANDS,
  CONTROLLER_ID,
  NOTEBOOK_TYPE,
  RENDERER_ID,
  REQUEST_LANGUAGE,
  RESPONSE_MIME,
} from '../../src/contract/ids';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const contributes = manifest.contributes;

describe('shared ids match package.json', () => {
  it('every contributed command is in COMMANDS and every COMMANDS entry is contributed', () => {
    const contributed = (contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  });

  it('menus and keybindings only name known commands', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    for (const [menu, items] of Object.entries(contributes.menus as Record<string, Array<{ command?: string }>>)) {
      for (const item of items) if (item.command) assert.ok(known.has(item.command), `${menu} names ${item.command}`);
    }
  });

  it('notebook type, language, renderer and MIME type', () => {
    assert.equal(contributes.notebooks[0].type, NOTEBOOK_TYPE);
    assert.ok(contributes.languages.some((l: { id: string }) => l.id === REQUEST_LANGUAGE));
    assert.equal(contributes.grammars[0].language, REQUEST_LANGUAGE);
    assert.equal(contributes.notebookRenderer[0].id, RENDERER_ID);
    assert.deepEqual(contributes.notebookRenderer[0].mimeTypes, [RESPONSE_MIME]);
    assert.match(CONTROLLER_ID, /^akkuro-/);
  });

  it('activation events name the notebook type', () => {
    for (const event of manifest.activationEvents as string[]) {
      if (event.startsWith('onNotebook:')) assert.equal(event, `onNotebook:${NOTEBOOK_TYPE}`);
    }
  });
});
