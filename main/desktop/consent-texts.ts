// Why the Connect button may not work yet, in both languages: the channel exists before the
// consent engine is wired into Services, and some connectors do not use browser consent at all.
import type { ConsentUnavailableReason, LocalizedText } from '../../preload/contract';

export const CONSENT_UNAVAILABLE: Readonly<Record<ConsentUnavailableReason, LocalizedText>> = {
  not_wired: {
    en: 'Connecting from the app is not available in this version yet. Use the command line (fivex-connect connect) meanwhile.',
    es: 'Conectar desde la aplicación aún no está disponible en esta versión. Mientras tanto, use la línea de comandos (fivex-connect connect).',
  },
  preview: {
    en: 'The browser preview cannot open the marketplace sign-in. Use the desktop app to connect.',
    es: 'La vista previa en el navegador no puede abrir el inicio de sesión del marketplace. Use la aplicación de escritorio para conectar.',
  },
  not_configured: {
    en: 'This marketplace is not set up yet: an agency admin must register the app first (fivex-connect app set).',
    es: 'Este marketplace aún no está configurado: un administrador de la agencia debe registrar la aplicación primero (fivex-connect app set).',
  },
  unsupported_grant: {
    en: 'This marketplace does not use a browser sign-in: its credentials are added from the command line.',
    es: 'Este marketplace no usa un inicio de sesión en el navegador: sus credenciales se añaden desde la línea de comandos.',
  },
};
