// The row actions and the revoke flow as pure data, without React: which buttons a row offers per
// state, the preview → confirm → revoking → outcome steps (nothing revoked without a confirmation,
// stale replies dropped), and how each remote outcome is worded; plus the store driving them over
// the fake bridge.
import { describe, expect, it } from 'vitest';
import { createFivexApi } from '../../preload/api';
import type { RevocationPreviewDto, RevokeConnectionResult } from '../../preload/contract';
import {
  outcomeView,
  revokeClosed,
  revokeConfirmed,
  revokeFinished,
  revokePreviewed,
  revokeRequested,
  rowActions,
} from '../../renderer/src/state/connection-actions-model';
import type { RevokeFlow, RevokeTarget } from '../../renderer/src/state/connection-actions-model';
import { createWorkspaceStore } from '../../renderer/src/state/workspace-store';
import { CONNECTOR, FakeTransport, connection } from './fake-transport';

const target: RevokeTarget = { connectionId: 'con_1', tenantId: 'ten_a', marketplace: 'TestMart', account: 'Main shop' };
const impact: RevocationPreviewDto['impact'] = {
  en: { stops: ['stops'], remains: ['remains'], canReconnect: ['the seller'] },
  es: { stops: ['se detiene'], remains: ['se conserva'], canReconnect: ['el vendedor'] },
};
const preview = { ok: true as const, value: { connectionId: 'con_1', impact } };
const revoked = (outcome: RevokeConnectionResult['outcome']) => ({ ok: true as const, value: { connection: connection({ state: 'disconnected' }), outcome } });

describe('row actions', () => {
  it('offers Reconnect where consent is missing or broken, Pause or Resume and Revoke until revoked', () => {
    expect(rowActions({ state: 'active', paused: false })).toEqual(['pause', 'revoke']);
    expect(rowActions({ state: 'active', paused: true })).toEqual(['resume', 'revoke']);
    expect(rowActions({ state: 'degraded', paused: false })).toEqual(['reconnect', 'pause', 'revoke']);
    expect(rowActions({ state: 'needs_consent', paused: true })).toEqual(['reconnect', 'resume', 'revoke']);
    expect(rowActions({ state: 'disconnected', paused: false })).toEqual(['reconnect']);
  });
});

describe('the revoke flow', () => {
  it('goes preview → confirm → revoking → done, and revokes nothing before the confirmation', () => {
    const loading = revokeRequested(null, target);
    expect(loading).toEqual({ step: 'loading', target });
    // Confirming before the preview is shown does nothing.
    expect(revokeConfirmed(loading)).toBe(loading);
    const confirm = revokePreviewed(loading, 'con_1', preview);
    expect(confirm).toEqual({ step: 'confirm', target, impact });
    const revoking = revokeConfirmed(confirm);
    expect(revoking).toEqual({ step: 'revoking', target, impact });
    expect(revokeFinished(revoking, 'con_1', revoked({ remote: 'done' }))).toEqual({ step: 'done', target, outcome: { remote: 'done' } });
  });

  it('drops replies for another connection or another step, and says why a step failed', () => {
    const loading = revokeRequested(null, target);
    expect(revokePreviewed(loading, 'con_2', preview)).toBe(loading);
    expect(revokeFinished(loading, 'con_1', revoked({ remote: 'done' }))).toBe(loading);
    const error = { code: 'unknown_connection' as const, message: 'gone' };
    expect(revokePreviewed(loading, 'con_1', { ok: false, error })).toEqual({ step: 'failed', target, error });
    const revoking = revokeConfirmed(revokePreviewed(loading, 'con_1', preview));
    expect(revokeFinished(revoking, 'con_1', { ok: false, error })).toEqual({ step: 'failed', target, error });
  });

  it('closes on Cancel or Close, except while main is revoking; a second Revoke… waits for the first', () => {
    const confirm = revokePreviewed(revokeRequested(null, target), 'con_1', preview);
    expect(revokeClosed(confirm)).toBeNull();
    const revoking = revokeConfirmed(confirm);
    expect(revokeClosed(revoking)).toBe(revoking);
    const other: RevokeTarget = { ...target, connectionId: 'con_2' };
    expect(revokeRequested(revoking, other)).toBe(revoking);
    const done: RevokeFlow = { step: 'done', target, outcome: { remote: 'done' } };
    expect(revokeRequested(done, other)).toEqual({ step: 'loading', target: other });
  });

  it('words each remote outcome, with the marketplace\'s removal steps in the UI language', () => {
    const removeApp = { en: 'Seller Hub > Apps > Remove.', es: 'Seller Hub > Apps > Quitar.' };
    expect(outcomeView({ remote: 'done' }, 'en')).toEqual({ key: 'revoke.outcome.done', count: 0, steps: null });
    expect(outcomeView({ remote: 'unsupported', removeApp }, 'es')).toEqual({ key: 'revoke.outcome.unsupported', count: 0, steps: 'Seller Hub > Apps > Quitar.' });
    expect(outcomeView({ remote: 'unsupported', removeApp: null }, 'en').steps).toBeNull();
    expect(outcomeView({ remote: 'pending' }, 'en').key).toBe('revoke.outcome.pending');
    expect(outcomeView({ remote: 'shared', sharedWith: 2 }, 'en')).toEqual({ key: 'revoke.outcome.shared', count: 2, steps: null });
  });
});

