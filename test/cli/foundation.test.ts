// The first CLI commands, as docs/cli-contract.md promises them: init, tenant, connector, app set,
// --version and --json, exit codes and messages, on real vault files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { CLI_BUILT, runCli, runCliProcess, tempDir } from '../support/cli';

let dir: string;
let cleanup: () => void;
let vault: string;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  vault = join(dir, 'vault');
});
afterEach(() => cleanup());

const v = (...args: string[]): string[] => ['--vault', vault, ...args];

const acmeConnector = {
  id: 'acme-market',
  name: 'Acme Market',
  authorizationEndpoint: 'https://auth.acme.example/authorize',
  tokenEndpoint: 'https://auth.acme.example/token',
  revocationEndpoint: 'https://auth.acme.example/revoke',
  probe: { url: 'https://api.acme.example/me', method: 'GET' },
  scopes: ['orders.read'],
  pkce: 'S256',
  clientAuth: 'basic',
  maxConcurrentRefreshes: 8,
  consentValidityDays: 365,
};

describe('version and usage', () => {
  it('prints the package version, as text and as JSON', async () => {
    expect((await runCli(['--version'])).stdout.trim()).toBe(pkg.version);
    const json = await runCli(['--version', '--json']);
    expect(json.code).toBe(0);
    expect(json.json()).toEqual({ version: pkg.version });
  });

  it('exits 2 on no command, an unknown command, an unknown flag or missing arguments', async () => {
    expect((await runCli([])).code).toBe(2);
    const unknown = await runCli(['frobnicate', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.json<{ error: string }>().error).toBe('usage');
    expect((await runCli(v('tenant', 'list', '--nope'))).code).toBe(2);
    const missing = await runCli(v('tenant', 'add'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: fivex-connect tenant add NAME');
  });
});

describe('init', () => {
  it('creates a vault once, then refuses to overwrite it', async () => {
    const first = await runCli(v('init', '--json'));
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ vault });
    expect(readdirSync(vault).some((f) => f.endsWith('.db'))).toBe(true);

    const again = await runCli(v('init', '--json'));
    expect(again.code).toBe(1);
    expect(again.json<{ error: string }>().error).toBe('vault_exists');
    expect(again.stderr).toMatch(/already exists/);
  });

  it('takes the folder from FIVEX_VAULT_DIR when --vault is absent', async () => {
    const r = await runCli(['init', '--json'], { env: { FIVEX_VAULT_DIR: vault } });
    expect(r.json()).toEqual({ vault });
  });

  it('refuses a too-short passphrase and leaves no vault behind', async () => {
    const r = await runCli(v('init'), { env: { FIVEX_VAULT_PASSPHRASE: 'short' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/passphrase/i);
    expect((await runCli(v('tenant', 'list'))).stderr).toMatch(/not a FiveX Connect vault/);
  });

  it('asks for the passphrase when it is neither in the environment nor on a terminal', async () => {
    const r = await runCli(v('init'), { env: { FIVEX_VAULT_PASSPHRASE: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FIVEX_VAULT_PASSPHRASE');
  });
});

describe('opening a vault', () => {
  it('says when a folder is not a vault', async () => {
    const r = await runCli(v('tenant', 'list', '--json'));
    expect(r.code).toBe(1);
    expect(r.json<{ error: string }>().error).toBe('not_a_vault');
    expect(r.stderr).toContain(`${vault} is not a FiveX Connect vault`);
  });

  it('refuses a wrong passphrase clearly and changes nothing', async () => {
    await runCli(v('init'));
    await runCli(v('tenant', 'add', 'Acme Foods'));
    const file = readdirSync(vault).find((f) => f.endsWith('.db'))!;
    const before = readFileSync(join(vault, file));
    const r = await runCli(v('tenant', 'add', 'Intruder', '--json'), { env: { FIVEX_VAULT_PASSPHRASE: 'not the passphrase' } });
    expect(r.code).toBe(1);
    expect(r.json<{ error: string }>().error).toBe('wrong_passphrase');
    expect(r.stderr).toMatch(/wrong vault passphrase/);
    expect(readFileSync(join(vault, file)).equals(before)).toBe(true);
    const list = (await runCli(v('tenant', 'list', '--json'))).json<Array<{ name: string }>>();
    expect(list.map((t) => t.name)).toEqual(['Acme Foods']);
  });
});

describe('tenants', () => {
  beforeEach(async () => {
    expect((await runCli(v('init'))).code).toBe(0);
  });

  it('adds and lists tenants with their connection counts', async () => {
    const added = await runCli(v('tenant', 'add', 'Acme Foods', '--json'));
    expect(added.code).toBe(0);
    const tenant = added.json<{ id: string; name: string }>();
    expect(tenant.name).toBe('Acme Foods');
    expect(tenant.id).toMatch(/^ten_/);
    await runCli(v('tenant', 'add', 'Blue Shoes'));
    const list = (await runCli(v('tenant', 'list', '--json'))).json();
    expect(list).toEqual([
      { id: tenant.id, name: 'Acme Foods', connections: 0 },
      { id: expect.stringMatching(/^ten_/), name: 'Blue Shoes', connections: 0 },
    ]);
    const text = await runCli(v('tenant', 'list'));
    expect(text.stdout).toMatch(/Acme Foods\s+ten_\S+\s+0/);
  });

  it('refuses a duplicate or empty name with a message that says what to do', async () => {
    await runCli(v('tenant', 'add', 'Acme Foods'));
    const dup = await runCli(v('tenant', 'add', 'Acme Foods', '--json'));
    expect(dup.code).toBe(1);
    expect(dup.json<{ error: string }>().error).toBe('tenant_exists');
    const empty = await runCli(v('tenant', 'add', '   '));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/cannot be empty/);
  });
});

describe('connectors', () => {
  beforeEach(async () => {
    expect((await runCli(v('init'))).code).toBe(0);
  });

  it('lists the built-in connectors with grant, redirects, endpoints and params', async () => {
    const list = (await runCli(v('connector', 'list', '--json'))).json<
      Array<{ id: string; name: string; grant: string; redirects: string[]; endpoints: string[]; params: Array<{ name: string; description: string; required: boolean }> }>
    >();
    const ids = list.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['amazon-sp-api', 'ebay', 'etsy', 'shopify', 'walmart', 'demo']));
    for (const c of list) {
      expect(typeof c.name).toBe('string');
      expect(c.redirects.length).toBeGreaterThan(0);
      expect(Array.isArray(c.endpoints)).toBe(true);
      expect(Array.isArray(c.params)).toBe(true);
    }
  });

  it('registers a custom connector file and lists it', async () => {
    const file = join(dir, 'acme.json');
    writeFileSync(file, JSON.stringify(acmeConnector));
    const added = await runCli(v('connector', 'add', file, '--json'));
    expect(added.code).toBe(0);
    expect(added.json()).toEqual({ id: 'acme-market' });
    const list = (await runCli(v('connector', 'list', '--json'))).json<Array<{ id: string; endpoints: string[] }>>();
    const acme = list.find((c) => c.id === 'acme-market');
    expect(acme?.endpoints).toEqual(expect.arrayContaining(['authorize', 'token', 'revoke', 'probe']));
  });

  it('names the file and the field of a malformed connector, and registers nothing', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ ...acmeConnector, tokenEndpoint: 'ftp://nope' }));
    const r = await runCli(v('connector', 'add', file, '--json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken.json');
    expect(r.stderr).toContain('tokenEndpoint');
    const list = (await runCli(v('connector', 'list', '--json'))).json<Array<{ id: string }>>();
    expect(list.some((c) => c.id === 'acme-market')).toBe(false);

    writeFileSync(file, '{ "id": "acme", ');
    const bad = await runCli(v('connector', 'add', file));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('broken.json');

    const missing = await runCli(v('connector', 'add', join(dir, 'nope.json')));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read connector file .*nope\.json/);
  });
});

