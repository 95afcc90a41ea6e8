// Support texts for Allegro: consent, refresh tokens that rotate and expire after three months,
// and where a user removes the app.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const allegroTexts: SupportTexts = buildSupportTexts('Allegro', {
  connect: {
    en: "The seller signs in to Allegro and confirms access for the agency's app on the page that lists the permissions (orders, offers, billing...).",
    es: 'El vendedor inicia sesión en Allegro y confirma el acceso de la app de la agencia en la página que enumera los permisos (pedidos, ofertas, facturación...).',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the tokens and stops refreshing and checking. The seller should also remove the app in their Allegro account so Allegro stops it too.',
    es: 'FiveX Connect borra los tokens y deja de renovar y comprobar. El vendedor también debe quitar la app en su cuenta de Allegro para que Allegro la detenga.',
  },
  reauthorize: {
    en: 'Use Reconnect and the seller confirms again. The connection renews itself every few hours; if it is paused for more than three months, Allegro ends it and the seller must reconnect.',
    es: 'Use Reconectar y el vendedor confirma otra vez. La conexión se renueva sola cada pocas horas; si queda en pausa más de tres meses, Allegro la termina y el vendedor debe reconectar.',
  },
  removeApp: {
    en: 'Allegro → My Allegro → Account settings → Connected applications (Powiązane aplikacje) → Remove.',
    es: 'Allegro → Mi Allegro → Configuración de la cuenta → Aplicaciones conectadas (Powiązane aplikacje) → Quitar.',
  },
  reasons: {
    refresh_token_expired: {
      en: "Allegro's renewal token was not used for three months and expired (usually because the connection was paused). Who can fix it: the seller, with Reconnect.",
      es: 'El token de renovación de Allegro no se usó durante tres meses y venció (normalmente porque la conexión estaba en pausa). Quién lo resuelve: el vendedor, con Reconectar.',
    },
  },
});
