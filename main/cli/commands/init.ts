// `init`: creates a vault with a passphrase slot (the CLI's way in and the recovery key).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createVault } from '../../vault';
import { VAULT_FILE_NAME } from '../../vault/types';
import { type CommandContext, vaultDirOf, vaultErrorToCli } from '../context';
import { CliError } from '../errors';
import { readVaultPassphrase } from '../secrets';

export async function initCommand(ctx: CommandContext): Promise<void> {
  const dir = vaultDirOf(ctx);
  if (existsSync(join(dir, VAULT_FILE_NAME))) {
    throw new CliError('vault_exists', `a vault already exists in ${dir}; use it, or choose another folder with --vault`);
  }
  const passphrase = await readVaultPassphrase(ctx.io, { confirm: true });
  try {
    const vault = createVault(dir, { passphrase });
    vault.close();
  } catch (err) {
    throw vaultErrorToCli(err, dir);
  }
  ctx.out.result({ vault: dir }, () =>
    [`Created a vault in ${dir}.`, 'Keep the passphrase safe: it is also the recovery key for moving the vault to a new machine.'].join('\n'),
  );
}
