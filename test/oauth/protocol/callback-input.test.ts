// The edge parser: each way an authorization response reaches the app becomes one typed
// CallbackInput, with the state's hash for routing only when exactly one well-formed state is there.
import { describe, expect, it } from 'vitest';
import { callbackFromDeepLink, callbackFromLoopback, callbackFromPaste, createState, encodeCompletionCode, hashState } from '../../../main/oauth/protocol';

describe('callback input (parsed once, at the edge)', () => {
  const state = createState();

  it('reads a deep link, a loopback hit and a pasted completion code into the same shape', () => {
    const link = callbackFromDeepLink(`fivex-connect://oauth/callback?code=abc&state=${state}`);
    expect(link).toEqual({ ok: true, channel: 'deeplink', raw: { query: [['code', 'abc'], ['state', state]], fragment: [], via: 'fivex-connect://oauth/callback' }, stateHash: hashState(state) });
    const hit = callbackFromLoopback(new URL(`http://127.0.0.1:5000/oauth/callback?code=abc&state=${state}`), 'http://127.0.0.1:5000/oauth/callback');
    expect(hit).toMatchObject({ ok: true, channel: 'loopback', raw: { via: 'http://127.0.0.1:5000/oauth/callback' }, stateHash: hashState(state) });
    const code = callbackFromPaste(encodeCompletionCode([['code', 'abc'], ['state', state], ['fxc_relay', 'https://agency.example/relay']]));
    expect(code).toMatchObject({ ok: true, channel: 'paste', raw: { query: [['code', 'abc'], ['state', state]], via: 'https://agency.example/relay' }, stateHash: hashState(state) });
  });

  it('routes nothing for a missing, repeated or malformed state, but leaves the refusal to the attempt', () => {
    for (const q of ['code=abc', `code=abc&state=${state}&state=${state}`, 'code=abc&state=short']) {
      expect(callbackFromDeepLink(`fivex-connect://oauth/callback?${q}`)).toMatchObject({ ok: true, stateHash: null });
    }
  });

  it('refuses what is not a callback, with the channel and a reason code', () => {
    expect(callbackFromDeepLink('fivex-connect://open?next=https://evil.example')).toMatchObject({ ok: false, channel: 'deeplink', reason: 'not_a_callback' });
    expect(callbackFromPaste('thanks, done!')).toMatchObject({ ok: false, channel: 'paste', reason: 'not_a_callback' });
    expect(callbackFromPaste(`http://evil.example/cb?code=a&state=${state}`)).toMatchObject({ ok: false, channel: 'paste', reason: 'not_a_callback' });
  });
});
