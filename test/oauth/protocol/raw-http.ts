// Raw HTTP over a real socket, for the loopback specs: full control of the request line and Host
// header, and the whole byte stream back so a test can count how many responses were sent.
import { connect } from 'node:net';

export interface RawResponse {
  readonly text: string;
  /** Status codes of every response in the stream, in order. */
  readonly statuses: ReadonlyArray<number>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function rawHttp(port: number, request: string, host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const statuses = [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
      const split = text.indexOf('\r\n\r\n');
      const headerLines = (split === -1 ? text : text.slice(0, split)).split('\r\n').slice(1);
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ text, statuses, headers, body: split === -1 ? '' : text.slice(split + 4) });
    });
    socket.write(request);
  });
}

export function get(port: number, target: string, hostHeader = `127.0.0.1:${port}`, method = 'GET', connectHost = '127.0.0.1'): Promise<RawResponse> {
  return rawHttp(port, `${method} ${target} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`, connectHost);
}

/** Resolves with the socket error code, or 'connected' when something accepted the connection. */
export function tryConnect(port: number, host = '127.0.0.1'): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}
