// Plain-language texts for every health reason code, in English and Spanish: what it means and
// who can fix it. A connector's SupportTexts.reasons[code] overrides the meaning for its quirks.
import type { ConnectorDefinition, Localized } from '../../connectors/types';

export type Lang = keyof Localized;

export interface ReasonText {
  readonly meaning: Localized;
  readonly whoCanFix: Localized;
}

const t = (en: string, es: string): Localized => ({ en, es });

const OPERATOR_RETRY = t(
  'Nobody needs to act: FiveX Connect retries on its own. An operator can press Refresh to try now.',
  'Nadie tiene que hacer nada: FiveX Connect lo reintenta solo. Un operador puede pulsar Actualizar para probar ahora.',
);
const SELLER_RECONNECT = t(
  'An operator with access to this client sends a reconnect link; the seller approves it with their marketplace login.',
  'Un operador con acceso a este cliente envía un enlace de reconexión; el vendedor lo aprueba con su usuario del marketplace.',
);
const AGENCY_ADMIN = t(
  "An agency admin fixes the app registration (app set) in the marketplace's developer console; the sellers do not need to act.",
  'Un administrador de la agencia corrige el registro de la aplicación (app set) en la consola de desarrolladores del marketplace; los vendedores no tienen que hacer nada.',
);

