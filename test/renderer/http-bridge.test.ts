// The preview's HTTP bridge: event-stream parsing, the token taken once from the fragment, and
// invoke requests carrying the token header and JSON body.
import { describe, expect, it, vi } from 'vitest';
import { PREVIEW_TOKEN_HEADER } from '../../preload/contract';
import { createHttpTransport, parseEventStream, takePreviewToken } from '../../renderer/src/bridge/http-bridge';

const TOKEN = 'AbCdEfGhIjKlMnOpQrStUv0123456789_-';

describe('event stream parsing', () => {
  it('returns complete messages and keeps the incomplete rest', () => {
    const { messages, rest } = parseEventStream('event: vault:changed\ndata: {"state":"locked"}\n\n: ping\n\nevent: connections:changed\ndata: {"ten');
    expect(messages).toEqual([{ event: 'vault:changed', data: '{"state":"locked"}' }]);
    expect(rest).toBe('event: connections:changed\ndata: {"ten');
  });
});

describe('preview token', () => {
  function memoryStorage(): Storage {
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      clear: () => map.clear(),
      getItem: (k) => map.get(k) ?? null,
      key: () => null,
      removeItem: (k) => void map.delete(k),
      setItem: (k, v) => void map.set(k, v),
    };
  }

  it('takes the token from the fragment once, stores it for the tab and wipes the fragment', () => {
    const storage = memoryStorage();
    const history = { replaceState: vi.fn() };
    expect(takePreviewToken({ hash: `#token=${TOKEN}`, pathname: '/', search: '' }, storage, history)).toBe(TOKEN);
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(takePreviewToken({ hash: '', pathname: '/', search: '' }, storage, history)).toBe(TOKEN);
  });

  it('refuses malformed tokens', () => {
    expect(takePreviewToken({ hash: '#token=<script>', pathname: '/', search: '' }, memoryStorage(), null)).toBeNull();
    expect(takePreviewToken({ hash: '', pathname: '/', search: '' }, memoryStorage(), null)).toBeNull();
  });
});

describe('http transport', () => {
  it('POSTs the channel with the token header and its one argument, and returns the reply', async () => {
    const fetch = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(new Response(JSON.stringify({ ok: true, value: { id: 't', name: 'Acme', connections: 0 } }))));
    const transport = createHttpTransport({ token: TOKEN, fetch: fetch as unknown as typeof globalThis.fetch });
    const reply = await transport.invoke('tenants:add', { name: 'Acme' });
    expect(reply).toEqual({ ok: true, value: { id: 't', name: 'Acme', connections: 0 } });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/invoke/tenants:add');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)[PREVIEW_TOKEN_HEADER]).toBe(TOKEN);
    expect(JSON.parse(init?.body as string)).toEqual({ args: { name: 'Acme' } });
  });

  it('turns HTTP failures into an internal error reply instead of throwing', async () => {
    const refused = createHttpTransport({ token: TOKEN, fetch: () => Promise.resolve(new Response('no', { status: 403 })) });
    expect(await refused.invoke('vault:status')).toEqual({ ok: false, error: { code: 'internal', message: 'The preview server answered 403.' } });
    const down = createHttpTransport({ token: TOKEN, fetch: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await down.invoke('vault:status')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
