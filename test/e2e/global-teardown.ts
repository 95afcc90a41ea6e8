// Removes the e2e run's temporary vault folder (created by playwright.config.ts).
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

export default function globalTeardown(): void {
  const vault = process.env.FIVEX_E2E_VAULT;
  if (vault !== undefined && vault.includes('fivex-e2e-')) rmSync(dirname(vault), { recursive: true, force: true });
}
