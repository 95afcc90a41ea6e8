// What the app says about consent, in both languages: why the Connect button may not work (some
// connectors do not use browser consent and connect in the connect form instead, and a connector
// needs the agency's app registration first), and how a pasted code was taken.
import type { ConsentUnavailableReason, LocalizedText } from '../../preload/contract';

const CONSENT_UNAVAILABLE: Readonly<Record<ConsentUnavailableReason, LocalizedText>> = {
  not_configured: {
    en: 'This marketplace is not set up yet: an agency admin must register the app first (fivex-connect app set).',
    es: 'Este marketplace aún no está configurado: un administrador de la agencia debe registrar la aplicación primero (fivex-connect app set).',
  },
  unsupported_grant: {
    en: "This marketplace does not use a browser sign-in: connect it in the connect form with the seller's own API credentials or a self-authorized token, and renew it from the connection's detail (or use the command line).",
    es: 'Este marketplace no usa un inicio de sesión en el navegador: conéctelo en el formulario de conexión con las credenciales de API del propio vendedor o un token autoautorizado, y renuévelo desde el detalle de la conexión (o use la línea de comandos).',
  },
  needs_settings: {
    en: 'This marketplace needs details for each connection (such as the shop): type them in the connect form before pressing Connect (or use fivex-connect connect … --setting NAME=VALUE).',
    es: 'Este marketplace necesita datos de cada conexión (como la tienda): escríbalos en el formulario de conexión antes de pulsar Conectar (o use fivex-connect connect … --setting NOMBRE=VALOR).',
  },
  manual_only: {
    en: 'This marketplace connects with a self-authorized refresh token: paste it in the connect form (or use fivex-connect import).',
    es: 'Este marketplace se conecta con un token de renovación autoautorizado: péguelo en el formulario de conexión (o use fivex-connect import).',
  },
};

/** The reason as shown beside the Connect button of one connector, naming the command to run. */
export function consentUnavailableText(reason: ConsentUnavailableReason, connector: { readonly id: string; readonly name: string }): LocalizedText {
  if (reason === 'not_configured') {
    return {
      en: `Set up the app registration first: an agency admin registers the agency's ${connector.name} app with fivex-connect app set ${connector.id} --client-id ID (see fivex-connect connector list for what it needs).`,
      es: `Primero configure el registro de la aplicación: un administrador de la agencia registra la aplicación de ${connector.name} de la agencia con fivex-connect app set ${connector.id} --client-id ID (vea en fivex-connect connector list lo que necesita).`,
    };
  }
  return CONSENT_UNAVAILABLE[reason];
}

/** A pasted code that was not accepted; the English detail comes from the consent module. */
export function refusedPasteText(detail: string): LocalizedText {
  return {
    en: `That code was not accepted (${detail}). Paste the code of this connection attempt.`,
    es: 'Ese código no fue aceptado: no es de este intento de conexión, ya se usó o caducó. Pegue el código de este intento de conexión.',
  };
}

export const NOT_WAITING_TEXT: LocalizedText = {
  en: 'This connection attempt is no longer waiting (it finished or expired). Start the connection again.',
  es: 'Este intento de conexión ya no está esperando (terminó o caducó). Vuelva a iniciar la conexión.',
};

export const CANCELLED_TEXT: LocalizedText = {
  en: 'The connection attempt was cancelled.',
  es: 'El intento de conexión se canceló.',
};
