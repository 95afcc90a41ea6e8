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
