// A TCP proxy in front of an authorization server that can lose answers (security.md T24): it
// forwards each request byte for byte and, while `dropAnswers` > 0, destroys the client's socket
// the moment the AS's answer starts to arrive. The AS has then fully acted on the request (a
// rotating AS has rotated the refresh token) and the client never learns the result, exactly as a
// connection dropped on the way back would look. It records the refresh tokens requests carried.
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface LossyProxy {
  /** http://127.0.0.1:PORT, to put in place of the AS's origin. */
  readonly origin: string;
  /** dropAnswers: answers still to lose; dropped: answers lost; refreshTokens: the refresh_token of each request, in order. */
  readonly state: { dropAnswers: number; dropped: number; refreshTokens: string[] };
  close(): Promise<void>;
}

export async function startLossyProxy(targetOrigin: string): Promise<LossyProxy> {
  const target = new URL(targetOrigin);
  const state = { dropAnswers: 0, dropped: 0, refreshTokens: [] as string[] };
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined); // a destroyed peer is the point of this proxy
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    track(client);
    track(upstream);
    // HTTP/1.1 without pipelining: a request is sent whole before its answer starts.
    let request = '';
    let awaitingAnswer = false;
    client.on('data', (chunk: Buffer) => {
      request += chunk.toString('latin1');
      awaitingAnswer = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (awaitingAnswer) {
        awaitingAnswer = false;
        for (const m of request.matchAll(/[&\n]refresh_token=([^&\r\n]+)/g)) state.refreshTokens.push(decodeURIComponent(m[1]!.replace(/\+/g, ' ')));
        request = '';
        if (state.dropAnswers > 0) {
          state.dropAnswers--;
          state.dropped++;
          client.destroy();
          upstream.destroy();
          return;
        }
      }
      if (!client.destroyed) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