describe('the workspace store', () => {
  function setup() {
    const transport = new FakeTransport();
    transport.model = {
      vault: 'unlocked',
      passphrase: null,
      tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 1 }],
      connections: [connection({ state: 'needs_consent' })],
      connectors: [{ ...CONNECTOR, consentAvailable: true, unavailableText: null }],
    };
    return { transport, store: createWorkspaceStore(createFivexApi(transport)) };
  }
  const channels = (transport: FakeTransport) => transport.calls.map((c) => c.channel).filter((c) => c.startsWith('connections:') && c !== 'connections:list');

  it('pauses and resumes a row and reloads the list', async () => {
    const { transport, store } = setup();
    await store.getState().actions.loadAll();
    await store.getState().actions.setPaused('con_1', true);
    expect(store.getState().connections).toMatchObject({ kind: 'ready', value: [{ id: 'con_1', paused: true }] });
    await store.getState().actions.setPaused('con_1', false);
    expect(store.getState().connections).toMatchObject({ kind: 'ready', value: [{ id: 'con_1', paused: false }] });
    expect(channels(transport)).toEqual(['connections:pause', 'connections:resume']);
    expect(store.getState().rowBusy).toBeNull();
  });

  it('reconnects through the same consent panel as Connect', async () => {
    const { transport, store } = setup();
    transport.reconnectReply = { status: 'link', sessionId: 'consent_9', expiresAt: '2026-11-27T10:10:00.000Z', acceptsPaste: false, authorizeUrl: 'http://127.0.0.1:4680/oauth/authorize?x=1' };
    await store.getState().actions.loadAll();
    await store.getState().actions.reconnect('con_1');
    expect(transport.calls.at(-1)).toEqual({ channel: 'connections:reconnect', args: [{ connectionId: 'con_1' }] });
    expect(store.getState().consent).toMatchObject({ sessionId: 'consent_9', connectorId: 'testmart', connectorName: 'TestMart', authorizeUrl: 'http://127.0.0.1:4680/oauth/authorize?x=1' });
    expect(store.getState().rowBusy).toBeNull();
  });

  it('shows the preview, revokes only after confirmRevoke, then shows the outcome and the disconnected row', async () => {
    const { transport, store } = setup();
    transport.revokeOutcome = { remote: 'pending' };
    await store.getState().actions.loadAll();
    await store.getState().actions.startRevoke('con_1');
    expect(store.getState().revoke).toMatchObject({ step: 'confirm', impact: transport.impact });
    expect(channels(transport)).toEqual(['connections:revokePreview']);
    store.getState().actions.closeRevoke();
    expect(store.getState().revoke).toBeNull();
    await store.getState().actions.confirmRevoke();
    expect(channels(transport)).toEqual(['connections:revokePreview']);

    await store.getState().actions.startRevoke('con_1');
    await store.getState().actions.confirmRevoke();
    expect(channels(transport)).toEqual(['connections:revokePreview', 'connections:revokePreview', 'connections:revoke']);
    expect(store.getState().revoke).toMatchObject({ step: 'done', outcome: { remote: 'pending' } });
    expect(store.getState().connections).toMatchObject({ kind: 'ready', value: [{ id: 'con_1', state: 'disconnected' }] });
  });
});
