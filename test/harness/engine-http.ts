// Minimal Engine API client over a unix socket for the harness itself.
// The harness talks HTTP directly instead of going through src/docker so that a bug in the code under
// test can never break the fixture that tests it, and so it needs no docker CLI (none is guaranteed in CI).
import * as http from 'node:http';
import type { Readable } from 'node:stream';

export interface EngineResponse {
  status: number;
  body: string;
}

export interface EngineRequest {
  method?: string;
  path: string;
  json?: unknown;
  stream?: Readable;
  contentType?: string;
  timeoutMs?: number;
}

export function engineRequest(socketPath: string, req: EngineRequest): Promise<EngineResponse> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    let payload: string | undefined;
    if (req.json !== undefined) {
      payload = JSON.stringify(req.json);
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    } else if (req.stream) {
      headers['Content-Type'] = req.contentType ?? 'application/x-tar';
    }
    const r = http.request({ socketPath, path: req.path, method: req.method ?? 'GET', headers, timeout: req.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`engine request ${req.path} timed out`)));
    r.on('error', reject);
    if (payload !== undefined) r.end(payload);
    else if (req.stream) req.stream.pipe(r);
    else r.end();
  });
}

/** Like engineRequest, but throws unless the status is 2xx, and parses JSON bodies. */
export async function engineJson<T>(socketPath: string, req: EngineRequest): Promise<T> {
  const res = await engineRequest(socketPath, req);
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`${req.method ?? 'GET'} ${req.path} -> ${res.status}: ${res.body.trim()}`);
  }
  return (res.body.trim() === '' ? undefined : JSON.parse(res.body)) as T;
}

export async function ping(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await engineRequest(socketPath, { path: '/_ping', timeoutMs });
    return res.status === 200;
  } catch {
    return false;
  }
}