describe('app set', () => {
  beforeEach(async () => {
    expect((await runCli(v('init'))).code).toBe(0);
    writeFileSync(join(dir, 'acme.json'), JSON.stringify(acmeConnector));
    expect((await runCli(v('connector', 'add', join(dir, 'acme.json')))).code).toBe(0);
  });

  it('stores the registration, reading the secret only from the named env var', async () => {
    const secret = `CANARY-SECRET-${Math.random().toString(36).slice(2)}`;
    const r = await runCli(v('app', 'set', 'acme-market', '--client-id', 'client-123', '--client-secret-env', 'ACME_SECRET', '--endpoint', 'token=http://127.0.0.1:9/token', '--json'), {
      env: { ACME_SECRET: secret },
    });
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ connector: 'acme-market', clientId: 'client-123' });
    expect(r.stdout + r.stderr).not.toContain(secret);
    for (const f of readdirSync(vault)) {
      const bytes = readFileSync(join(vault, f));
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString('base64')))).toBe(false);
    }
  });

  it('never takes a secret from argv', async () => {
    const r = await runCli(v('app', 'set', 'acme-market', '--client-id', 'x', '--client-secret', 'hunter2'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--client-secret-env');
    expect(r.stderr).not.toContain('hunter2');
  });

  it('names an unknown connector, endpoint or param, and an unset env var', async () => {
    const unknown = await runCli(v('app', 'set', 'nope-market', '--client-id', 'x', '--json'));
    expect(unknown.code).toBe(1);
    expect(unknown.json<{ error: string }>().error).toBe('unknown_connector');
    expect(unknown.stderr).toContain('"nope-market"');

    const endpoint = await runCli(v('app', 'set', 'acme-market', '--client-id', 'x', '--endpoint', 'teleport=https://x.example/'));
    expect(endpoint.code).toBe(1);
    expect(endpoint.stderr).toContain('"teleport"');

    const insecure = await runCli(v('app', 'set', 'acme-market', '--client-id', 'x', '--endpoint', 'token=http://evil.example/token'));
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toMatch(/https/);

    const param = await runCli(v('app', 'set', 'acme-market', '--client-id', 'x', '--param', 'color=blue'));
    expect(param.code).toBe(1);
    expect(param.stderr).toContain('"color"');

    const env = await runCli(v('app', 'set', 'acme-market', '--client-id', 'x', '--client-secret-env', 'NOT_SET_ANYWHERE'));
    expect(env.code).toBe(1);
    expect(env.stderr).toContain('NOT_SET_ANYWHERE');
  });

  it('asks for the params a marketplace requires (SP-API application id)', async () => {
    const r = await runCli(v('app', 'set', 'amazon-sp-api', '--client-id', 'amzn1.application-oa2-client.x'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--param \S+=VALUE/);
  });
});

describe.skipIf(!CLI_BUILT)('the built binary (needs `npm run build`)', () => {
  it('runs as a child process with the same contract', async () => {
    const version = await runCliProcess(['--version', '--json']);
    expect(version.code).toBe(0);
    expect(version.json()).toEqual({ version: pkg.version });
    const init = await runCliProcess(['--vault', vault, 'init', '--json']);
    expect(init.code).toBe(0);
    const add = await runCliProcess(['--vault', vault, 'tenant', 'add', 'Acme', '--json']);
    expect(add.json<{ name: string }>().name).toBe('Acme');
  });
});
