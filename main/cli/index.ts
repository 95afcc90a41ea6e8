// The `fivex-connect` command line: the same main-process services as the desktop app, headless.
// Parses argv, dispatches to one module per command, and maps failures to the exit codes and
// messages of docs/cli-contract.md (0 done, 1 failed, 2 usage).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../../package.json';
import { appSet } from './commands/app';
import { auditExport, auditList, auditPrune, auditVerify, type AuditListOptions } from './commands/audit';
import { connectorAdd, connectorList } from './commands/connector';
import { connectCommand, reconnectCommand, type ConnectOptions } from './commands/connect';
import { connectionsList, monitorCommand, pauseCommand, probeCommand, refreshCommand, tokenCommand } from './commands/connections';
import { demoCommand } from './commands/demo';
import { dossierCommand } from './commands/dossier';
import { importCommand } from './commands/import';
import { initCommand } from './commands/init';
import { revokeCommand } from './commands/revoke';
import { webhookClear, webhookSet, webhookShow } from './commands/webhook';
import { tenantAdd, tenantList } from './commands/tenant';
import { type CommandContext, type GlobalOptions, type ScopeRef, withVault } from './context';
import { ACCESS_COMMANDS } from './access-commands';
import type { Action } from '../access/matrix';
import { DomainError } from '../errors';
import { exitCodeOf, usageError } from './errors';
import { type Io, Output } from './output';

type Options = NonNullable<ParseArgsConfig['options']>;

