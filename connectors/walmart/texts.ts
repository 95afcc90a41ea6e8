// Support texts for Walmart Marketplace: Seller Center consent, the one-year authorization, and
// permissions per API category.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const walmartTexts: SupportTexts = buildSupportTexts('Walmart Seller Center', {
  connect: {
    en: "The seller signs in to Walmart Seller Center and authorizes the agency's Solution Provider app, which shows the API categories it may use (for example \"Item: Full Access\", \"Reports: View Only\").",
    es: 'El vendedor inicia sesión en Walmart Seller Center y autoriza la app de Solution Provider de la agencia, que muestra las categorías de API que puede usar (por ejemplo "Item: Full Access", "Reports: View Only").',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the tokens and stops refreshing and checking. Walmart has no remote cancel we can call: the seller should also disconnect the app in Seller Center.',
    es: 'FiveX Connect borra los tokens y deja de renovar y comprobar. Walmart no ofrece una cancelación remota: el vendedor también debe desconectar la app en Seller Center.',
  },
  reauthorize: {
    en: "Walmart's authorization lasts one year. Before it ends, or to grant new permissions, use Reconnect and the seller authorizes again in Seller Center.",
    es: 'La autorización de Walmart dura un año. Antes de que termine, o para conceder permisos nuevos, use Reconectar y el vendedor autoriza otra vez en Seller Center.',
  },
  removeApp: {
    en: 'Walmart Seller Center → Settings → API Integrations (Solution Providers) → the app → Remove or disconnect.',
    es: 'Walmart Seller Center → Settings → API Integrations (Solution Providers) → la app → Quitar o desconectar.',
  },
  reasons: {
    refresh_token_expired: {
      en: "Walmart's one-year authorization for this seller ended. Who can fix it: the seller, with Reconnect.",
      es: 'La autorización de un año de Walmart para este vendedor terminó. Quién lo resuelve: el vendedor, con Reconectar.',
    },
    missing_permission: {
      en: 'Walmart refused a call because the app has no access to that API category (or only View Only). Who can fix it: the agency admin requests the category for the app; then the seller reconnects to grant it.',
      es: 'Walmart rechazó una llamada porque la app no tiene acceso a esa categoría de API (o solo View Only). Quién lo resuelve: el administrador de la agencia solicita la categoría para la app; luego el vendedor reconecta para concederla.',
    },
  },
});
