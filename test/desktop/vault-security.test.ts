// Settings → vault security (preload/security-channels.ts) and the unlock path through the desktop
// API on real vaults: the keychain backend and slots; changing the recovery passphrase (wrong old
// one refused, the new one unlocks, the old one no longer does, connections untouched); a vault
// copied to a new machine, opened with its recovery passphrase, gets this machine's keychain slot
// and then opens by itself, with no client consenting again; and unlocking at the real scrypt cost
// (and creating) leave the event loop free (the derivation runs on the thread pool, not the main thread).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDesktopApi } from '../../main/desktop/api';
import type { DesktopApi } from '../../main/desktop/api';
import { NO_LAUNCH_AT_LOGIN } from '../../main/desktop/types';
import type { KeychainProtector } from '../../main/vault/types';
import { FakeKeychain } from '../vault/fake-keychain';
import { valueOf } from './desk';

const PASSPHRASE = 'correct horse battery';
const NEW_PASSPHRASE = 'a brand new recovery phrase';
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  // In order, each awaited: an api closes its vault (and levels its audit anchors) before its folder goes.
  for (const c of cleanups.splice(0).reverse()) await c();
});

function desk(vaultDir: string, keychain: KeychainProtector | null, scrypt: { N: number; r: number; p: number } | 'default' = { N: 2 ** 10, r: 8, p: 1 }): DesktopApi {
  const api = createDesktopApi({
    vaultDir,
    keychain,
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor: 'os:tester',
    mode: 'desktop',
    version: '0.0.0-test',
    ...(scrypt === 'default' ? {} : { scrypt }),
    log: () => undefined,
    browser: { kind: 'system', open: () => Promise.resolve() },
  });
  cleanups.push(() => api.close());
  return api;
}

function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'fivex-vault-security-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

describe('vault security in Settings', () => {
  it('shows the keychain backend and slots, and changes the recovery passphrase', async () => {
    const dir = join(tempRoot(), 'vault');
    const api = desk(dir, new FakeKeychain('gnome_libsecret'));
    valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const tenant = valueOf(await api.call('tenants:add', { name: 'Kept Client' }));
    const info = valueOf(await api.call('security:get'));
    expect(info).toMatchObject({ keychain: { backend: 'gnome_libsecret', available: true, secure: true }, rememberedHere: true, minPassphraseLength: 8 });
    expect(info.slots.map((s) => s.kind).sort()).toEqual(['keychain', 'passphrase']);

    expect(await api.call('security:changePassphrase', { oldPassphrase: 'not the passphrase', newPassphrase: NEW_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
    expect(await api.call('security:changePassphrase', { oldPassphrase: PASSPHRASE, newPassphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_passphrase' } });
    valueOf(await api.call('security:changePassphrase', { oldPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE }));

    valueOf(await api.call('vault:lock'));
    expect(await api.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false })).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
    valueOf(await api.call('vault:unlock', { passphrase: NEW_PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false }));
    expect(valueOf(await api.call('tenants:list')).map((t) => t.id)).toEqual([tenant.id]);
    const audit = api.session.services().audit.list({}).filter((e) => e.action === 'vault.passphrase.change');
    expect(audit.map((e) => e.outcome)).toEqual(['failed', 'failed', 'ok']);
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSPHRASE);
  });

  it('a vault copied to a new machine opens with the recovery passphrase, gets this machine’s keychain slot, then opens by itself', async () => {
    const root = tempRoot();
    const old = desk(join(root, 'old'), new FakeKeychain('gnome_libsecret'));
    valueOf(await old.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    const tenant = valueOf(await old.call('tenants:add', { name: 'Moved Client' }));
    await old.close();
    cpSync(join(root, 'old'), join(root, 'new'), { recursive: true });

    // Same backend name, another machine's key: the copied slot does not open here.
    const here = new FakeKeychain('gnome_libsecret');
    const api = desk(join(root, 'new'), here);
    expect(await api.session.tryKeychainUnlock()).toMatchObject({ state: 'locked', keychainProblem: 'keychain_changed' });
    valueOf(await api.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false }));
    expect(valueOf(await api.call('security:get'))).toMatchObject({ unlockedWith: 'passphrase', rememberedHere: false });

    const after = valueOf(await api.call('security:rememberHere', { acceptInsecureKeychain: false }));
    expect(after.rememberedHere).toBe(true);
    expect(after.slots.filter((s) => s.kind === 'keychain')).toHaveLength(2);
    valueOf(await api.call('vault:lock'));
    expect(await api.session.tryKeychainUnlock()).toMatchObject({ state: 'unlocked', unlockedWith: 'keychain' });
    expect(valueOf(await api.call('tenants:list')).map((t) => t.id)).toEqual([tenant.id]);
  });

  it('refuses to remember the vault without a keychain, or in an insecure one without the explicit accept', async () => {
    const root = tempRoot();
    const none = desk(join(root, 'a'), null);
    valueOf(await none.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    expect(await none.call('security:rememberHere', { acceptInsecureKeychain: false })).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
    const basic = desk(join(root, 'b'), new FakeKeychain('basic_text'));
    valueOf(await basic.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
    expect(await basic.call('security:rememberHere', { acceptInsecureKeychain: false })).toMatchObject({ ok: false, error: { code: 'keychain_insecure' } });
    expect(valueOf(await basic.call('security:rememberHere', { acceptInsecureKeychain: true })).rememberedHere).toBe(true);
  });

  it('creating and unlocking at the real scrypt cost never block the event loop', async () => {
    const dir = join(tempRoot(), 'vault');
    const api = desk(dir, null, 'default');
    /** A timer every 5 ms stands in for the window's IPC: it must keep firing while scrypt runs. */
    const measure = async <T>(run: () => Promise<T>): Promise<{ value: T; took: number; ticks: number; longestGap: number }> => {
      let ticks = 0;
      let longestGap = 0;
      let last = performance.now();
      const timer = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
        ticks += 1;
      }, 5);
      const started = performance.now();
      const value = await run();
      const took = performance.now() - started;
      clearInterval(timer);
      return { value, took, ticks, longestGap };
    };
    for (const step of [
      () => api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }),
      async () => {
        valueOf(await api.call('vault:lock'));
        return api.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false });
      },
    ]) {
      const { value, took, ticks, longestGap } = await measure(step);
      expect(valueOf(value).state).toBe('unlocked');
      // N=2^17 takes well over 80 ms; the loop kept turning throughout.
      expect(took).toBeGreaterThan(80);
      expect(ticks).toBeGreaterThan(took / 5 / 4);
      expect(longestGap).toBeLessThan(Math.max(60, took / 2));
    }
  });
});
