// Support texts for Amazon SP-API: Seller Central consent, the yearly re-authorization, the
// agency's 180-day secret rotation, and where sellers manage apps.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const amazonSpApiTexts: SupportTexts = buildSupportTexts('Amazon Seller Central', {
  connect: {
    en: "The seller signs in to Seller Central (their country's site), reviews the app's name and the data it asks for, ticks the confirmation box and clicks Confirm. One authorization covers every Amazon marketplace of that region (for example all of Europe).",
    es: 'El vendedor inicia sesión en Seller Central (el sitio de su país), revisa el nombre de la app y los datos que pide, marca la casilla de confirmación y pulsa Confirmar. Una autorización cubre todos los marketplaces de Amazon de esa región (por ejemplo, toda Europa).',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the refresh token and stops all refreshes and checks. Amazon offers no way for us to cancel the authorization remotely: the seller should also remove the app in Seller Central so Amazon stops it too.',
    es: 'FiveX Connect borra el token de actualización y detiene toda renovación y comprobación. Amazon no ofrece forma de cancelar la autorización a distancia: el vendedor también debe quitar la app en Seller Central para que Amazon la detenga.',
  },
  dataRemains: {
    en: 'Reports and orders already downloaded stay with the agency. Nothing is deleted in Seller Central.',
    es: 'Los informes y pedidos ya descargados quedan en la agencia. No se borra nada en Seller Central.',
  },
  reauthorize: {
    en: 'Amazon requires the seller to re-authorize every 365 days and whenever the app asks for a new role. Use Reconnect, or the seller goes to Seller Central → Apps and Services → Manage Your Apps → Re-authorize.',
    es: 'Amazon exige que el vendedor vuelva a autorizar cada 365 días y cada vez que la app pide un rol nuevo. Use Reconectar, o el vendedor va a Seller Central → Aplicaciones y servicios → Administrar sus aplicaciones → Volver a autorizar.',
  },
  removeApp: {
    en: 'Seller Central → Apps and Services → Manage Your Apps → Remove app (only the primary account user can do it).',
    es: 'Seller Central → Aplicaciones y servicios → Administrar sus aplicaciones → Quitar aplicación (solo el usuario principal de la cuenta puede hacerlo).',
  },
  reasons: {
    consent_expiring: {
      en: "Amazon's 365-day authorization for this seller ends soon. Who can fix it: the seller, with Reconnect or Re-authorize in Manage Your Apps, before the date shown.",
      es: 'La autorización de 365 días de Amazon para este vendedor termina pronto. Quién lo resuelve: el vendedor, con Reconectar o Volver a autorizar en Administrar sus aplicaciones, antes de la fecha indicada.',
    },
    consent_expired: {
      en: "The seller's authorization is more than 365 days old and Amazon stopped it. Who can fix it: the seller, with Reconnect.",
      es: 'La autorización del vendedor tiene más de 365 días y Amazon la detuvo. Quién lo resuelve: el vendedor, con Reconectar.',
    },
    client_secret_expired: {
      en: "The agency's LWA client secret is older than 180 days and Amazon rejects it (\"The LWA secret token you provided has expired\"). Every Amazon connection stops. Who can fix it: the agency admin rotates the secret in Developer Central (or the Application Management API) and saves it with app set. Refresh tokens stay valid; sellers do nothing.",
      es: 'El secreto de cliente LWA de la agencia tiene más de 180 días y Amazon lo rechaza ("The LWA secret token you provided has expired"). Todas las conexiones de Amazon se detienen. Quién lo resuelve: el administrador de la agencia rota el secreto en Developer Central (o con la Application Management API) y lo guarda con app set. Los tokens siguen siendo válidos; los vendedores no hacen nada.',
    },
    client_secret_expiring: {
      en: 'Amazon requires a new LWA client secret every 180 days; this one is due soon. Who can fix it: the agency admin rotates it in Developer Central and saves it with app set. Connections keep working.',
      es: 'Amazon exige un secreto de cliente LWA nuevo cada 180 días; este vence pronto. Quién lo resuelve: el administrador de la agencia lo rota en Developer Central y lo guarda con app set. Las conexiones siguen funcionando.',
    },
    MD1000: {
      en: 'Seller Central says the app is a draft (error MD1000). Who can fix it: the agency admin sets --param version=beta on the app registration until the app is published.',
      es: 'Seller Central indica que la app es un borrador (error MD1000). Quién lo resuelve: el administrador de la agencia define --param version=beta en el registro de la app hasta publicarla.',
    },
    MD5101: {
      en: 'Seller Central does not know the redirect address (error MD5101). Who can fix it: the agency admin adds the exact redirect URI to the app in Developer Central.',
      es: 'Seller Central no reconoce la dirección de retorno (error MD5101). Quién lo resuelve: el administrador de la agencia agrega la URI de redirección exacta a la app en Developer Central.',
    },
    missing_permission: {
      en: 'Amazon refused a call because the app lacks a role (or the call needs a Restricted Data Token). Who can fix it: the agency admin adds the role in Developer Central; the seller must then re-authorize.',
      es: 'Amazon rechazó una llamada porque la app no tiene un rol (o la llamada necesita un Restricted Data Token). Quién lo resuelve: el administrador de la agencia agrega el rol en Developer Central; luego el vendedor debe volver a autorizar.',
    },
  },
});
