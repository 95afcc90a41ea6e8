// session:permissions, what the page hides or disables by: for each role, exactly the actions of
// the contract's table (./permission-table.ts, not main's matrix) that role may take; everything
// for the OS user in a vault without operators; null before anyone signs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopApi } from '../../main/desktop/api';
import { TEST_PASSPHRASE } from '../support/cli';
import { ALLOWED, type TestAction } from './permission-table';
import { desktopOn, makeWorld, nameOf, PIN, ROLES, type World } from './support';

let w: World;
let api: DesktopApi;

beforeAll(async () => {
  w = await makeWorld();
  api = desktopOn(w);
  const unlocked = await api.call('vault:unlock', { passphrase: TEST_PASSPHRASE, rememberOnThisDevice: false, acceptInsecureKeychain: false });
  expect(unlocked.ok).toBe(true);
}, 120_000);
afterAll(async () => {
  await api.close();
  w.cleanup();
});

describe('session:permissions', () => {
  it('is null until an operator signs in', async () => {
    expect(await api.dispatch('session:permissions', undefined)).toEqual({ ok: true, value: null });
  });

  for (const role of ROLES) {
    it(`lists what ${role} may do, as the contract's table says`, async () => {
      expect(await api.dispatch('session:signIn', { name: nameOf(role), pin: PIN })).toMatchObject({ ok: true });
      const reply = await api.dispatch('session:permissions', undefined);
      expect(reply.ok).toBe(true);
      const allowed = new Set((reply.ok ? (reply.value as { allowed: string[] }) : { allowed: [] }).allowed);
      for (const [action, by] of Object.entries(ALLOWED) as Array<[TestAction, Record<string, boolean>]>) {
        expect(allowed.has(action), `${role} ${action}`).toBe(by[role]);
      }
      expect(reply).toMatchObject({ value: { role } });
    });
  }
});
