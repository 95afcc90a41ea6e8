// Support texts for Amazon Ads: the Amazon sign-in consent, advertising profiles, and where the
// advertiser removes the app.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const amazonAdsTexts: SupportTexts = buildSupportTexts('Amazon Ads', {
  connect: {
    en: 'The advertiser signs in with their Amazon account and allows the app to manage their advertising campaigns. Afterwards the agency picks which advertising profile (country/account) the connection uses.',
    es: 'El anunciante inicia sesión con su cuenta de Amazon y permite que la app gestione sus campañas de publicidad. Después la agencia elige qué perfil de publicidad (país/cuenta) usa la conexión.',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the tokens and stops refreshing and checking. Amazon has no remote cancel we can call: the advertiser should also remove the app from their Amazon account.',
    es: 'FiveX Connect borra los tokens y deja de renovar y comprobar. Amazon no ofrece una cancelación remota: el anunciante también debe quitar la app de su cuenta de Amazon.',
  },
  dataRemains: {
    en: 'Campaign reports already downloaded stay with the agency; campaigns themselves keep running on Amazon.',
    es: 'Los informes de campañas ya descargados quedan en la agencia; las campañas siguen funcionando en Amazon.',
  },
  removeApp: {
    en: 'Amazon account → Your Account → Login with Amazon (Apps and websites) → Remove access for the app.',
    es: 'Cuenta de Amazon → Mi cuenta → Login with Amazon (Apps y sitios web) → Quitar acceso a la app.',
  },
  reasons: {
    profile_required: {
      en: 'Amazon Ads needs to know which advertising profile to use. Who can fix it: the agency picks a profile for the connection.',
      es: 'Amazon Ads necesita saber qué perfil de publicidad usar. Quién lo resuelve: la agencia elige un perfil para la conexión.',
    },
  },
});
