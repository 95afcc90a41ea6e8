// Support texts for Mercado Libre: consent on the country site, single-use refresh tokens, and
// the many events that cancel an authorization.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const mercadoLibreTexts: SupportTexts = buildSupportTexts('Mercado Libre', {
  connect: {
    en: "The seller signs in on their Mercado Libre country site and clicks Allow, accepting that the app reads their account and acts on their listings, including while they are offline.",
    es: 'El vendedor inicia sesión en el sitio de Mercado Libre de su país y pulsa Permitir, aceptando que la app lea su cuenta y opere sus publicaciones, también cuando no está conectado.',
  },
  revokeStops: {
    en: "FiveX Connect asks Mercado Libre to remove the app's authorization for this seller (retrying until Mercado Libre confirms), deletes the tokens, and stops refreshing and checking.",
    es: 'FiveX Connect pide a Mercado Libre que quite la autorización de la app para este vendedor (y lo reintenta hasta que Mercado Libre lo confirme), borra los tokens y deja de renovar y comprobar.',
  },
  removeApp: {
    en: 'Mercado Libre → My account → Security (Seguridad) → Connected applications → Revoke access.',
    es: 'Mercado Libre → Mi cuenta → Seguridad → Aplicaciones conectadas → Revocar acceso.',
  },
  reasons: {
    invalid_grant: {
      en: 'Mercado Libre cancelled this authorization: the seller removed the app or changed their password, Mercado Libre closed the session for security, or the single-use renewal token was used twice. Who can fix it: the seller, with Reconnect.',
      es: 'Mercado Libre canceló esta autorización: el vendedor quitó la app o cambió su contraseña, Mercado Libre cerró la sesión por seguridad, o el token de renovación de un solo uso se usó dos veces. Quién lo resuelve: el vendedor, con Reconectar.',
    },
    no_refresh_token: {
      en: 'Mercado Libre gave no refresh token, so the connection would stop after 6 hours. Who can fix it: the agency admin enables offline access (refresh token) for the app in DevCenter; then the seller reconnects.',
      es: 'Mercado Libre no entregó token de renovación, así que la conexión se detendría a las 6 horas. Quién lo resuelve: el administrador de la agencia habilita el acceso sin conexión (refresh token) de la app en DevCenter; luego el vendedor reconecta.',
    },
  },
});
