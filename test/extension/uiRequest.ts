import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Asks the code-server runner to do what only a person can in the workbench (test/host/uiRequests.mjs):
 * trust the workspace, see what a modal dialog asked, read what the UI shows. Only runs started with
 * --workspace-trust serve these requests (AKKURO_HOST_UI_REQUESTS is set there).
 */
export function uiRequestsServed(): boolean {
  return process.env.AKKURO_HOST_UI_REQUESTS === '1';
}

export async function uiRequest<T>(action: string, args: Record<string, unknown> = {}, timeoutMs = 25_000): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akkuro-ui-request-'));
  const reply = path.join(dir, 'reply.json');
  try {
    console.log(`akkuro-host-request:${JSON.stringify({ action, ...args, reply })}`);
    const end = Date.now() + timeoutMs;
    while (!fs.existsSync(reply)) {
      if (Date.now() > end)
        throw new Error(`the test runner did not answer the UI request "${action}" in ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const answer = JSON.parse(fs.readFileSync(reply, 'utf8')) as { ok: boolean; value?: T; error?: string };
    if (!answer.ok) throw new Error(`UI request "${action}" failed: ${answer.error}`);
    return answer.value as T;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
