// Support texts for Zalando zDirect: app credentials from the zDirect Portal, partner invitations,
// and what revoking them means.
import { buildSupportTexts } from '../common-texts';
import type { SupportTexts } from '../types';

export const zalandoTexts: SupportTexts = buildSupportTexts('Zalando zDirect', {
  connect: {
    en: 'There is no approval page. The fashion partner invites the agency as technical partner in the zDirect Portal (the invitation expires after 21 days), the agency creates an app there, and enters its client id and secret in FiveX Connect.',
    es: 'No hay página de aprobación. El fashion partner invita a la agencia como technical partner en el zDirect Portal (la invitación vence a los 21 días), la agencia crea allí una app e introduce su client id y secreto en FiveX Connect.',
  },
  revokeStops: {
    en: 'FiveX Connect deletes the stored credentials and tokens and stops all calls. The app stays in the zDirect Portal until it is deleted there.',
    es: 'FiveX Connect borra las credenciales y tokens guardados y detiene todas las llamadas. La app sigue en el zDirect Portal hasta que se borre allí.',
  },
  reauthorize: {
    en: 'Create new app credentials in the zDirect Portal (or ask the fashion partner for a new invitation) and enter them again.',
    es: 'Cree credenciales de app nuevas en el zDirect Portal (o pida al fashion partner una invitación nueva) e introdúzcalas otra vez.',
  },
  removeApp: {
    en: 'zDirect Portal → the partner\'s settings → technical partners / apps → revoke the partner or delete the app.',
    es: 'zDirect Portal → configuración del partner → technical partners / apps → revocar al partner o borrar la app.',
  },
  reasons: {
    credentials_revoked: {
      en: 'Zalando no longer accepts these app credentials: the app was deleted or the fashion partner revoked the agency. Who can fix it: the fashion partner invites the agency again, or the agency creates new credentials.',
      es: 'Zalando ya no acepta estas credenciales: la app se borró o el fashion partner revocó a la agencia. Quién lo resuelve: el fashion partner invita de nuevo a la agencia, o la agencia crea credenciales nuevas.',
    },
  },
});
