// Support texts for bol.com: the seller's own API credentials, and what deleting them does.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const bolComTexts: SupportTexts = buildSupportTexts('bol.com', {
  connect: {
    en: 'There is no approval page. The seller creates API credentials (client id and secret) in the bol.com Seller Dashboard → Settings → Services → API settings (a technical contact must be set first) and gives them to the agency, which enters them in FiveX Connect.',
    es: 'No hay página de aprobación. El vendedor crea credenciales de API (client id y secreto) en el Seller Dashboard de bol.com → Configuración → Servicios → Configuración de API (antes debe indicar un contacto técnico) y se las entrega a la agencia, que las introduce en FiveX Connect.',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the stored credentials and tokens and stops all calls. The credentials themselves stay valid at bol.com until the seller deletes them.',
    es: 'FiveX Connect borra las credenciales y tokens guardados y detiene todas las llamadas. Las credenciales siguen válidas en bol.com hasta que el vendedor las borre.',
  },
  reauthorize: {
    en: 'The seller creates new API credentials in the Seller Dashboard and the agency enters them again.',
    es: 'El vendedor crea credenciales de API nuevas en el Seller Dashboard y la agencia las vuelve a introducir.',
  },
  removeApp: {
    en: 'bol.com Seller Dashboard → Settings → Services → API settings → delete the credentials.',
    es: 'Seller Dashboard de bol.com → Configuración → Servicios → Configuración de API → borrar las credenciales.',
  },
  reasons: {
    credentials_revoked: {
      en: 'bol.com no longer accepts these API credentials: the seller deleted or regenerated them. Who can fix it: the seller creates new credentials and the agency enters them.',
      es: 'bol.com ya no acepta estas credenciales de API: el vendedor las borró o regeneró. Quién lo resuelve: el vendedor crea credenciales nuevas y la agencia las introduce.',
    },
  },
});

/** The intermediary Code flow: the seller approves the agency's app at bol.com instead. */
export const bolComIntermediaryTexts: SupportTexts = buildSupportTexts('bol.com', {
  connect: {
    en: "The seller signs in at bol.com and approves the agency's service-provider app; bol.com then sends the seller back to the agency's relay page, whose completion code the agency pastes into FiveX Connect.",
    es: 'El vendedor inicia sesión en bol.com y aprueba la aplicación de proveedor de servicios de la agencia; bol.com lo devuelve a la página de relevo de la agencia, cuyo código de finalización la agencia pega en FiveX Connect.',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the stored tokens and stops all calls. The approval stays at bol.com until the seller revokes the intermediary there.',
    es: 'FiveX Connect borra los tokens guardados y detiene todas las llamadas. La aprobación sigue en bol.com hasta que el vendedor revoque allí al intermediario.',
  },
  reauthorize: {
    en: "An operator sends a reconnect link; the seller approves the agency's app again at bol.com.",
    es: 'Un operador envía un enlace de reconexión; el vendedor vuelve a aprobar la aplicación de la agencia en bol.com.',
  },
  removeApp: {
    en: 'bol.com Seller Dashboard → Settings → Services → revoke the intermediary (service provider).',
    es: 'Seller Dashboard de bol.com → Configuración → Servicios → revocar al intermediario (proveedor de servicios).',
  },
});