export const REASON_TEXTS: Readonly<Record<string, ReasonText>> = {
  offline: {
    meaning: t('This computer could not reach the marketplace (no network, DNS or proxy problem). The credentials are fine.', 'Este equipo no pudo llegar al marketplace (sin red, o un problema de DNS o proxy). Las credenciales están bien.'),
    whoCanFix: t('Whoever runs this computer checks its network; refresh resumes by itself once it is back.', 'Quien usa este equipo revisa la red; la renovación sigue sola cuando vuelva.'),
  },
  rate_limited: {
    meaning: t('The marketplace asked us to slow down (too many requests). FiveX Connect waits as long as it was told.', 'El marketplace pidió ir más despacio (demasiadas solicitudes). FiveX Connect espera lo que le indicó.'),
    whoCanFix: OPERATOR_RETRY,
  },
  server_error: {
    meaning: t('The marketplace answered with a server error. This is usually temporary on their side.', 'El marketplace respondió con un error de servidor. Suele ser algo temporal de su lado.'),
    whoCanFix: OPERATOR_RETRY,
  },
  temporarily_unavailable: {
    meaning: t('The marketplace said its sign-in service is temporarily unavailable.', 'El marketplace indicó que su servicio de acceso no está disponible por ahora.'),
    whoCanFix: OPERATOR_RETRY,
  },
  timeout: {
    meaning: t('The marketplace did not answer in time.', 'El marketplace no respondió a tiempo.'),
    whoCanFix: OPERATOR_RETRY,
  },
  refresh_failed: {
    meaning: t('Renewing the access failed for a reason the marketplace did not explain. The connection keeps its last working token until it expires.', 'La renovación del acceso falló por un motivo que el marketplace no explicó. La conexión conserva su último token válido hasta que caduque.'),
    whoCanFix: OPERATOR_RETRY,
  },
  invalid_grant: {
    meaning: t('The marketplace no longer accepts this authorization: the seller removed the app, changed their password, or the authorization expired.', 'El marketplace ya no acepta esta autorización: el vendedor quitó la aplicación, cambió su contraseña o la autorización caducó.'),
    whoCanFix: SELLER_RECONNECT,
  },
  consent_expired: {
    meaning: t("The seller's consent reached the end of its validity (for Amazon SP-API, 365 days).", 'El consentimiento del vendedor llegó al final de su vigencia (en Amazon SP-API, 365 días).'),
    whoCanFix: SELLER_RECONNECT,
  },
  not_verified: {
    meaning: t('This connection was imported with a self-authorized refresh token that has not been checked with the marketplace yet.', 'Esta conexión se importó con un token de renovación autoautorizado que todavía no se ha comprobado con el marketplace.'),
    whoCanFix: t('Nobody needs to act: the next monitor run (or Refresh) checks it and shows the real state.', 'Nadie tiene que hacer nada: la próxima ejecución del monitor (o Actualizar) lo comprueba y muestra el estado real.'),
  },
  no_refresh_token: {
    meaning: t('The marketplace did not give a renewal token, so access ends when the current access token expires; then the seller must approve again.', 'El marketplace no entregó un token de renovación, así que el acceso termina cuando caduque el token actual; después el vendedor tendrá que aprobar de nuevo.'),
    whoCanFix: SELLER_RECONNECT,
  },
  missing_permission: {
    meaning: t('The seller approved the connection without a permission one workflow needs ({detail}). The other workflows keep working.', 'El vendedor aprobó la conexión sin un permiso que necesita un flujo de trabajo ({detail}). Los demás flujos siguen funcionando.'),
    whoCanFix: t('An operator sends a reconnect link and asks the seller to tick every permission on the consent page.', 'Un operador envía un enlace de reconexión y pide al vendedor que marque todos los permisos en la página de consentimiento.'),
  },
  client_broken: {
    meaning: t("The marketplace rejects the agency's app credentials, so every connection of this marketplace is affected.", 'El marketplace rechaza las credenciales de la aplicación de la agencia, así que todas las conexiones de este marketplace están afectadas.'),
    whoCanFix: AGENCY_ADMIN,
  },
  seller_credentials_revoked: {
    meaning: t(
      "The marketplace no longer accepts the seller's own API credentials for this connection: the seller deleted or regenerated them. Only this connection is affected.",
      'El marketplace ya no acepta las credenciales de API propias del vendedor para esta conexión: el vendedor las eliminó o las regeneró. Solo esta conexión está afectada.',
    ),
    whoCanFix: t(
      "Only the seller can issue new API credentials (in the marketplace's seller dashboard); an operator then reconnects with them (reconnect CONNECTION --client-id ID --client-secret-env VAR).",
      'Solo el vendedor puede emitir nuevas credenciales de API (en el panel de vendedor del marketplace); después un operador reconecta con ellas (reconnect CONEXIÓN --client-id ID --client-secret-env VAR).',
    ),
  },
  invalid_client: {
    meaning: t("The marketplace does not recognise the agency's app (wrong client id or secret, or the app was suspended).", 'El marketplace no reconoce la aplicación de la agencia (id o secreto de cliente incorrecto, o la aplicación fue suspendida).'),
    whoCanFix: AGENCY_ADMIN,
  },
  unauthorized_client: {
    meaning: t("The agency's app is not allowed to renew tokens this way.", 'La aplicación de la agencia no tiene permitido renovar tokens de esta forma.'),
    whoCanFix: AGENCY_ADMIN,
  },
  client_secret_expired: {
    meaning: t("The agency's app secret expired (Amazon requires a new one every 180 days).", 'El secreto de la aplicación de la agencia caducó (Amazon exige uno nuevo cada 180 días).'),
    whoCanFix: AGENCY_ADMIN,
  },
  configuration: {
    meaning: t("The agency's app registration for this marketplace is incomplete (a client secret, endpoint or parameter is missing).", 'El registro de la aplicación de la agencia para este marketplace está incompleto (falta un secreto de cliente, un endpoint o un parámetro).'),
    whoCanFix: AGENCY_ADMIN,
  },
  invalid_scope: {
    meaning: t("The marketplace refuses the permissions the agency's app asks for.", 'El marketplace rechaza los permisos que pide la aplicación de la agencia.'),
    whoCanFix: AGENCY_ADMIN,
  },
  unsupported_grant_type: {
    meaning: t("The marketplace does not let the agency's app renew access this way.", 'El marketplace no permite que la aplicación de la agencia renueve el acceso de esta forma.'),
    whoCanFix: AGENCY_ADMIN,
  },
  shared_secret_missing: {
    meaning: t("The marketplace wants the app's shared secret on every call and it is not set.", 'El marketplace exige el secreto compartido de la aplicación en cada llamada y no está configurado.'),
    whoCanFix: AGENCY_ADMIN,
  },
  clock_skew: {
    meaning: t("This computer's clock is too far off for the marketplace to accept signed requests.", 'El reloj de este equipo está demasiado desfasado para que el marketplace acepte solicitudes firmadas.'),
    whoCanFix: t("Whoever runs this computer turns on automatic time; nothing else needs to change.", 'Quien usa este equipo activa la hora automática; no hay que cambiar nada más.'),
  },
  credentials_revoked: {
    meaning: t('The seller deleted or replaced the API credentials this connection used.', 'El vendedor borró o reemplazó las credenciales de API que usaba esta conexión.'),
    whoCanFix: SELLER_RECONNECT,
  },
  access_denied: {
    meaning: t('The marketplace denied access for this account ({detail}).', 'El marketplace denegó el acceso para esta cuenta ({detail}).'),
    whoCanFix: SELLER_RECONNECT,
  },
  insufficient_scope: {
    meaning: t('The access token lacks a permission the call needs.', 'Al token de acceso le falta un permiso que la llamada necesita.'),
    whoCanFix: SELLER_RECONNECT,
  },
  forbidden: {
    meaning: t('The marketplace answered "forbidden": the account or the app lacks a permission.', 'El marketplace respondió «prohibido»: a la cuenta o a la aplicación le falta un permiso.'),
    whoCanFix: SELLER_RECONNECT,
  },
  token_rejected: {
    meaning: t('The marketplace API refused the access token; a renewal usually fixes it.', 'La API del marketplace rechazó el token de acceso; normalmente se arregla al renovarlo.'),
    whoCanFix: OPERATOR_RETRY,
  },
  invalid_response: {
    meaning: t('The marketplace answered with something that is not a valid sign-in response.', 'El marketplace respondió con algo que no es una respuesta de acceso válida.'),
    whoCanFix: OPERATOR_RETRY,
  },
  app_not_registered: {
    meaning: t('The agency has not registered its app for this marketplace in FiveX Connect.', 'La agencia no registró su aplicación para este marketplace en FiveX Connect.'),
    whoCanFix: AGENCY_ADMIN,
  },
  unknown_connector: {
    meaning: t('The marketplace connector of this connection is no longer installed (a custom connector was removed).', 'El conector del marketplace de esta conexión ya no está instalado (se quitó un conector personalizado).'),
    whoCanFix: t('An agency admin adds the connector back (connector add).', 'Un administrador de la agencia vuelve a añadir el conector (connector add).'),
  },
  config_error: {
    meaning: t('A setting this marketplace needs is missing or invalid ({detail}).', 'Falta un ajuste que este marketplace necesita o no es válido ({detail}).'),
    whoCanFix: AGENCY_ADMIN,
  },
  api_unavailable: {
    meaning: t("The marketplace's API did not answer the health check; the credentials may still be fine.", 'La API del marketplace no respondió a la comprobación de salud; puede que las credenciales estén bien.'),
    whoCanFix: OPERATOR_RETRY,
  },
  api_unauthorized: {
    meaning: t('The marketplace API refused the current access token. FiveX Connect renews it right away to find out whether the authorization still stands.', 'La API del marketplace rechazó el token de acceso actual. FiveX Connect lo renueva enseguida para saber si la autorización sigue vigente.'),
    whoCanFix: OPERATOR_RETRY,
  },
  revoked: {
    meaning: t('This connection was revoked: FiveX Connect no longer holds its tokens.', 'Esta conexión fue revocada: FiveX Connect ya no guarda sus tokens.'),
    whoCanFix: SELLER_RECONNECT,
  },
  secret_tampered: {
    meaning: t(
      "A stored token of this connection failed the vault's integrity check: the vault file was edited, or the data was copied from another connection or vault. FiveX Connect will not use it, and sends nothing to the marketplace with it.",
      'Un token guardado de esta conexión no pasó la comprobación de integridad del almacén: el archivo se editó, o los datos se copiaron de otra conexión u otro almacén. FiveX Connect no lo usa ni envía nada al marketplace con él.',
    ),
    whoCanFix: t(
      'An operator with access to this client reconnects it (the seller approves again), which replaces the damaged token. If several connections show this, someone changed the vault file: check who had access to it, or restore it from a backup.',
      'Un operador con acceso a este cliente la reconecta (el vendedor aprueba de nuevo), lo que reemplaza el token dañado. Si varias conexiones muestran esto, alguien cambió el archivo del almacén: revise quién tuvo acceso a él, o restáurelo desde una copia de seguridad.',
    ),
  },
  registration_tampered: {
    meaning: t(
      "The stored client secret of the agency's app for this marketplace failed the vault's integrity check (the vault file was edited), so no connection of this marketplace can renew.",
      'El secreto de cliente guardado de la aplicación de la agencia para este marketplace no pasó la comprobación de integridad del almacén (el archivo se editó), así que ninguna conexión de este marketplace puede renovarse.',
    ),
    whoCanFix: t(
      'An agency admin saves the client secret again (app set … --client-secret-env VAR); the sellers do not need to act.',
      'Un administrador de la agencia vuelve a guardar el secreto de cliente (app set … --client-secret-env VAR); los vendedores no tienen que hacer nada.',
    ),
  },
  paused: {
    meaning: t('An operator paused this connection: its tokens are kept but not renewed or checked.', 'Un operador pausó esta conexión: sus tokens se conservan pero no se renuevan ni se comprueban.'),
    whoCanFix: t('Any operator with access to this client can resume it.', 'Cualquier operador con acceso a este cliente puede reanudarla.'),
  },
};

