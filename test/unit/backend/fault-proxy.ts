// A proxy that injects faults between a test's client and a real server, for the backend tests.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'none' | '500' | '503' | 'reset' | '429' | 'cut' | 'slow' | 'html';

/** Forwards to `target`; the first time it sees a request body, it answers with the next fault of `rotation` instead. */
export async function faultyProxy(target: string, rotation: Fault[]) {
  const seen = new Set<string>();
  const injected: Record<string, number> = {};
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = body.toString('utf8');
      let fault: Fault = 'none';
      if (!seen.has(key)) {
        seen.add(key);
        fault = rotation[next++ % rotation.length];
      }
      injected[fault] = (injected[fault] ?? 0) + 1;
      if (fault === '500' || fault === '503') { res.writeHead(Number(fault), { 'content-type': 'application/json' }); res.end('{"error":{"message":"injected"}}'); return; }
      if (fault === '429') { res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }); res.end('{"error":{"message":"slow down"}}'); return; }
      if (fault === 'reset') { req.socket.destroy(); return; }
      // A proxy's error page with a 200: not JSON, asked again.
      if (fault === 'html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>bad gateway</html>'); return; }
      const u = new URL(target);
      const forward = httpRequest({ host: u.hostname, port: u.port, path: req.url, method: req.method, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (up) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          const full = Buffer.concat(out);
          if (fault === 'cut') {
            res.writeHead(200, { 'content-type': up.headers['content-type'] ?? 'application/json', 'content-length': full.length });
            res.write(full.subarray(0, full.length >> 1));
            setTimeout(() => res.destroy(), 5);
            return;
          }
          const send = () => { if (!res.destroyed) { res.writeHead(up.statusCode ?? 500, { 'content-type': up.headers['content-type'] ?? 'application/json' }); res.end(full); } };
          if (fault === 'slow') setTimeout(send, 1500); else send();
        });
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, injected,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
