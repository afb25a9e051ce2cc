import http from 'node:http';
import net from 'node:net';
import { UserError } from '../../core/errors.js';
import type { MetricsEndpoint } from './registry.js';

/** `usage serve`'s address when `--listen` is not given (README "Metrics"). */
export const DEFAULT_LISTEN = '127.0.0.1:9477';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `HOST:PORT`, `[IPv6]:PORT`; port 0 lets the system choose (the address printed says which). */
export function parseListen(value: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(value.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || host === undefined || port > 65535 || (m[1] !== undefined && net.isIPv6(m[1]) === false)) {
    throw new UserError(`--listen expects HOST:PORT such as ${DEFAULT_LISTEN} or [::1]:9477, got "${value}"`);
  }
  return { host, port };
}

/** Only this machine can connect: 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1' || host === '::ffff:127.0.0.1';
}

export function formatAddress({ host, port }: ListenAddress): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'the port is in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'not an address of this machine',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
};

/**
 * Serves `/metrics` (the Prometheus text format) and `/healthz` (`ok`) on the address, once it is
 * bound; a bind that fails is a user error (one line, exit 2). Resolves with the address bound.
 */
export async function serveMetrics(
  endpoint: MetricsEndpoint,
  address: ListenAddress,
  onError: (err: Error) => void,
): Promise<{ server: http.Server; address: ListenAddress }> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('ok\n');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: see /metrics and /healthz\n');
      return;
    }
    endpoint.scrape().then(
      (text) => res.writeHead(200, { 'content-type': endpoint.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (err: unknown) => {
        onError(err as Error);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      },
    );
  });
  // A scrape that never finishes sending its request does not hold a socket for ever.
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = LISTEN_ERRORS[err.code ?? ''] ?? err.message;
      reject(new UserError(`cannot listen on ${formatAddress(address)}: ${why}`));
    });
    server.listen(address.port, address.host, () => resolve());
  });
  server.on('error', onError);
  const bound = server.address() as net.AddressInfo;
  return { server, address: { host: address.host, port: bound.port } };
}
