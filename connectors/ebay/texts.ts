// Support texts for eBay: the eBay consent page, the 18-month token lifetime, password changes,
// and the AUTHORIZATION_REVOCATION notification.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const ebayTexts: SupportTexts = buildSupportTexts('eBay', {
  connect: {
    en: 'The seller signs in to eBay and clicks "Agree" on the page that lists what the app may see and do (orders, listings, finances...). eBay asks for every permission at once; it cannot add more later without a new authorization.',
    es: 'El vendedor inicia sesión en eBay y pulsa "Aceptar" en la página que enumera lo que la app puede ver y hacer (pedidos, anuncios, finanzas...). eBay pide todos los permisos a la vez; no puede agregar más después sin una nueva autorización.',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the tokens and stops all refreshes and checks. eBay has no endpoint to cancel the authorization remotely: the seller should also remove the app in My eBay. When a seller does that, eBay sends the AUTHORIZATION_REVOCATION notification to the app, if the agency subscribed to it.',
    es: 'FiveX Connect borra los tokens y detiene toda renovación y comprobación. eBay no tiene un endpoint para cancelar la autorización a distancia: el vendedor también debe quitar la app en Mi eBay. Cuando el vendedor lo hace, eBay envía la notificación AUTHORIZATION_REVOCATION a la app, si la agencia está suscrita.',
  },
  reauthorize: {
    en: "eBay's authorization lasts about 18 months. Before it ends, or after the seller changes their eBay password or user name, use Reconnect and the seller agrees again.",
    es: 'La autorización de eBay dura unos 18 meses. Antes de que termine, o después de que el vendedor cambie su contraseña o nombre de usuario de eBay, use Reconectar y el vendedor acepta otra vez.',
  },
  removeApp: {
    en: 'My eBay → Account → Sign in and security → Third-party app access → Opt out for the app.',
    es: 'Mi eBay → Cuenta → Inicio de sesión y seguridad → Acceso de apps de terceros → Revocar el acceso de la app.',
  },
  reasons: {
    invalid_grant: {
      en: 'eBay no longer accepts this authorization: the seller removed the app in My eBay, changed their eBay password or user name, or eBay customer service revoked it. Who can fix it: the seller, with Reconnect.',
      es: 'eBay ya no acepta esta autorización: el vendedor quitó la app en Mi eBay, cambió su contraseña o nombre de usuario de eBay, o el servicio al cliente de eBay la revocó. Quién lo resuelve: el vendedor, con Reconectar.',
    },
    refresh_token_expired: {
      en: "eBay's 18-month authorization for this seller ended. Who can fix it: the seller, with Reconnect.",
      es: 'La autorización de 18 meses de eBay para este vendedor terminó. Quién lo resuelve: el vendedor, con Reconectar.',
    },
    authorization_revocation: {
      en: 'eBay notified (AUTHORIZATION_REVOCATION) that the seller removed the app. Who can fix it: the seller, with Reconnect, if they want to connect again.',
      es: 'eBay notificó (AUTHORIZATION_REVOCATION) que el vendedor quitó la app. Quién lo resuelve: el vendedor, con Reconectar, si quiere conectarse de nuevo.',
    },
  },
});
