// The app keeps the audit chain's head in the OS keychain too, outside the vault folder: restoring
// an old copy of the whole folder (database and sidecar anchor together) must fail verification
// as a rollback, which the sidecar alone cannot see (main/app/index.ts wires the same factory).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainAnchorStore } from '../../main/audit/anchor-store';
import { FakeKeychain } from '../vault/fake-keychain';
import { PASSPHRASE, tempVaultDir, testApi, valueOf } from '../app/helpers';

describe('the keychain audit anchor of the desktop wiring', () => {
  it('catches a restored copy of the whole vault folder that the sidecar alone would pass', async () => {
    const dir = tempVaultDir();
    const outside = mkdtempSync(join(tmpdir(), 'fivex-anchor-'));
    const keychain = new FakeKeychain();
    const anchorFile = (id: string): string => join(outside, 'audit-anchors', `${id}.anchor`);
    const api = testApi(dir, { auditAnchors: (vault) => [new KeychainAnchorStore(keychain, anchorFile(vault.id))] });
    try {
      valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
      valueOf(await api.call('tenants:add', { name: 'Acme Foods' }));
      const vaultId = api.session.services().vault.id;
      // Anchors are written in the background, one write at a time; this waits for them.
      await api.session.services().audit.flushAnchors();
      expect(existsSync(anchorFile(vaultId))).toBe(true);
      expect((await api.session.services().audit.verify()).ok).toBe(true);
      valueOf(await api.call('vault:lock'));

      const oldCopy = join(outside, 'old-copy');
      cpSync(dir, oldCopy, { recursive: true });

      valueOf(await api.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false }));
      valueOf(await api.call('tenants:add', { name: 'Globex' }));
      expect((await api.session.services().audit.verify()).ok).toBe(true);
      valueOf(await api.call('vault:lock'));

      // The whole folder, sidecar anchor included, goes back to the old copy.
      rmSync(dir, { recursive: true, force: true });
      cpSync(oldCopy, dir, { recursive: true });

      valueOf(await api.call('vault:unlock', { passphrase: PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false }));
      const verdict = await api.session.services().audit.verify();
      expect(verdict.ok).toBe(false);
      expect(verdict).toMatchObject({ ok: false, reason: 'rolled_back' });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
