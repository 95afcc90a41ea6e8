// What every vault command needs: the vault folder, the unlocked vault, the services on it, and
// who is acting. Vault failures become one-line messages that say what to do.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { defaultVaultDir } from '../paths';
import { createServices, type Services } from '../services';
import { openVault } from '../vault';
import { VaultError, type Vault } from '../vault/types';
import { CliError } from './errors';
import type { Io, Output } from './output';
import { readVaultPassphrase } from './secrets';

export interface GlobalOptions {
  readonly vault?: string;
  readonly json: boolean;
  readonly operator?: string;
}

export interface CommandContext {
  readonly io: Io;
  readonly out: Output;
  readonly global: GlobalOptions;
}

export interface VaultContext extends CommandContext {
  readonly vault: Vault;
  readonly services: Services;
  /** Who acts, as recorded in the audit log. */
  readonly actor: string;
}

export function vaultDirOf(ctx: CommandContext): string {
  return resolve(ctx.global.vault ?? defaultVaultDir(ctx.io.env));
}

export function vaultErrorToCli(err: unknown, dir: string): unknown {
  if (!(err instanceof VaultError)) return err;
  switch (err.code) {
    case 'not_a_vault':
      return new CliError('not_a_vault', `${dir} is not a FiveX Connect vault: run \`fivex-connect init --vault ${dir}\` to create one, or pass the right --vault`);
    case 'wrong_passphrase':
      return new CliError('wrong_passphrase', `wrong vault passphrase for ${dir}: nothing was changed; check FIVEX_VAULT_PASSPHRASE (or what you typed at the prompt) and that --vault / FIVEX_VAULT_DIR name the right vault, then try again`);
    case 'vault_exists':
      return new CliError('vault_exists', `a vault already exists in ${dir}; use it, or choose another folder with --vault`);
    case 'newer_schema':
      return new CliError('newer_schema', `${dir} was written by a newer FiveX Connect; update this one to open it`);
    default:
      return new CliError(err.code, err.message);
  }
}

/** Opens the vault through its passphrase slot, runs fn, and always closes it. */
export async function withVault<T>(ctx: CommandContext, fn: (vctx: VaultContext) => Promise<T> | T): Promise<T> {
  const dir = vaultDirOf(ctx);
  const passphrase = await readVaultPassphrase(ctx.io);
  let vault: Vault;
  try {
    vault = openVault(dir, { passphrase }, { notice: (line) => ctx.out.info(line) });
  } catch (err) {
    throw vaultErrorToCli(err, dir);
  }
  try {
    const services = createServices(vault);
    const actor = resolveActor(vault, ctx.global.operator);
    return await fn({ ...ctx, vault, services, actor });
  } finally {
    vault.close();
  }
}

/** In a vault with no operators yet, the OS user acts. */
function resolveActor(vault: Vault, operator: string | undefined): string {
  const osUser = `os:${safeUserName()}`;
  const count = vault.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM operators WHERE disabled_at IS NULL').get()?.n ?? 0;
  if (count === 0) {
    if (operator !== undefined) {
      throw new CliError('unknown_operator', `this vault has no operators yet, so commands act as the OS user (${osUser}); leave out --operator`);
    }
    return osUser;
  }
  throw new CliError('operator_required', 'this vault has operators; operator sign-in is not available in this version of the CLI');
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
