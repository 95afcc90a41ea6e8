import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackHttpUrl, isLoopbackIp, isLoopbackRedirectHost, isLoopbackUrl } from '../../lib/net/loopback';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.5.6.7', '127.255.255.255', '::1', '[::1]', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['128.0.0.1', '10.0.0.1', '0.0.0.0', '::', '[::2]', '::ffff:127.0.0.1', 'localhost.evil.example', 'evil.example', '127.0.0.1.nip.io', ''])(
    '%s is not loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('isLoopbackIp', () => {
  it('takes IP literals only, never a name', () => {
    expect(isLoopbackIp('127.0.0.1')).toBe(true);
    expect(isLoopbackIp('::1')).toBe(true);
    expect(isLoopbackIp('[::1]')).toBe(true);
    expect(isLoopbackIp('localhost')).toBe(false);
  });
});

describe('isLoopbackRedirectHost', () => {
  it('accepts the three spellings the receiver binds, as URL.hostname gives them', () => {
    for (const host of ['127.0.0.1', '[::1]', 'localhost']) expect(isLoopbackRedirectHost(host)).toBe(true);
    for (const host of ['127.0.0.2', '::1', 'LOCALHOST']) expect(isLoopbackRedirectHost(host)).toBe(false);
  });
});

describe('isLoopbackUrl / isLoopbackHttpUrl', () => {
  it('reads the host the URL parser sees, so userinfo tricks do not count', () => {
    expect(isLoopbackUrl('http://127.0.0.1:4680/authorize')).toBe(true);
    expect(isLoopbackUrl('https://localhost/x')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1@evil.example/')).toBe(false);
    expect(isLoopbackUrl('http://[::1]:9/')).toBe(true);
    expect(isLoopbackUrl('http://127.1/')).toBe(true);
    expect(isLoopbackUrl('not a url')).toBe(false);
  });

  it('plain http only on loopback', () => {
    expect(isLoopbackHttpUrl(new URL('http://localhost:3000/token'))).toBe(true);
    expect(isLoopbackHttpUrl('http://[::1]/cb')).toBe(true);
    expect(isLoopbackHttpUrl('https://127.0.0.1/cb')).toBe(false);
    expect(isLoopbackHttpUrl('http://example.com/cb')).toBe(false);
    expect(isLoopbackHttpUrl('fivex-connect://oauth/callback')).toBe(false);
  });
});
