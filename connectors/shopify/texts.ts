// Support texts for Shopify: installing the app on a shop, uninstall as revocation, and the
// 2027-01-01 end of non-expiring tokens.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const shopifyTexts: SupportTexts = buildSupportTexts('Shopify', {
  connect: {
    en: "The merchant opens the link for their shop (name.myshopify.com), signs in to the Shopify admin and clicks Install: this installs the agency's app on the shop with the permissions listed on that page.",
    es: 'El comerciante abre el enlace de su tienda (nombre.myshopify.com), inicia sesión en el admin de Shopify y pulsa Instalar: así instala la app de la agencia en la tienda con los permisos que muestra esa página.',
  },
  revokeStops: {
    en: 'FiveX Connect uninstalls the app from the shop (which cancels every token at Shopify) and deletes the tokens. The app disappears from the shop\'s Apps list.',
    es: 'FiveX Connect desinstala la app de la tienda (lo que cancela todos los tokens en Shopify) y borra los tokens. La app desaparece de la lista de Apps de la tienda.',
  },
  dataRemains: {
    en: 'Orders and reports already fetched stay with the agency. Uninstalling does not delete anything in the shop itself.',
    es: 'Los pedidos e informes ya obtenidos quedan en la agencia. Desinstalar no borra nada de la tienda.',
  },
  reauthorize: {
    en: 'Use Reconnect: the merchant installs the app again from the new link. Shops connected before expiring tokens existed must reconnect before 2027-01-01.',
    es: 'Use Reconectar: el comerciante instala la app otra vez desde el nuevo enlace. Las tiendas conectadas antes de los tokens con vencimiento deben reconectar antes del 2027-01-01.',
  },
  removeApp: {
    en: 'Shopify admin → Settings → Apps and sales channels → the app → Uninstall.',
    es: 'Admin de Shopify → Configuración → Apps y canales de ventas → la app → Desinstalar.',
  },
  reasons: {
    app_uninstalled: {
      en: 'The app was uninstalled from the shop, so Shopify cancelled its access. Who can fix it: the merchant, by installing it again with Reconnect.',
      es: 'La app se desinstaló de la tienda, así que Shopify canceló su acceso. Quién lo resuelve: el comerciante, instalándola otra vez con Reconectar.',
    },
    legacy_token_deadline: {
      en: 'This shop was connected with a non-expiring token, which Shopify stops accepting on 2027-01-01. Who can fix it: the merchant, with Reconnect before that date.',
      es: 'Esta tienda se conectó con un token sin vencimiento, que Shopify deja de aceptar el 2027-01-01. Quién lo resuelve: el comerciante, con Reconectar antes de esa fecha.',
    },
  },
});
