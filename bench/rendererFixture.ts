// The output a 5 MB JSON response becomes in VS Code: the response model the controller builds, with the body
// model of the core at the editor's default limits. Bundled and called by bench/rendererBench.mjs.
import type { RunResult } from '../src/contract/response';
import { DEFAULT_LIMITS, DEFAULT_TREE_BYTES } from '../src/core/engine';
import { buildBodyModel } from '../src/core/http/bodyModel';

/** A list response of 10,000 counterparty records of about 500 bytes each: 5 MB. */
export function listBody(records = 10_000): string {
  const items = Array.from({ length: records }, (_, i) => ({
    referenceId: `cp-${String(i).padStart(6, '0')}`,
    name: `Party ${i}`,
    type: i % 3 ? 'naturalPerson' : 'legalEntity',
    status: i % 7 ? 'active' : 'blocked',
    createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    addresses: [
      { kind: 'residential', street: `Keizersgracht ${i}`, city: 'Amsterdam', country: 'NL', postalCode: '1015 CJ' },
    ],
    contacts: { email: `party${i}@example.com`, phone: `+31 20 ${String(i).padStart(7, '0')}` },
    tags: ['onboarding', i % 2 ? 'retail' : 'corporate'],
    riskScore: (i * 37) % 100,
    channel: i % 5 ? 'partner' : 'branch',
    notes: `Counterparty ${i} was onboarded through the partner channel; identity documents were checked, signed and archived.`,
  }));
  return JSON.stringify({ total: records, offset: 0, limit: records, items });
}

export function outputJson(records?: number): { json: string; bodyBytes: number; truncated: boolean } {
  const text = listBody(records);
  const buf = Buffer.from(text);
  const body = buildBodyModel(
    'application/json',
    buf,
    buf.length,
    true,
    DEFAULT_LIMITS.previewBytes,
    DEFAULT_TREE_BYTES,
  );
  const result: RunResult = {
    kind: 'response',
    outcome: 'passed',
    environment: { name: 'uat-eu', baseUrl: 'https://api.uat.eu.lending.akkuro.io', protected: false },
    request: {
      method: 'GET',
      url: 'https://api.uat.eu.lending.akkuro.io/counterparty-management/counterparties?limit=10000',
      headers: [['accept', 'application/json;api-version=2025.1.0']],
      tokenAttached: true,
    },
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json']],
    body,
    assertions: [],
    timings: { totalMs: 420, ttfbMs: 80 },
    startedAt: new Date(0).toISOString(),
    notes: [],
    fullBodyId: 'full-1',
  };
  // What VS Code's NotebookCellOutputItem.json writes, and the webview's item.json() parses.
  return { json: JSON.stringify(result, undefined, '\t'), bodyBytes: buf.length, truncated: body.truncated };
}
