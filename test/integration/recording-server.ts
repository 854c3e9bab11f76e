import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
  /** The first 64 KiB of the body, as text. */
  body: string;
}

export interface RecordingServer {
  url: string;
  /** Every request that reached the server, in order (the body counted, not kept). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A server of our own that answers everything (200 `{}` unless `reply` says otherwise) and records what
 * reached it: "nothing was sent" and "this was sent" are checked where they matter, at the receiving end.
 */
export async function startRecordingServer(
  reply: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  },
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let bodyBytes = 0;
    const kept: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (bodyBytes < 65_536) kept.push(chunk.subarray(0, 65_536 - bodyBytes));
      bodyBytes += chunk.length;
    });
    req.on('end', () => {
      const body = Buffer.concat(kept).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes, body });
      reply(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
