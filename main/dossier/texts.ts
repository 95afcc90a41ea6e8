// The client access dossier's words, in English and Spanish: headings, field labels, the purposes
// of scopes in plain words, the states, and the sentences on revoking and re-authenticating. The
// model (model.ts) picks one language; the HTML (html.ts) only lays these out.
import type { Purpose } from '../../connectors/types';
import type { ConnectionState } from '../repos/connections';
import type { Lang } from '../health/reasons';

export type { Lang } from '../health/reasons';
export const DOSSIER_LANGS: ReadonlyArray<Lang> = ['en', 'es'];

export type ScopePurpose = 'base' | Purpose | 'other';

export interface DossierTexts {
  readonly title: string;
  readonly intro: string;
  readonly client: string;
  readonly generatedAt: string;
  readonly vault: string;
  readonly auditHead: string;
  readonly auditIntact: (events: number, head: string) => string;
  readonly auditBroken: (reason: string, events: number) => string;
  readonly auditHint: string;
  readonly accounts: (n: number) => string;
  readonly noAccounts: string;
  readonly marketplace: string;
  readonly account: string;
  readonly region: string;
  readonly owner: string;
  readonly consentDate: string;
  readonly renewBy: string;
  readonly nothingForcesRenewal: string;
  readonly state: string;
  readonly scopes: string;
  readonly scopesGranted: string;
  readonly scopesRequested: string;
  readonly scopesUnknown: string;
  readonly purposeIncomplete: string;
  readonly howToRevoke: string;
  readonly stops: string;
  readonly remains: string;
  readonly marketplaceSide: string;
  readonly revokeCommand: (id: string) => string;
  readonly alreadyRevoked: (at: string | null, remote: string) => string;
  readonly howToReauthenticate: string;
  readonly reconnectCommand: (id: string) => string;
  readonly whoCanReconnect: string;
  readonly sellerPart: string;
  readonly agencyAdmins: string;
  readonly ownerRole: string;
  readonly adminRole: string;
  readonly connectionId: string;
  readonly purposes: Readonly<Record<ScopePurpose, string>>;
  readonly states: Readonly<Record<ConnectionState, string>>;
  readonly paused: string;
  readonly remote: Readonly<Record<'done' | 'pending' | 'unsupported', string>>;
  readonly footer: string;
}

