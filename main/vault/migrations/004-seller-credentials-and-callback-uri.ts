// Migration 4: two things consent needs to remember. A client-credentials connection whose API
// credentials belong to the seller (bol.com, Zalando zDirect: docs/marketplaces.md §2.9, §2.11)
// keeps that seller's client id and sealed secret beside its tokens, so each token call uses its
// own pair. And a consent session keeps the address the marketplace really lands on when its
// redirect_uri is not one (an eBay RuName, §2.3), so that callback is bound to it like any other.
export const migration004 = {
  version: 4,
  name: 'seller-credentials-and-callback-uri',
  sql: `
    -- NULL: the agency's app registration authenticates this grant's token calls.
    ALTER TABLE credentials ADD COLUMN client_id TEXT;
    -- Sealed, bound to credentials/<grant id>/client_secret; shredded with the tokens.
    ALTER TABLE credentials ADD COLUMN client_secret BLOB;

    -- NULL: redirect_uri is itself the landing address (loopback, deep link, relay page URL).
    ALTER TABLE consent_sessions ADD COLUMN callback_uri TEXT;
  `,
} as const;
