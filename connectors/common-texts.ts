// Support texts every connector shares: the generic failure reasons (what each means and who can
// fix it) and the default how-to texts, in English and Spanish. Connectors add or override.
import type { Localized, SupportTexts } from './types';

/** Reason codes every connector has texts for; connectors add their own beside these. */
export const COMMON_REASON_CODES = [
  'invalid_grant',
  'revoked',
  'access_denied',
  'consent_timeout',
  'consent_expiring',
  'consent_expired',
  'no_refresh_token',
  'refresh_token_expired',
  'client_broken',
  'client_secret_expired',
  'client_secret_expiring',
  'rate_limited',
  'server_error',
  'offline',
  'missing_permission',
  'token_rejected',
  // Reason codes the token client gives for standard OAuth errors and transport failures.
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'unsupported_grant_type',
  'insufficient_scope',
  'forbidden',
  'temporarily_unavailable',
  'timeout',
  'configuration',
  'invalid_response',
  'unknown',
] as const;
export type CommonReasonCode = (typeof COMMON_REASON_CODES)[number];

function commonReasonTexts(name: string): Record<CommonReasonCode, Localized> {
  return {
    invalid_grant: {
      en: `${name} no longer accepts this connection's authorization. The seller removed the app, changed their password, or the authorization was replaced. Who can fix it: the seller, by authorizing again (Reconnect).`,
      es: `${name} ya no acepta la autorización de esta conexión. El vendedor quitó la app, cambió su contraseña o la autorización fue reemplazada. Quién lo resuelve: el vendedor, autorizando de nuevo (Reconectar).`,
    },
    revoked: {
      en: `This connection was disconnected in FiveX Connect. No more data is fetched. Who can fix it: anyone in the agency can reconnect, and the seller must approve again.`,
      es: `Esta conexión se desconectó en FiveX Connect. Ya no se obtienen datos. Quién lo resuelve: cualquiera en la agencia puede reconectar, y el vendedor debe aprobar de nuevo.`,
    },
    access_denied: {
      en: `The seller declined the request on ${name}, so nothing was connected. Who can fix it: send the link again if it was a mistake.`,
      es: `El vendedor rechazó la solicitud en ${name}, así que no se conectó nada. Quién lo resuelve: envíe el enlace otra vez si fue un error.`,
    },
    consent_timeout: {
      en: `The authorization was not finished in time. Who can fix it: start the connection again and complete it on ${name} within a few minutes.`,
      es: `La autorización no se terminó a tiempo. Quién lo resuelve: inicie la conexión otra vez y complétela en ${name} en pocos minutos.`,
    },
    consent_expiring: {
      en: `The seller's authorization on ${name} expires soon. Who can fix it: the seller, by authorizing again before the date shown; the connection keeps working until then.`,
      es: `La autorización del vendedor en ${name} vence pronto. Quién lo resuelve: el vendedor, autorizando de nuevo antes de la fecha indicada; la conexión funciona hasta entonces.`,
    },
    consent_expired: {
      en: `The seller's authorization on ${name} reached its maximum age and stopped working. Who can fix it: the seller, by authorizing again (Reconnect).`,
      es: `La autorización del vendedor en ${name} llegó a su antigüedad máxima y dejó de funcionar. Quién lo resuelve: el vendedor, autorizando de nuevo (Reconectar).`,
    },
    no_refresh_token: {
      en: `${name} gave an access token without a refresh token, so the connection cannot renew itself. Who can fix it: the agency admin checks the app's offline-access setting, then the seller reconnects.`,
      es: `${name} entregó un token de acceso sin token de actualización, así que la conexión no puede renovarse sola. Quién lo resuelve: el administrador de la agencia revisa el acceso sin conexión de la app y luego el vendedor reconecta.`,
    },
    refresh_token_expired: {
      en: `The long-lived token from ${name} reached the end of its lifetime. Who can fix it: the seller, by authorizing again (Reconnect).`,
      es: `El token de larga duración de ${name} llegó al final de su vigencia. Quién lo resuelve: el vendedor, autorizando de nuevo (Reconectar).`,
    },
    client_broken: {
      en: `${name} rejected the agency's app credentials (client id or secret). Every connection of this marketplace is affected. Who can fix it: the agency admin, by checking the app registration (app set) against the marketplace's developer console. Sellers do not need to do anything.`,
      es: `${name} rechazó las credenciales de la app de la agencia (client id o secreto). Afecta a todas las conexiones de este marketplace. Quién lo resuelve: el administrador de la agencia, revisando el registro de la app (app set) con la consola de desarrollador del marketplace. Los vendedores no tienen que hacer nada.`,
    },
    client_secret_expired: {
      en: `The agency's client secret for ${name} has expired. Every connection of this marketplace stops until it is replaced. Who can fix it: the agency admin, by creating a new secret in the developer console and saving it with app set. Sellers do not need to reconnect.`,
      es: `El secreto de cliente de la agencia para ${name} venció. Todas las conexiones de este marketplace se detienen hasta reemplazarlo. Quién lo resuelve: el administrador de la agencia, creando un secreto nuevo en la consola de desarrollador y guardándolo con app set. Los vendedores no tienen que reconectar.`,
    },
    client_secret_expiring: {
      en: `The agency's client secret for ${name} must be rotated soon. Who can fix it: the agency admin, by rotating it in the developer console and saving the new one with app set before the date shown.`,
      es: `El secreto de cliente de la agencia para ${name} debe rotarse pronto. Quién lo resuelve: el administrador de la agencia, rotándolo en la consola de desarrollador y guardando el nuevo con app set antes de la fecha indicada.`,
    },
    rate_limited: {
      en: `${name} asked us to slow down. FiveX Connect waits and tries again by itself. Who can fix it: nobody needs to act unless it lasts for hours.`,
      es: `${name} pidió bajar el ritmo de llamadas. FiveX Connect espera y vuelve a intentar solo. Quién lo resuelve: nadie necesita actuar salvo que dure horas.`,
    },
    server_error: {
      en: `${name} had a temporary problem on its side. FiveX Connect tries again by itself; the authorization is not lost. Who can fix it: the marketplace; nobody in the agency needs to act unless it lasts for a day.`,
      es: `${name} tuvo un problema temporal de su lado. FiveX Connect vuelve a intentar solo; la autorización no se pierde. Quién lo resuelve: el marketplace; nadie en la agencia necesita actuar salvo que dure un día.`,
    },
    offline: {
      en: `FiveX Connect could not reach ${name} (no network, proxy or firewall). It tries again by itself. Who can fix it: whoever manages this computer's network.`,
      es: `FiveX Connect no pudo llegar a ${name} (sin red, proxy o firewall). Vuelve a intentar solo. Quién lo resuelve: quien administra la red de este equipo.`,
    },
    missing_permission: {
      en: `The connection works, but ${name} refused a call because a permission (scope or role) is missing. Who can fix it: the agency admin adds the permission to the app, then the seller authorizes again so the new permission is granted.`,
      es: `La conexión funciona, pero ${name} rechazó una llamada porque falta un permiso (scope o rol). Quién lo resuelve: el administrador de la agencia agrega el permiso a la app y luego el vendedor autoriza de nuevo para concederlo.`,
    },
    token_rejected: {
      en: `${name} rejected a fresh access token. FiveX Connect renews it and checks again. Who can fix it: if it repeats, the seller reconnects.`,
      es: `${name} rechazó un token de acceso recién emitido. FiveX Connect lo renueva y vuelve a comprobar. Quién lo resuelve: si se repite, el vendedor reconecta.`,
    },
    invalid_client: {
      en: `${name} does not recognise the agency's app: wrong client id or secret, or the app was suspended. Every connection of this marketplace is affected. Who can fix it: the agency admin checks the app in the developer console and saves the right credentials with app set.`,
      es: `${name} no reconoce la app de la agencia: client id o secreto incorrecto, o la app fue suspendida. Afecta a todas las conexiones de este marketplace. Quién lo resuelve: el administrador de la agencia revisa la app en la consola de desarrollador y guarda las credenciales correctas con app set.`,
    },
    unauthorized_client: {
      en: `${name} does not allow the agency's app to get tokens this way. Who can fix it: the agency admin enables the grant (or refresh tokens) for the app in the developer console.`,
      es: `${name} no permite que la app de la agencia obtenga tokens de esta forma. Quién lo resuelve: el administrador de la agencia habilita el tipo de autorización (o los tokens de actualización) para la app en la consola de desarrollador.`,
    },
    invalid_scope: {
      en: `${name} refused a permission the app asked for (it does not exist or the app may not request it). Who can fix it: the agency admin adjusts the app's permissions in the developer console.`,
      es: `${name} rechazó un permiso que pidió la app (no existe o la app no puede pedirlo). Quién lo resuelve: el administrador de la agencia ajusta los permisos de la app en la consola de desarrollador.`,
    },
    unsupported_grant_type: {
      en: `${name} does not accept this kind of token request from the agency's app. Who can fix it: the agency admin checks the app type in the developer console (and the connector's endpoints).`,
      es: `${name} no acepta este tipo de solicitud de token de la app de la agencia. Quién lo resuelve: el administrador de la agencia revisa el tipo de app en la consola de desarrollador (y los endpoints del conector).`,
    },
    insufficient_scope: {
      en: `${name} refused a call because the authorization lacks a permission. Who can fix it: the seller reconnects and approves every permission the app asks for.`,
      es: `${name} rechazó una llamada porque a la autorización le falta un permiso. Quién lo resuelve: el vendedor reconecta y aprueba todos los permisos que pide la app.`,
    },
    forbidden: {
      en: `${name} refused the request (HTTP 403): the app or this account may not use it. Who can fix it: the agency admin checks the app's access; if a permission is missing, the seller reconnects afterwards.`,
      es: `${name} rechazó la solicitud (HTTP 403): la app o esta cuenta no pueden usarla. Quién lo resuelve: el administrador de la agencia revisa el acceso de la app; si falta un permiso, después el vendedor reconecta.`,
    },
    temporarily_unavailable: {
      en: `${name} said its sign-in service is temporarily unavailable. FiveX Connect tries again by itself. Who can fix it: the marketplace; nobody needs to act.`,
      es: `${name} indicó que su servicio de acceso no está disponible por ahora. FiveX Connect vuelve a intentar solo. Quién lo resuelve: el marketplace; nadie necesita actuar.`,
    },
    timeout: {
      en: `${name} did not answer in time. FiveX Connect tries again by itself. Who can fix it: nobody needs to act unless it keeps happening; then check this computer's network.`,
      es: `${name} no respondió a tiempo. FiveX Connect vuelve a intentar solo. Quién lo resuelve: nadie necesita actuar salvo que se repita; entonces revise la red de este equipo.`,
    },
    configuration: {
      en: `The app registration for ${name} is incomplete (a client secret, endpoint or parameter is missing). Who can fix it: the agency admin completes it with app set, as the message says.`,
      es: `El registro de la app para ${name} está incompleto (falta un secreto, endpoint o parámetro). Quién lo resuelve: el administrador de la agencia lo completa con app set, como indica el mensaje.`,
    },
    invalid_response: {
      en: `${name} sent an answer that is not a valid OAuth response (often a maintenance page or a wrong endpoint). Who can fix it: it usually passes; if not, the agency admin checks the endpoints in the app registration.`,
      es: `${name} envió una respuesta que no es OAuth válida (a menudo una página de mantenimiento o un endpoint equivocado). Quién lo resuelve: normalmente se pasa sola; si no, el administrador de la agencia revisa los endpoints del registro de la app.`,
    },
    unknown: {
      en: `${name} answered in a way FiveX Connect does not recognise. It keeps the connection as it is and tries again later. Who can fix it: send the diagnostic report to support.`,
      es: `${name} respondió de una forma que FiveX Connect no reconoce. Mantiene la conexión como está y vuelve a intentar más tarde. Quién lo resuelve: envíe el informe de diagnóstico a soporte.`,
    },
  };
}

