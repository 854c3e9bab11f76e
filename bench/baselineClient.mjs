// The baseline every measurement is compared with: plain undici doing the same requests as the runner,
// with one token, the same headers (so the sandbox does the same work), the same decoding and a JSON
// parse of each body. Imported in-process by bench/inProcess.ts; bench/baseline.mjs runs it as a process.
import { Agent } from 'undici';
import * as zlib from 'node:zlib';

/**
 * spec: { baseUrl, brokerKey, labelReferenceId, clientId, clientSecret, apiVersion, path, headers, lanes: number[] }
 * `lanes` runs that many requests one after another in each lane, all lanes at once (8 lanes = 8 notebooks).
 */
export async function runBaseline(spec) {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const origin = new URL(spec.baseUrl).origin;
  const basic = Buffer.from(`${spec.clientId}:${spec.clientSecret}`).toString('base64');
  const started = performance.now();
  const tokenRes = await agent.request({
    origin,
    path: `/authentication/token/${encodeURIComponent(spec.brokerKey)}/${encodeURIComponent(spec.labelReferenceId)}`,
    method: 'GET',
    headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
  });
  const { access_token: token } = await tokenRes.body.json();
  const headers = {
    'user-agent': 'baseline',
    accept: `application/json;api-version=${spec.apiVersion}`,
    'accept-encoding': 'gzip, deflate, br',
    ...spec.headers,
    authorization: `Bearer ${token}`,
  };
  let firstResponseMs;
  let failures = 0;
  const lane = async (count) => {
    for (let i = 0; i < count; i++) {
      const res = await agent.request({ origin, path: spec.path, method: 'GET', headers });
      const text = await readText(res.body, res.headers['content-encoding']);
      JSON.parse(text);
      if (res.statusCode >= 400) failures++;
      firstResponseMs ??= performance.now() - started;
    }
  };
  await Promise.all(spec.lanes.map(lane));
  const totalMs = performance.now() - started;
  await agent.close();
  return { totalMs, firstResponseMs, failures, requests: spec.lanes.reduce((a, b) => a + b, 0) };
}

async function readText(body, encoding) {
  let stream = body;
  if (encoding === 'br') stream = body.pipe(zlib.createBrotliDecompress());
  else if (encoding === 'gzip') stream = body.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = body.pipe(zlib.createInflate());
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
