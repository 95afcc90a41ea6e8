// Support texts for Etsy: the consent page, password changes that revoke everything, and the
// shared secret every call now needs.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const etsyTexts: SupportTexts = buildSupportTexts('Etsy', {
  connect: {
    en: 'The shop owner signs in to Etsy and clicks "Grant access" on the page that lists what the app may read or change (shop, listings, orders...).',
    es: 'La persona dueña de la tienda inicia sesión en Etsy y pulsa "Conceder acceso" en la página que enumera lo que la app puede leer o cambiar (tienda, anuncios, pedidos...).',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the tokens and stops refreshing and checking. Etsy has no remote cancel we can call: the seller should also remove the app in their Etsy account.',
    es: 'FiveX Connect borra los tokens y deja de renovar y comprobar. Etsy no ofrece una cancelación remota: el vendedor también debe quitar la app en su cuenta de Etsy.',
  },
  reauthorize: {
    en: 'Use Reconnect and the seller grants access again. Note: when the seller changes their Etsy password, Etsy cancels every app authorization, so they must reconnect after each password change.',
    es: 'Use Reconectar y el vendedor concede acceso otra vez. Nota: cuando el vendedor cambia su contraseña de Etsy, Etsy cancela todas las autorizaciones de apps, así que debe reconectar después de cada cambio de contraseña.',
  },
  removeApp: {
    en: 'Etsy → Your account → Settings → Security → Connected apps (Apps you have granted access) → Remove access.',
    es: 'Etsy → Tu cuenta → Configuración → Seguridad → Apps conectadas (Apps con acceso) → Quitar acceso.',
  },
  reasons: {
    invalid_grant: {
      en: 'Etsy no longer accepts this authorization ("refresh_token is revoked"): the seller removed the app or changed their Etsy password, which cancels every app. Who can fix it: the seller, with Reconnect.',
      es: 'Etsy ya no acepta esta autorización ("refresh_token is revoked"): el vendedor quitó la app o cambió su contraseña de Etsy, lo que cancela todas las apps. Quién lo resuelve: el vendedor, con Reconectar.',
    },
    shared_secret_missing: {
      en: 'Etsy requires the app\'s shared secret on every call (x-api-key "keystring:shared secret") and did not get it. Who can fix it: the agency admin saves the app\'s shared secret as the client secret with app set etsy --client-secret-env VAR. Sellers do nothing.',
      es: 'Etsy exige el secreto compartido de la app en cada llamada (x-api-key "keystring:secreto compartido") y no lo recibió. Quién lo resuelve: el administrador de la agencia guarda el secreto compartido como secreto de cliente con app set etsy --client-secret-env VAR. Los vendedores no hacen nada.',
    },
  },
});