/** The how-to texts a connector has unless it says more. */
function defaultHowToTexts(name: string): Omit<SupportTexts, 'reasons'> {
  return {
    connect: {
      en: `The seller opens the link, signs in to ${name} and approves access for the agency's app. They see which data the app may read or change before approving.`,
      es: `El vendedor abre el enlace, inicia sesión en ${name} y aprueba el acceso para la app de la agencia. Antes de aprobar ve qué datos puede leer o cambiar la app.`,
    },
    revokeStops: {
      en: `FiveX Connect deletes the tokens and stops every refresh, health check and data fetch for this connection.`,
      es: `FiveX Connect borra los tokens y detiene toda renovación, comprobación de estado y obtención de datos de esta conexión.`,
    },
    dataRemains: {
      en: `Data already fetched (reports, orders, audit log) stays where it was stored; revoking does not delete it at the marketplace or in the agency's tools.`,
      es: `Los datos ya obtenidos (informes, pedidos, registro de auditoría) quedan donde se guardaron; revocar no los borra en el marketplace ni en las herramientas de la agencia.`,
    },
    reauthorize: {
      en: `Use Reconnect on the connection: the seller opens the new link and approves again. The connection keeps its history.`,
      es: `Use Reconectar en la conexión: el vendedor abre el nuevo enlace y aprueba otra vez. La conexión conserva su historial.`,
    },
    removeApp: {
      en: `The seller can remove the app in the security or connected-apps settings of their ${name} account.`,
      es: `El vendedor puede quitar la app en la configuración de seguridad o de apps conectadas de su cuenta de ${name}.`,
    },
  };
}

export interface TextOverrides extends Partial<Omit<SupportTexts, 'reasons'>> {
  readonly reasons?: Readonly<Record<string, Localized>>;
}

/** Common texts for `name` with the connector's own on top. */
export function buildSupportTexts(name: string, overrides: TextOverrides = {}): SupportTexts {
  const { reasons, ...howTo } = overrides;
  return {
    ...defaultHowToTexts(name),
    ...howTo,
    reasons: { ...commonReasonTexts(name), ...reasons },
  };
}
