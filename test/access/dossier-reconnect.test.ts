// The dossier's "who can reconnect" is read from the grants: admins, and the account managers and
// partners granted the tenant; never support, finance or auditor, never someone granted only
// another tenant. And a CLI sign-in that succeeds is on record like a failed one.
import { afterEach, expect, it } from 'vitest';
import { makeWorld, nameOf, type World } from './support';

let w: World | undefined;
afterEach(() => {
  w?.cleanup();
  w = undefined;
});

interface DossierJson {
  readonly connections: ReadonlyArray<{ readonly id: string; readonly reauthenticate: { readonly canReconnect: ReadonlyArray<{ name: string; role: string; kind: string }>; readonly canReconnectSource: string } }>;
}

it('names the operators whose role and grant let them reconnect', async () => {
  w = await makeWorld({ operators: true });
  const run = await w.run('admin', ['dossier', 'Tenant A', '--format', 'json', '--json']);
  expect(run.code, run.stderr).toBe(0);
  const doc = run.json<DossierJson>();
  const conn = doc.connections.find((c) => c.id === w!.conA);
  expect(conn?.reauthenticate.canReconnectSource).toBe('grants');
  expect(conn?.reauthenticate.canReconnect.map((p) => `${p.name}:${p.role}`).sort()).toEqual(
    [`${nameOf('account_manager')}:account_manager`, `${nameOf('admin')}:admin`, `${nameOf('partner')}:partner`].sort(),
  );
  // Tenant B is granted to nobody: only the admin may reconnect there.
  const b = (await w.run('admin', ['dossier', 'Tenant B', '--format', 'json', '--json'])).json<DossierJson>();
  expect(b.connections.find((c) => c.id === w!.conB)?.reauthenticate.canReconnect.map((p) => p.role)).toEqual(['admin']);
});

it('audits every CLI sign-in, the successful ones too, with the operator as actor', async () => {
  w = await makeWorld({ operators: true });
  const run = await w.run('support', ['connector', 'list', '--json']);
  expect(run.code, run.stderr).toBe(0);
  expect(w.lastAudit()).toMatchObject({ actor: nameOf('support'), action: 'operator.sign_in', outcome: 'ok' });
});
