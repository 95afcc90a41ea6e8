// `import FILE|-`: JSON Lines of self-authorized connections (e.g. SP-API private apps, Shopify
// custom-app tokens). Each good line becomes a connection due for refresh at once; each bad line is
// reported with its number and reason, and nothing of a bad line is written.
import { readFileSync } from 'node:fs';
import { EngineError } from '../../refresh';
import type { VaultContext } from '../context';
import { CliError } from '../errors';
import { readAllStdin } from '../secrets';

interface ImportLine {
  tenant: string;
  connector: string;
  account: string;
  region?: string;
  refreshToken: string;
}

const FIELDS = new Set(['tenant', 'connector', 'account', 'region', 'refreshToken', 'settings']);

function parseLine(text: string): ImportLine & { settings?: Record<string, string> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('expected a JSON object');
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!FIELDS.has(key)) throw new Error(`unknown field "${key}"`);
  for (const key of ['tenant', 'connector', 'account', 'refreshToken'] as const) {
    if (typeof obj[key] !== 'string' || (obj[key]).trim() === '') throw new Error(`"${key}" must be a non-empty string`);
  }
  if (obj.region !== undefined && typeof obj.region !== 'string') throw new Error('"region" must be a string');
  if (obj.settings !== undefined && (typeof obj.settings !== 'object' || obj.settings === null || Object.values(obj.settings).some((v) => typeof v !== 'string'))) {
    throw new Error('"settings" must be an object of strings');
  }
  return obj as unknown as ImportLine & { settings?: Record<string, string> };
}

export async function importCommand(ctx: VaultContext, source: string): Promise<void> {
  let text: string;
  if (source === '-') text = await readAllStdin(ctx.io);
  else {
    try {
      text = readFileSync(source, 'utf8');
    } catch (err) {
      throw new CliError('file_unreadable', `cannot read ${source} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path`);
    }
  }
  const { services, vault } = ctx;
  const failed: Array<{ line: number; reason: string }> = [];
  let imported = 0;
  const lines = text.split(/\r?\n/);
  for (const [index, rawLine] of lines.entries()) {
    if (rawLine.trim() === '') continue;
    const line = index + 1;
    try {
      const entry = parseLine(rawLine);
      const connector = services.connectors.get(entry.connector);
      if (!connector) throw new Error(`unknown connector "${entry.connector}"`);
      if (!connector.acceptsImportedRefreshTokens) throw new Error(`${connector.name} does not take imported refresh tokens; connect it with consent instead`);
      if (!services.registrations.get(connector.id)) throw new Error(`no app registration for ${connector.id}; run app set ${connector.id} first`);
      const pasted = services.connect.checkPastedRefreshToken(entry.refreshToken);
      if (!pasted.ok) throw new Error(pasted.message);
      // Each line is authorized on its own tenant (a refusal fails that line, audited as refused).
      const existing = services.tenants.find(entry.tenant.trim());
      if (existing) ctx.authorize('connection.import', { tenantId: existing.id, connector: connector.id });
      else ctx.authorize('tenant.add', {});
      vault.transaction(() => {
        let tenant = existing;
        // A tenant the file names first is added as `tenant add` adds one (owner, grant, audit).
        tenant ??= services.tenantService.add(entry.tenant, { actor: ctx.actor, detail: { via: 'import' } });
        const now = services.clock();
        services.engine.store.createConnectionWithGrant({
          tenantId: tenant.id,
          connectorId: connector.id,
          account: entry.account.trim(),
          region: entry.region ?? null,
          ...(entry.settings ? { settings: entry.settings } : {}),
          grant: { externalAccount: null },
          // No access token yet: the connection is due for refresh at once.
          tokens: { accessToken: '', refreshToken: pasted.refreshToken, tokenType: 'bearer', accessExpiresAt: now, refreshExpiresAt: null, scopes: null, extra: {} },
          actor: ctx.actor,
          dueNow: true,
        });
      });
      imported++;
    } catch (err) {
      const reason = err instanceof EngineError || err instanceof Error ? err.message : String(err);
      failed.push({ line, reason });
    }
  }
  services.audit.append({ actor: ctx.actor, action: 'connection.import', outcome: failed.length === 0 ? 'ok' : 'failed', detail: { imported, failed: failed.length } });
  if (failed.length > 0) {
    // The good lines are in; the document still says which lines failed and why.
    const first = failed[0]!;
    throw new CliError('import_incomplete', `${failed.length} line(s) were not imported (first: line ${first.line}, ${first.reason}); ${imported} imported. Fix those lines and import them again.`, 1, { imported, failed });
  }
  ctx.out.result({ imported, failed }, () =>
    [`Imported ${imported} connection(s); they refresh on the next \`fivex-connect monitor --once\`.`, ...failed.map((f) => `  line ${f.line}: ${f.reason}`)].join('\n'),
  );
}
