// `init`: creates a vault with a passphrase slot (the CLI's way in and the recovery key), and
// writes the audit log's first event: a vault's log is never legitimately empty, so an empty log
// reads as wiped, and the head is anchored beside the vault from its first event on.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../../services';
import { VAULT_FILE_NAME, createVault } from '../../vault-access';
import { type CommandContext, vaultDirOf, vaultErrorToCli } from '../context';
import { CliError } from '../errors';
import { readVaultPassphrase } from '../secrets';

/** A new vault has no operators, so the OS user creates it (as every command in it acts, until one is added). */
function osActor(): string {
  try {
    return `os:${userInfo().username}`;
  } catch {
    return `os:${process.env.USER ?? 'unknown'}`;
  }
}

export async function initCommand(ctx: CommandContext): Promise<void> {
  const dir = vaultDirOf(ctx);
  if (existsSync(join(dir, VAULT_FILE_NAME))) {
    throw new CliError('vault_exists', `a vault already exists in ${dir}; use it, or choose another folder with --vault`);
  }
  const passphrase = await readVaultPassphrase(ctx.io, { confirm: true });
  try {
    const vault = createVault(dir, { passphrase, notice: (line) => ctx.out.info(line) });
    const { audit } = createServices(vault);
    try {
      audit.append({ actor: osActor(), action: 'vault.create', outcome: 'ok', detail: { slots: ['passphrase'], via: 'cli' } });
    } finally {
      // The creation event's anchor is written before the process ends (audit-log.ts).
      await audit.flushAnchors();
      vault.close();
    }
  } catch (err) {
    throw vaultErrorToCli(err, dir);
  }
  ctx.out.result({ vault: dir }, () =>
    [`Created a vault in ${dir}.`, 'Keep the passphrase safe: it is also the recovery key for moving the vault to a new machine.'].join('\n'),
  );
}
