import * as vscode from 'vscode';
import type { CellRuns } from './cellRuns';
import { CompareCommands } from './compareCommands';
import { CompareDocuments } from './compareDocuments';
import type { Confirmations } from './confirmations';
import type { RequestController } from './controller';
import { registerHistoryPicker } from './historyPicker';
import { HistoryStore } from './historyStore';
import type { NotebookEnvironments } from './notebookEnvironments';
import { registerPinExpectation } from './pinExpectation';
import { NotebookTests } from './testing/notebookTests';

export interface CompareAndKeepDeps {
  context: vscode.ExtensionContext;
  cellRuns: CellRuns;
  controller: RequestController;
  notebooks: NotebookEnvironments;
  confirmations: Confirmations;
}

/** Run history (and its opt-in store), the compare commands, Pin Response as Expectation and the Testing view. */
export function registerCompareAndKeep({
  context,
  cellRuns,
  controller,
  notebooks,
  confirmations,
}: CompareAndKeepDeps) {
  const history = new HistoryStore(cellRuns, context.storageUri);
  void history.load();
  const documents = new CompareDocuments();
  const compare = new CompareCommands({ cellRuns, controller, notebooks, confirmations, documents });
  const tests = new NotebookTests(controller, context.extensionMode === vscode.ExtensionMode.Test);
  return {
    disposables: [
      history,
      documents,
      ...compare.register(),
      registerHistoryPicker(cellRuns, controller, compare),
      registerPinExpectation(cellRuns, notebooks),
      tests,
    ],
    /** For the extension's own tests. */
    testing: {
      history: {
        file: () => history.location,
        flush: () => history.flush(),
        size: () => cellRuns.history.size,
        /** A new window session: the runs in memory are forgotten and the stored ones read back, as activation does. */
        reload: async () => {
          await history.flush();
          cellRuns.history.clear();
          return history.load();
        },
      },
      tests: { controller: tests.controller, run: tests.run.bind(tests), reported: tests.reported },
    },
  };
}
