// Support texts for TikTok Shop: Seller Center consent, signed requests and clock skew, and where
// the seller deauthorizes the app.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const tiktokShopTexts: SupportTexts = buildSupportTexts('TikTok Shop', {
  connect: {
    en: "The seller signs in to TikTok Shop Seller Center, reviews the agency's app and the data permissions it lists, and clicks Authorize.",
    es: 'El vendedor inicia sesión en TikTok Shop Seller Center, revisa la app de la agencia y los permisos de datos que enumera, y pulsa Autorizar.',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the tokens and stops refreshing and checking. The seller should also deauthorize the app in Seller Center so TikTok Shop stops it too.',
    es: 'FiveX Connect borra los tokens y deja de renovar y comprobar. El vendedor también debe desautorizar la app en Seller Center para que TikTok Shop la detenga.',
  },
  removeApp: {
    en: 'TikTok Shop Seller Center → Apps & Services (App Store) → My apps → the app → Deauthorize.',
    es: 'TikTok Shop Seller Center → Apps y servicios (App Store) → Mis apps → la app → Desautorizar.',
  },
  reasons: {
    clock_skew: {
      en: "TikTok Shop refused a signed request because this computer's clock is off by more than a few minutes. Who can fix it: whoever manages this computer turns on automatic time.",
      es: 'TikTok Shop rechazó una solicitud firmada porque el reloj de este equipo tiene más de unos minutos de diferencia. Quién lo resuelve: quien administra el equipo activa la hora automática.',
    },
  },
});
