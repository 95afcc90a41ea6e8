// The preload API over fetch, for the browser preview only (main/preview/server.ts): the same
// verbs (preload/api.ts) over a transport that POSTs each channel to its JSON endpoint with the
// per-run token, and reads events from a streamed text/event-stream. The token arrives once in
// the URL fragment, moves to sessionStorage, and the fragment is wiped from the address bar.
import { createFivexApi } from '../../../preload/api';
import { PREVIEW_EVENTS_PATH, PREVIEW_INVOKE_PATH, PREVIEW_TOKEN_HEADER } from '../../../preload/contract';
import type { BridgeTransport, EventChannel, EventPayload, InvokeChannel, InvokeParams, InvokeReply } from '../../../preload/contract';
import type { FivexApi } from './fivex-api';

const TOKEN_KEY = 'fivex.previewToken';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export interface HttpTransportOptions {
  readonly token: string;
  readonly fetch?: typeof fetch;
  /** Delay before reconnecting the event stream after it ends or fails. */
  readonly retryMs?: number;
}

type AnyListener = (payload: unknown) => void;

/** Parses complete `event:`/`data:` blocks out of a buffer; returns the messages and the rest. */
export function parseEventStream(buffer: string): { readonly messages: ReadonlyArray<{ event: string; data: string }>; readonly rest: string } {
  const blocks = buffer.split('\n\n');
  const rest = blocks.pop() ?? '';
  const messages: Array<{ event: string; data: string }> = [];
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) messages.push({ event, data: data.join('\n') });
  }
  return { messages, rest };
}

export function createHttpTransport(opts: HttpTransportOptions): BridgeTransport {
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = { [PREVIEW_TOKEN_HEADER]: opts.token };
  const listeners = new Map<string, Set<AnyListener>>();
  let streaming = false;

  const dispatchEvent = (event: string, data: string): void => {
    const set = listeners.get(event);
    if (set === undefined) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const listener of set) listener(payload);
  };

  const stream = async (): Promise<void> => {
    try {
      const response = await doFetch(PREVIEW_EVENTS_PATH, { headers, cache: 'no-store' });
      if (!response.ok || response.body === null) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const parsed = parseEventStream(buffer + value);
        buffer = parsed.rest;
        for (const message of parsed.messages) dispatchEvent(message.event, message.data);
      }
    } catch {
      // The server went away; try again below.
    }
  };

  const keepStreaming = (): void => {
    if (streaming) return;
    streaming = true;
    void stream().finally(() => {
      streaming = false;
      if ([...listeners.values()].some((set) => set.size > 0)) setTimeout(keepStreaming, opts.retryMs ?? 2000);
    });
  };

  return {
    async invoke<C extends InvokeChannel>(channel: C, ...params: InvokeParams<C>): Promise<InvokeReply<C>> {
      try {
        const response = await doFetch(`${PREVIEW_INVOKE_PATH}${channel}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          // The channel's one argument; none is sent as a body without `args`.
          body: JSON.stringify({ args: params[0] }),
          cache: 'no-store',
        });
        if (!response.ok) return { ok: false, error: { code: 'internal', message: `The preview server answered ${response.status}.` } };
        return (await response.json()) as InvokeReply<C>;
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The preview server did not answer.' } };
      }
    },
    subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      const wrapped: AnyListener = (payload) => listener(payload as EventPayload<E>);
      set.add(wrapped);
      keepStreaming();
      return () => {
        set.delete(wrapped);
      };
    },
  };
}

/** Takes the token from `#token=…` once, remembers it for this tab, and cleans the address bar. */
export function takePreviewToken(location: Pick<Location, 'hash' | 'pathname' | 'search'>, storage: Storage | null, history: Pick<History, 'replaceState'> | null): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash !== null && TOKEN_PATTERN.test(fromHash)) {
    try {
      storage?.setItem(TOKEN_KEY, fromHash);
    } catch {
      // storage disabled: the token lives in memory for this page
    }
    history?.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  try {
    const stored = storage?.getItem(TOKEN_KEY) ?? null;
    return stored !== null && TOKEN_PATTERN.test(stored) ? stored : null;
  } catch {
    return null;
  }
}

export function createHttpBridge(token: string): FivexApi {
  return createFivexApi(createHttpTransport({ token }));
}
