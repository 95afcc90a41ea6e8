// Support texts for the demo marketplace: the same plain words a real marketplace gets, with the
// demo's knobs named so a new user knows how to make each situation happen.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const demoTexts: SupportTexts = buildSupportTexts('the demo marketplace', {
  connect: {
    en: 'The demo marketplace runs on this computer. Its page asks you to Approve or Decline access for the app; no account or password is needed.',
    es: 'El marketplace de demostración funciona en este equipo. Su página le pide Aprobar o Rechazar el acceso de la app; no hace falta cuenta ni contraseña.',
  },
  revokeStops: {
    en: 'FiveX Connect revokes the tokens at the demo marketplace (RFC 7009) and deletes them; refreshes and health checks stop.',
    es: 'FiveX Connect revoca los tokens en el marketplace de demostración (RFC 7009) y los borra; se detienen las renovaciones y las comprobaciones.',
  },
  dataRemains: {
    en: 'The demo keeps no seller data; the audit log of what happened stays in the vault.',
    es: 'La demostración no guarda datos de vendedores; el registro de auditoría de lo ocurrido queda en la bóveda.',
  },
  reauthorize: {
    en: 'Use Reconnect and press Approve again on the demo page.',
    es: 'Use Reconectar y pulse Aprobar otra vez en la página de demostración.',
  },
  removeApp: {
    en: 'To play a seller removing the app, send POST /demo/revoke-all to the demo marketplace: the next refresh fails with invalid_grant.',
    es: 'Para simular que el vendedor quita la app, envíe POST /demo/revoke-all al marketplace de demostración: la siguiente renovación falla con invalid_grant.',
  },
  reasons: {
    server_error: {
      en: 'The demo marketplace is in a simulated outage (POST /demo/outage?seconds=N). FiveX Connect retries by itself after the time it was told.',
      es: 'El marketplace de demostración está en una caída simulada (POST /demo/outage?seconds=N). FiveX Connect reintenta solo tras el tiempo indicado.',
    },
  },
});