const UNKNOWN_REASON: ReasonText = {
  meaning: t('The marketplace reported "{code}".', 'El marketplace informó "{code}".'),
  whoCanFix: t(
    'An operator can retry; if it keeps happening, check the marketplace status page or contact its developer support.',
    'Un operador puede reintentar; si se repite, revise la página de estado del marketplace o contacte con su soporte para desarrolladores.',
  ),
};

export interface ExplainedReason {
  readonly code: string;
  readonly meaning: string;
  readonly whoCanFix: string;
  /** Both sentences, as shown beside the state. */
  readonly text: string;
}

/** The plain-language explanation of a reason code, in one language. */
export function explainReason(
  code: string,
  opts: { readonly lang?: Lang; readonly connector?: ConnectorDefinition | undefined; readonly detail?: string | null } = {},
): ExplainedReason {
  const lang = opts.lang ?? 'en';
  const known = REASON_TEXTS[code] ?? UNKNOWN_REASON;
  const override = opts.connector?.texts.reasons[code];
  const fill = (s: string): string => s.replaceAll('{code}', code).replaceAll('{detail}', opts.detail ?? '—');
  const meaning = fill(override ? override[lang] : known.meaning[lang]);
  const whoCanFix = fill(known.whoCanFix[lang]);
  // A connector text says both what it means and who fixes it, so it stands alone.
  return { code, meaning, whoCanFix, text: override ? meaning : `${meaning} ${whoCanFix}` };
}
