// What the connect dialog says before the browser opens, in both languages: each purpose's
// scopes in plain words (connectors declare which scopes serve which purpose; the words for the
// purposes themselves are the same for every marketplace), and where each redirect strategy
// brings the seller's answer back.
import type { Purpose, RedirectStrategy } from '../../../connectors/types';
import type { LocalizedText } from '../../../preload/contract';

export const PURPOSE_TEXTS: Readonly<Record<'base' | Purpose, LocalizedText>> = {
  base: {
    en: 'Know which account this is (its name and id), so the agency connects the right one.',
    es: 'Saber qué cuenta es (su nombre e id), para que la agencia conecte la correcta.',
  },
  reporting: {
    en: 'Read orders, sales and reports, to build the client’s reporting.',
    es: 'Leer pedidos, ventas e informes, para preparar los informes del cliente.',
  },
  finance: {
    en: 'Read payouts, fees and settlements (money is never moved).',
    es: 'Leer liquidaciones, comisiones y pagos (nunca se mueve dinero).',
  },
  advertising: {
    en: 'Read and manage advertising campaigns and their budgets.',
    es: 'Leer y gestionar campañas de publicidad y sus presupuestos.',
  },
  listings: {
    en: 'Read and change product listings: titles, prices and stock.',
    es: 'Leer y cambiar publicaciones de productos: títulos, precios y stock.',
  },
};

/** For marketplaces that grant a role to credentials instead of asking for scopes. */
export const NO_SCOPES_TEXT: LocalizedText = {
  en: 'Nothing is asked in a consent page: the marketplace grants its API role to the credentials the seller created.',
  es: 'No se pide nada en una página de consentimiento: el marketplace concede su rol de API a las credenciales que creó el vendedor.',
};

export const STRATEGY_TEXTS: Readonly<Record<RedirectStrategy, LocalizedText>> = {
  loopback: {
    en: 'On this computer: the browser comes back to FiveX Connect at http://127.0.0.1 when the seller approves. Best when the seller approves here, with you.',
    es: 'En este equipo: el navegador vuelve a FiveX Connect en http://127.0.0.1 cuando el vendedor aprueba. Lo mejor cuando el vendedor aprueba aquí, con usted.',
  },
  deeplink: {
    en: 'Through the app’s own link (fivex-connect://): the browser hands the answer to FiveX Connect on this computer.',
    es: 'Con el enlace propio de la app (fivex-connect://): el navegador entrega la respuesta a FiveX Connect en este equipo.',
  },
  relay: {
    en: 'Remote: the seller approves on their own computer and gets a completion code on the agency’s relay page; paste that code here.',
    es: 'A distancia: el vendedor aprueba en su propio equipo y recibe un código en la página de relevo de la agencia; pegue ese código aquí.',
  },
  manual: {
    en: 'No browser: paste a refresh token the seller authorized themselves.',
    es: 'Sin navegador: pegue un token de renovación que el propio vendedor autorizó.',
  },
};

/** Why Connect cannot start because the connection settings are wrong (English detail from the connector's rules). */
export function settingsProblemText(problems: ReadonlyArray<string>): LocalizedText {
  return {
    en: `Check the connection details: ${problems.join('; ')}.`,
    es: `Revise los datos de la conexión: ${problems.join('; ')}.`,
  };
}
