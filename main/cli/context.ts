// What every vault command needs: the vault folder, the unlocked vault, the services on it, and
// who is acting. Vault failures become one-line messages that say what to do.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import type { Action } from '../access/matrix';
import type { Principal, Scope } from '../access/principal';
import { DomainError } from '../errors';
import { defaultVaultDir } from '../paths';
import { createServices, type Services } from '../services';
import { openVault } from '../vault';
import { VaultError, type Vault } from '../vault/types';
import { CliError } from './errors';
import type { Io, Output } from './output';
import { promptHidden, readVaultPassphrase } from './secrets';

export interface GlobalOptions {
  readonly vault?: string;
  readonly json: boolean;
  readonly operator?: string;
}

/** What a command names, as typed: resolved to tenant ids before it is authorized. */
export interface ScopeRef {
  readonly tenant?: string;
  readonly connection?: string;
  readonly connector?: string;
}

/** The matrix action a command takes and what it names (main/cli/index.ts's COMMANDS table). */
export interface CommandAccess {
  readonly action: Action;
  readonly scope: ScopeRef;
}

export interface CommandContext {
  readonly io: Io;
  readonly out: Output;
  readonly global: GlobalOptions;
  /** Set by main() from the command's entry; withVault authorizes it before the command runs. */
  readonly access?: CommandAccess;
}

export interface VaultContext extends CommandContext {
  readonly vault: Vault;
  readonly services: Services;
  /** Who acts: the OS user in a vault without operators, else the signed-in operator. */
  readonly principal: Principal;
  /** Who acts, as recorded in the audit log. */
  readonly actor: string;
  /** For commands that name more than one scope (import's lines): the same check withVault runs. */
  authorize(action: Action, scope: Scope): void;
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

/**
 * Opens the vault through its passphrase slot, runs fn, and always closes it, once the audit
 * anchors written in the background are level (a command that ends normally leaves none behind).
 */
export async function withVault<T>(ctx: CommandContext, fn: (vctx: VaultContext) => Promise<T> | T): Promise<T> {
  const dir = vaultDirOf(ctx);
  const passphrase = await readVaultPassphrase(ctx.io);
  let vault: Vault;
  try {
    vault = openVault(dir, { passphrase }, { notice: (line) => ctx.out.info(line) });
  } catch (err) {
    throw vaultErrorToCli(err, dir);
  }
  let built: Services | undefined;
  try {
    const services = createServices(vault);
    built = services;
    const principal = await resolvePrincipal(ctx, services);
    services.acting.set(principal);
    const authorize = (action: Action, scope: Scope): void => services.access.authorize(principal, action, scope);
    // The one authorization of every vault command, before it runs (the check is main/access's).
    if (ctx.access !== undefined) authorize(ctx.access.action, resolveScope(services, ctx.access.scope));
    return await fn({ ...ctx, vault, services, principal, actor: principal.actor, authorize });
  } finally {
    try {
      await built?.audit.flushAnchors();
    } finally {
      vault.close();
    }
  }
}

/** Tenant and connection names or ids to tenant ids; what does not exist is left for the command to report. */
export function resolveScope(services: Services, ref: ScopeRef): Scope {
  if (ref.connection !== undefined) {
    const conn = services.engine.store.get(ref.connection);
    if (conn) return { tenantId: conn.tenantId, connectionId: conn.id, connector: conn.connectorId };
  }
  if (ref.tenant !== undefined) {
    const tenant = services.tenants.find(ref.tenant);
    if (tenant) return { tenantId: tenant.id, ...(ref.connector !== undefined ? { connector: ref.connector } : {}) };
  }
  return {};
}

/**
 * In a vault with no operators yet, the OS user acts. Else an operator signs in: --operator or
 * FIVEX_OPERATOR, the PIN from FIVEX_OPERATOR_PIN or a prompt without echo on a terminal.
 */
async function resolvePrincipal(ctx: CommandContext, services: Services): Promise<Principal> {
  const osUser = safeUserName();
  const name = ctx.global.operator ?? nonEmpty(ctx.io.env.FIVEX_OPERATOR);
  if (!services.access.hasOperators()) {
    if (ctx.global.operator !== undefined) {
      throw new CliError('unknown_operator', `this vault has no operators yet, so commands act as the OS user (os:${osUser}); leave out --operator`);
    }
    return services.access.osPrincipal(osUser);
  }
  if (name === undefined) {
    throw new DomainError('operator_required', 'this vault has operators: say who you are with --operator NAME or FIVEX_OPERATOR', {
      hint: 'the PIN comes from FIVEX_OPERATOR_PIN or a prompt',
    });
  }
  let pin = nonEmpty(ctx.io.env.FIVEX_OPERATOR_PIN);
  if (pin === undefined) {
    if (!ctx.io.isTTY) throw new DomainError('operator_auth', `no PIN for operator ${name}: set FIVEX_OPERATOR_PIN or run the command in a terminal to be asked`);
    pin = await promptHidden(ctx.io, `PIN for ${name}: `);
  }
  // Every command signs in: the audit log shows who signed in when, as the app's sign-ins do.
  return services.access.signIn(name, pin, { host: `os:${osUser}`, auditSuccess: true });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