const GLOBAL_OPTIONS: Options = {
  vault: { type: 'string' },
  json: { type: 'boolean' },
  operator: { type: 'string' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

interface Command {
  /** e.g. ['tenant', 'add'] */
  readonly words: ReadonlyArray<string>;
  readonly usage: string;
  readonly summary: string;
  readonly options?: Options;
  /** Number of positional arguments after the command words. */
  readonly args: number;
  /**
   * The matrix action (main/access/matrix.ts) withVault authorizes before the command runs, or a
   * choice of it by the flags; null for a command that opens no vault (init).
   */
  readonly action: Action | null | ((values: Record<string, unknown>) => Action);
  /** What the command names (TENANT, CONNECTION), for grant-scoped actions. */
  readonly scope?: (args: ReadonlyArray<string>, values: Record<string, unknown>) => ScopeRef;
  run(ctx: CommandContext, args: ReadonlyArray<string>, values: Record<string, unknown>): Promise<void> | void;
}

const CONNECT_OPTIONS: Options = {
  region: { type: 'string' },
  account: { type: 'string' },
  setting: { type: 'string', multiple: true },
  redirect: { type: 'string' },
  'no-browser': { type: 'boolean' },
  timeout: { type: 'string' },
  // The seller's own API credentials (bol.com, Zalando); the secret only ever from an env var.
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  'client-secret': { type: 'string' },
};

function connectOptions(values: Record<string, unknown>): ConnectOptions {
  return {
    region: values.region as string | undefined,
    account: values.account as string | undefined,
    redirect: values.redirect as string | undefined,
    setting: (values.setting as string[] | undefined) ?? [],
    noBrowser: values['no-browser'] === true,
    timeout: values.timeout as string | undefined,
    clientId: values['client-id'] as string | undefined,
    clientSecretEnv: values['client-secret-env'] as string | undefined,
    clientSecretOnArgv: values['client-secret'] !== undefined,
  };
}

const COMMANDS: ReadonlyArray<Command> = [
  { words: ['init'], usage: 'init', summary: 'create a vault with a passphrase slot', args: 0, action: null, run: (ctx) => initCommand(ctx) },
  {
    words: ['tenant', 'add'], usage: 'tenant add NAME', summary: 'add a client tenant', args: 1, action: 'tenant.add',
    run: (ctx, [name]) => withVault(ctx, (v) => tenantAdd(v, name!)),
  },
  { words: ['tenant', 'list'], usage: 'tenant list', summary: 'list tenants', args: 0, action: 'tenant.list', run: (ctx) => withVault(ctx, tenantList) },
  { words: ['connector', 'list'], usage: 'connector list', summary: 'list built-in and custom connectors', args: 0, action: 'connector.list', run: (ctx) => withVault(ctx, connectorList) },
  {
    words: ['connector', 'add'], usage: 'connector add FILE', summary: 'register a custom OAuth 2.0 connector file', args: 1, action: 'connector.add',
    run: (ctx, [file]) => withVault(ctx, (v) => connectorAdd(v, file!)),
  },
  {
    words: ['app', 'set'],
    usage: 'app set CONNECTOR --client-id ID [--client-secret-env VAR] [--redirect-uri URI] [--redirect STRATEGY] [--endpoint NAME=URL]... [--param NAME=VALUE]...',
    summary: "set the agency's app registration for a connector",
    args: 1, action: 'app.set',
    options: {
      'client-id': { type: 'string' },
      'client-secret-env': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string' },
      redirect: { type: 'string' },
      endpoint: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
    },
    run: (ctx, [connector], values) => {
      if (values['client-secret'] !== undefined) {
        throw usageError('secrets are never taken from the command line; put the secret in an environment variable and pass --client-secret-env VAR (if you typed a real secret, it may now be in your shell history: remove it there)');
      }
      return withVault(ctx, (v) =>
        appSet(v, connector!, {
          clientId: values['client-id'] as string | undefined,
          clientSecretEnv: values['client-secret-env'] as string | undefined,
          redirectUri: values['redirect-uri'] as string | undefined,
          redirect: values.redirect as string | undefined,
          endpoint: (values.endpoint as string[] | undefined) ?? [],
          param: (values.param as string[] | undefined) ?? [],
        }),
      );
    },
  },
  {
    words: ['audit', 'list'], usage: 'audit list [--tenant T] [--actor A] [--action A] [--outcome O] [--since ISO] [--until ISO]', summary: 'list audit events', args: 0, action: 'audit.list', scope: (_a, v) => (typeof v.tenant === 'string' ? { tenant: v.tenant } : {}),
    options: { tenant: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, outcome: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' } },
    run: (ctx, _args, values) => withVault(ctx, (v) => auditList(v, values as AuditListOptions)),
  },
  {
    words: ['audit', 'export'], usage: 'audit export --format json|csv [--out FILE] [--with-head]', summary: 'export every audit event with the chain head', args: 0, action: 'audit.export',
    options: { format: { type: 'string' }, out: { type: 'string' }, 'with-head': { type: 'boolean' } },
    run: (ctx, _args, values) =>
      withVault(ctx, (v) => auditExport(v, { format: values.format as string | undefined, out: values.out as string | undefined, withHead: values['with-head'] === true })),
  },
  { words: ['audit', 'verify'], usage: 'audit verify', summary: 'check the audit chain for edits, deletions, a cut-off end, a wipe or a rollback', args: 0, action: 'audit.verify', run: (ctx) => withVault(ctx, auditVerify) },
  {
    words: ['audit', 'prune'], usage: 'audit prune --before ISO', summary: 'delete old audit events, keeping a signed checkpoint', args: 0, action: 'audit.prune',
    options: { before: { type: 'string' } },
    run: (ctx, _args, values) => withVault(ctx, (v) => auditPrune(v, { before: values.before as string | undefined })),
  },
  {
    words: ['connect'],
    usage: 'connect TENANT CONNECTOR [--region R] [--account LABEL] [--setting NAME=VALUE]... [--redirect loopback|deeplink|relay|manual] [--no-browser] [--timeout S] [--client-id ID --client-secret-env VAR]',
    summary: 'start consent for a new connection', args: 2, action: 'connection.connect', scope: ([tenant, connector]) => ({ tenant: tenant!, connector: connector! }), options: CONNECT_OPTIONS,
    run: (ctx, [tenant, connector], values) => withVault(ctx, (v) => connectCommand(v, tenant!, connector!, connectOptions(values))),
  },
  {
    words: ['reconnect'], usage: 'reconnect CONNECTION [same flags as connect]', summary: 'renew consent for an existing connection', args: 1, action: 'connection.reconnect', scope: ([id]) => ({ connection: id! }), options: CONNECT_OPTIONS,
    run: (ctx, [id], values) => withVault(ctx, (v) => reconnectCommand(v, id!, connectOptions(values))),
  },
  {
    words: ['connections'], usage: 'connections [--tenant T] [--state S]', summary: 'list connections with their health', args: 0, action: 'connection.list', scope: (_a, v) => (typeof v.tenant === 'string' ? { tenant: v.tenant } : {}),
    options: { tenant: { type: 'string' }, state: { type: 'string' } },
    run: (ctx, _a, values) => withVault(ctx, (v) => connectionsList(v, { tenant: values.tenant as string | undefined, state: values.state as string | undefined })),
  },
  { words: ['refresh'], usage: 'refresh CONNECTION', summary: 'refresh a connection now', args: 1, action: 'connection.refresh', scope: ([id]) => ({ connection: id! }), run: (ctx, [id]) => withVault(ctx, (v) => refreshCommand(v, id!)) },
  { words: ['probe'], usage: 'probe CONNECTION', summary: "run the connector's health probe", args: 1, action: 'connection.probe', scope: ([id]) => ({ connection: id! }), run: (ctx, [id]) => withVault(ctx, (v) => probeCommand(v, id!)) },
  { words: ['token'], usage: 'token CONNECTION', summary: 'print a fresh access token for a script (audited)', args: 1, action: 'token', scope: ([id]) => ({ connection: id! }), run: (ctx, [id]) => withVault(ctx, (v) => tokenCommand(v, id!)) },
  { words: ['pause'], usage: 'pause CONNECTION', summary: 'stop refresh and probes, keeping the tokens', args: 1, action: 'connection.pause', scope: ([id]) => ({ connection: id! }), run: (ctx, [id]) => withVault(ctx, (v) => pauseCommand(v, id!, true)) },
  { words: ['resume'], usage: 'resume CONNECTION', summary: 'restart refresh and probes', args: 1, action: 'connection.resume', scope: ([id]) => ({ connection: id! }), run: (ctx, [id]) => withVault(ctx, (v) => pauseCommand(v, id!, false)) },
  {
    words: ['monitor'], usage: 'monitor [--once] [--interval S] [--metrics 127.0.0.1:PORT]', summary: 'refresh what is due and run due probes', args: 0, action: 'monitor',
    options: { once: { type: 'boolean' }, interval: { type: 'string' }, metrics: { type: 'string' } },
    run: (ctx, _a, values) =>
      withVault(ctx, (v) => monitorCommand(v, { once: values.once === true, interval: values.interval as string | undefined, metrics: values.metrics as string | undefined })),
  },
  {
    words: ['revoke'], usage: 'revoke CONNECTION --dry-run|--yes [--lang en|es]', summary: 'preview, then revoke a connection', args: 1, action: (v) => (v['dry-run'] === true ? 'revoke.preview' : 'connection.revoke'), scope: ([id]) => ({ connection: id! }),
    options: { 'dry-run': { type: 'boolean' }, yes: { type: 'boolean' }, lang: { type: 'string' } },
    run: (ctx, [id], values) =>
      withVault(ctx, (v) => revokeCommand(v, id!, { dryRun: values['dry-run'] === true, yes: values.yes === true, lang: values.lang as string | undefined })),
  },
  {
    words: ['import'], usage: 'import FILE|-', summary: 'import self-authorized connections (JSON Lines)', args: 1, action: 'connection.import',
    run: (ctx, [file]) => withVault(ctx, (v) => importCommand(v, file!)),
  },
  {
    words: ['demo'], usage: 'demo [--port P] [--access-ttl S]', summary: 'run the local demo marketplace and point the demo connector at it', args: 0, action: 'demo',
    options: { port: { type: 'string' }, 'access-ttl': { type: 'string' } },
    run: (ctx, _a, values) => withVault(ctx, (v) => demoCommand(v, { port: values.port as string | undefined, accessTtl: values['access-ttl'] as string | undefined })),
  },
  {
    words: ['webhook', 'set'], usage: 'webhook set --url-env VAR', summary: 'post health state changes to a Slack-compatible webhook', args: 0, action: 'webhook',
    options: { 'url-env': { type: 'string' } },
    run: (ctx, _a, values) => withVault(ctx, (v) => webhookSet(v, values['url-env'] as string | undefined)),
  },
  { words: ['webhook', 'clear'], usage: 'webhook clear', summary: 'stop posting health changes', args: 0, action: 'webhook', run: (ctx) => withVault(ctx, webhookClear) },
  { words: ['webhook', 'show'], usage: 'webhook show', summary: 'show where health changes are posted', args: 0, action: 'webhook', run: (ctx) => withVault(ctx, webhookShow) },
  ...ACCESS_COMMANDS,
  {
    words: ['dossier'], usage: 'dossier TENANT [--format html|json] [--lang en|es] [--out FILE]', summary: "a client's access dossier: every marketplace account, how to revoke and renew it", args: 1,
    action: 'dossier', scope: ([tenant]) => ({ tenant: tenant! }),
    options: { format: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } },
    run: (ctx, [tenant], values) =>
      withVault(ctx, (v) => dossierCommand(v, tenant!, { format: values.format as string | undefined, lang: values.lang as string | undefined, out: values.out as string | undefined })),
  },
];

export type { Command };

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.split(' [')[0]!.length));
  return [
    `fivex-connect ${pkg.version}: marketplace credentials for agencies, headless.`,
    '',
    'Usage: fivex-connect [--vault DIR] [--json] [--operator NAME] COMMAND ...',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.usage.split(' [')[0]!.padEnd(width)}  ${c.summary}`),
    '',
    'The vault folder is --vault, else FIVEX_VAULT_DIR, else the desktop app\'s data folder.',
    'The passphrase comes from FIVEX_VAULT_PASSPHRASE or a prompt; secrets are never taken from argv.',
    'In a vault with operators: --operator NAME (or FIVEX_OPERATOR), the PIN from FIVEX_OPERATOR_PIN or a prompt.',
    'Exit codes: 0 done, 1 failed, 2 usage.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [
    `Usage: fivex-connect [--vault DIR] [--json] ${c.usage}`,
    '',
    `  ${c.summary}.`,
    '',
    'Run fivex-connect --help for every command. Exit codes: 0 done, 1 failed, 2 usage.',
  ].join('\n');
}

function findCommand(positionals: ReadonlyArray<string>): Command | undefined {
  return COMMANDS.find((c) => c.words.every((w, i) => positionals[i] === w));
}

export async function main(argv: ReadonlyArray<string>, io: Io = processIo()): Promise<number> {
  const wantsJson = argv.includes('--json');
  const out = new Output(wantsJson, io);
  try {
    // First pass: find the command among the positionals, tolerating its own options.
    const loose = parseArgs({ args: [...argv], options: GLOBAL_OPTIONS, allowPositionals: true, strict: false });
    if (loose.values.version) {
      out.result({ version: pkg.version }, () => pkg.version);
      return 0;
    }
    const positionals = loose.positionals;
    const command = findCommand(positionals);
    if (loose.values.help || positionals.length === 0) {
      // `fivex-connect COMMAND --help`: that command's usage with every flag; else the list.
      io.stdout.write(`${command ? commandHelp(command) : helpText()}\n`);
      return positionals.length === 0 && !loose.values.help ? 2 : 0;
    }
    if (!command) {
      const group = COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === positionals[0]);
      if (group.length > 0) {
        throw usageError(`${positionals[0]} needs one of: ${group.map((c) => c.words.slice(1).join(' ')).join(', ')}; e.g. fivex-connect ${group[0]!.usage}`);
      }
      throw usageError(`unknown command "${positionals.join(' ')}"; run fivex-connect --help for the list`);
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    } catch (err) {
      throw usageError(`${(err as Error).message.split('\n')[0]}; usage: fivex-connect ${command.usage}`);
    }
    const args = parsed.positionals.slice(command.words.length);
    if (args.length !== command.args) {
      throw usageError(`usage: fivex-connect ${command.usage}`);
    }
    const global: GlobalOptions = {
      json: parsed.values.json === true,
      ...(typeof parsed.values.vault === 'string' ? { vault: parsed.values.vault } : {}),
      ...(typeof parsed.values.operator === 'string' ? { operator: parsed.values.operator } : {}),
    };
    const action = typeof command.action === 'function' ? command.action(parsed.values) : command.action;
    const access = action === null ? undefined : { action, scope: command.scope?.(args, parsed.values) ?? {} };
    await command.run({ io, out, global, ...(access ? { access } : {}) }, args, parsed.values);
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      out.error(err.code, err.fullMessage, err.document);
      return exitCodeOf(err);
    }
    // Unexpected: say so without dumping internals (which could hold secrets) to scripts.
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    out.error('internal', `unexpected failure (${message}); please report it`);
    return 1;
  }
}

function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, isTTY: Boolean(process.stdin.isTTY) };
}