export const DOSSIER_TEXTS: Readonly<Record<Lang, DossierTexts>> = {
  en: {
    title: 'Client access dossier',
    intro: 'Every marketplace account this agency can reach for the client below, what it may do there, and how access is withdrawn or renewed.',
    client: 'Client',
    generatedAt: 'Generated',
    vault: 'Vault',
    auditHead: 'Audit chain',
    auditIntact: (events, head) => `intact, ${events} events, head ${head}`,
    auditBroken: (reason, events) => `FAILS VERIFICATION (${reason}), ${events} events`,
    auditHint: 'Compare with `fivex-connect audit verify`; this export is recorded in the audit log as a dossier.export event that names this head.',
    accounts: (n) => (n === 1 ? '1 marketplace account' : `${n} marketplace accounts`),
    noAccounts: 'This client has no marketplace accounts connected.',
    marketplace: 'Marketplace',
    account: 'Account',
    region: 'Region',
    owner: 'Owner',
    consentDate: 'Consent given',
    renewBy: 'Renew by',
    nothingForcesRenewal: 'none; nothing forces a renewal',
    state: 'Current state',
    scopes: 'What the agency may do',
    scopesGranted: 'Permissions the marketplace granted:',
    scopesRequested: 'The marketplace does not say what it granted; permissions requested:',
    scopesUnknown: 'Not recorded (the access was imported, or the marketplace gives no permission list).',
    purposeIncomplete: 'not every permission this needs was granted',
    howToRevoke: 'How to revoke',
    stops: 'What stops',
    remains: 'What remains',
    marketplaceSide: 'On the marketplace, the seller can also remove it',
    revokeCommand: (id) => `Preview with \`fivex-connect revoke ${id} --dry-run\`, then \`fivex-connect revoke ${id} --yes\`, or use Revoke on the connection in the app.`,
    alreadyRevoked: (at, remote) => `Already revoked${at === null ? '' : ` on ${at}`}; ${remote}`,
    howToReauthenticate: 'How to re-authenticate',
    reconnectCommand: (id) => `\`fivex-connect reconnect ${id}\`, or Reconnect on the connection in the app; the same connection comes back active.`,
    whoCanReconnect: 'Who can start it',
    sellerPart: "The seller's part",
    agencyAdmins: 'Agency admins',
    ownerRole: 'owner',
    adminRole: 'admin',
    connectionId: 'Connection id',
    purposes: {
      base: 'Identify the account and keep the access renewed',
      reporting: 'Read orders and sales reports',
      finance: 'Read payouts, fees and financial statements',
      advertising: 'Manage advertising campaigns',
      listings: 'Read and change product listings',
      other: 'Other permissions',
    },
    states: {
      active: 'Working',
      degraded: 'Working, with problems',
      needs_consent: "Waiting for the seller's renewed consent",
      disconnected: 'Disconnected (revoked)',
    },
    paused: 'paused',
    remote: {
      done: 'the marketplace confirmed the revocation.',
      pending: 'the marketplace has not confirmed it yet; FiveX Connect keeps retrying.',
      unsupported: 'the marketplace cannot be asked to revoke; the seller removes the app there.',
    },
    footer: 'No token, code or secret is part of this document. Keep it like any other client record.',
  },
  es: {
    title: 'Expediente de accesos del cliente',
    intro: 'Todas las cuentas de marketplace a las que esta agencia accede en nombre del cliente, qué puede hacer en cada una y cómo se retira o se renueva el acceso.',
    client: 'Cliente',
    generatedAt: 'Generado',
    vault: 'Almacén',
    auditHead: 'Cadena de auditoría',
    auditIntact: (events, head) => `íntegra, ${events} eventos, último hash ${head}`,
    auditBroken: (reason, events) => `NO SUPERA LA VERIFICACIÓN (${reason}), ${events} eventos`,
    auditHint: 'Compárelo con `fivex-connect audit verify`; esta exportación queda registrada en la auditoría como un evento dossier.export que cita este hash.',
    accounts: (n) => (n === 1 ? '1 cuenta de marketplace' : `${n} cuentas de marketplace`),
    noAccounts: 'Este cliente no tiene cuentas de marketplace conectadas.',
    marketplace: 'Marketplace',
    account: 'Cuenta',
    region: 'Región',
    owner: 'Responsable',
    consentDate: 'Consentimiento otorgado',
    renewBy: 'Fecha límite de renovación',
    nothingForcesRenewal: 'ninguna; nada obliga a renovar',
    state: 'Estado actual',
    scopes: 'Qué puede hacer la agencia',
    scopesGranted: 'Permisos que otorgó el marketplace:',
    scopesRequested: 'El marketplace no indica qué otorgó; permisos solicitados:',
    scopesUnknown: 'Sin registro (el acceso se importó, o el marketplace no da la lista de permisos).',
    purposeIncomplete: 'no se otorgaron todos los permisos que hacen falta',
    howToRevoke: 'Cómo revocar',
    stops: 'Qué se detiene',
    remains: 'Qué se conserva',
    marketplaceSide: 'En el marketplace, el vendedor también puede quitarla',
    revokeCommand: (id) => `Revise el efecto con \`fivex-connect revoke ${id} --dry-run\` y después ejecute \`fivex-connect revoke ${id} --yes\`, o use Revocar en la conexión dentro de la aplicación.`,
    alreadyRevoked: (at, remote) => `Ya está revocada${at === null ? '' : ` desde el ${at}`}; ${remote}`,
    howToReauthenticate: 'Cómo volver a autorizar',
    reconnectCommand: (id) => `\`fivex-connect reconnect ${id}\`, o Reconectar en la conexión dentro de la aplicación; la misma conexión vuelve a quedar activa.`,
    whoCanReconnect: 'Quién puede iniciarlo',
    sellerPart: 'Lo que hace el vendedor',
    agencyAdmins: 'Los administradores de la agencia',
    ownerRole: 'responsable',
    adminRole: 'administrador',
    connectionId: 'Id de la conexión',
    purposes: {
      base: 'Identificar la cuenta y mantener el acceso renovado',
      reporting: 'Consultar pedidos e informes de ventas',
      finance: 'Consultar liquidaciones, comisiones y estados financieros',
      advertising: 'Gestionar campañas de publicidad',
      listings: 'Consultar y modificar publicaciones de productos',
      other: 'Otros permisos',
    },
    states: {
      active: 'Funciona',
      degraded: 'Funciona, con problemas',
      needs_consent: 'Pendiente de que el vendedor renueve el consentimiento',
      disconnected: 'Desconectada (revocada)',
    },
    paused: 'en pausa',
    remote: {
      done: 'el marketplace confirmó la revocación.',
      pending: 'el marketplace todavía no la confirmó; FiveX Connect sigue reintentando.',
      unsupported: 'no se le puede pedir al marketplace que revoque; el vendedor quita la aplicación allí.',
    },
    footer: 'Este documento no contiene tokens, códigos ni secretos. Guárdelo como cualquier otro registro del cliente.',
  },
};

/** A date for people: the day only (times are in the JSON model). */
export function dayOf(iso: string | null): string | null {
  return iso === null ? null : iso.slice(0, 10);
}
