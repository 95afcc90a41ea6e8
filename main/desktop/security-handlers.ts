// Settings → vault security (preload/security-channels.ts) over the vault session: the keychain
// backend and key slots, changing the recovery passphrase (both scrypt derivations on the thread
// pool, so the window keeps answering), and remembering the vault on this machine. Each change is
// audited by what happened, never with a passphrase.
import type { Services } from '../services';
import type { HandlersOf } from '../../preload/schema-kit';
import type { SECURITY_INVOKE, VaultSecurity } from '../../preload/security-channels';
import { DesktopError } from './errors';
import type { VaultSession } from './vault-session';

export interface SecurityHandlerContext {
  readonly session: VaultSession<Services>;
  readonly actor: string;
  /** Who acts now: the signed-in operator, else the OS user. */
  readonly actorOf?: (s: Services) => string;
  readonly mode: 'desktop' | 'preview';
}

export function createSecurityHandlers(ctx: SecurityHandlerContext): HandlersOf<typeof SECURITY_INVOKE> {
  const { session } = ctx;

  const info = async (): Promise<VaultSecurity> => {
    if (session.status().state !== 'unlocked') throw new DesktopError('vault_locked', 'The vault is locked: unlock it first.');
    const rememberedHere = await session.rememberedOnThisDevice();
    // Read after the keychain was asked (rememberedOnThisDevice refreshes its availability).
    const status = session.status();
    if (status.state !== 'unlocked') throw new DesktopError('vault_locked', 'The vault is locked: unlock it first.');
    return {
      keychain: status.keychain,
      unlockedWith: status.unlockedWith,
      rememberedHere,
      slots: session.vault().listSlots().map((slot) => ({ kind: slot.kind, label: slot.label, backend: slot.backend, createdAt: slot.createdAt })),
      minPassphraseLength: session.minPassphraseLength,
    };
  };

  return {
    'security:get': () => info(),
    'security:changePassphrase': async (args) => {
      const vault = session.vault();
      const s = session.services();
      try {
        await vault.changePassphraseAsync(args.oldPassphrase, args.newPassphrase);
      } catch (err) {
        s.audit.append({ actor: ctx.actorOf?.(s) ?? ctx.actor, action: 'vault.passphrase.change', outcome: 'failed', detail: { app: ctx.mode } });
        throw err;
      }
      s.audit.append({ actor: ctx.actorOf?.(s) ?? ctx.actor, action: 'vault.passphrase.change', outcome: 'ok', detail: { app: ctx.mode } });
      return info();
    },
    'security:rememberHere': async (args) => {
      const added = await session.rememberOnThisDevice(args.acceptInsecureKeychain);
      const backend = session.keychainInfo().backend;
      session.services().audit.append({ actor: ctx.actorOf?.(session.services()) ?? ctx.actor, action: 'vault.keychain.add', outcome: 'ok', detail: { app: ctx.mode, backend, added } });
      return info();
    },
  };
}
