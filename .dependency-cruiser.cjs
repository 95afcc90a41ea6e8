// Architecture boundaries, checked in `npm run lint`.
module.exports = {
  forbidden: [
    {
      name: 'electron-only-in-main-app',
      comment: 'Only main/app/ (and the preload bridge) may import electron; the rest of main is plain Node.',
      severity: 'error',
      from: { pathNot: '^(main/app|preload)/' },
      to: { path: '^electron$|node_modules/electron/' },
    },
    {
      name: 'renderer-is-isolated',
      comment: 'The renderer talks to main only through the preload contract.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(main|connectors)/|^node:|better-sqlite3' },
    },
    {
      name: 'connectors-do-not-reach-into-main',
      comment: 'Connectors are declarative definitions; the engine in main/ consumes them, not the reverse.',
      severity: 'error',
      from: { path: '^connectors/' },
      to: { path: '^(main|renderer|preload)/' },
    },
    {
      name: 'lib-is-plain',
      comment: 'lib/ holds small helpers with no product knowledge (the loopback check), shared by main/ and connectors/: it imports only Node.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(main|renderer|preload|connectors)/' },
    },
    {
      name: 'main-app-is-the-top',
      comment: 'main/app is the Electron shell that wires everything; nothing else in main may depend on it (the CLI and the preview run without it).',
      severity: 'error',
      from: { path: '^main/', pathNot: '^main/app/' },
      to: { path: '^main/app/' },
    },
    {
      name: 'repositories-and-vault-import-no-service-layer',
      comment:
        'main/repos (all SQL) and main/vault sit under every service: they import no service code. ' +
        'Type-only imports of the shapes they store (AuditEvent, TokenSet, AppRegistration) are allowed.',
      severity: 'error',
      from: { path: '^main/(repos|vault)/' },
      to: {
        path: '^main/(oauth|refresh|health|connect|connectors|desktop|cli|audit|preview|app|metrics|access|dossier)/|^main/services\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'renderer-imports-only-preload-types',
      comment:
        'The renderer knows the contract as types; values cross only through window.fivex. The one exception is the ' +
        "browser preview's bridge, which builds the same FivexApi (preload/api.ts) over HTTP instead of IPC.",
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/src/bridge/http-bridge\\.ts$' },
      to: { path: '^preload/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-never-loads-the-electron-bridge',
      comment: 'preload/index.ts and preload/ipc.ts run in the preload context with ipcRenderer; the page never imports them.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^preload/(index|ipc)\\.ts$' },
    },
    {
      name: 'front-ends-reach-the-product-through-services',
      comment:
        'CLI commands, desktop handlers and the preview use the services main/services.ts builds, not repositories, ' +
        'the vault, SQLite or oauth internals (parsing a pasted callback at the edge, oauth/protocol/callback-input, is theirs). ' +
        'Creating or opening the vault, the composition root\'s input, goes through main/vault-access.ts beside main/services.ts ' +
        '(the CLI\'s init and the desktop\'s vault session), and a vault failure reaches them as its code (vaultErrorCode). ' +
        'Type-only imports are not counted.',
      severity: 'error',
      from: { path: '^main/(cli/commands|desktop|preview)/' },
      to: {
        path: '^main/(repos|vault)/|^better-sqlite3$|node_modules/better-sqlite3/|^main/oauth/(adapters/|http\\.ts|http-transport\\.ts|token-client\\.ts|classify\\.ts|protocol/(?!callback-input\\.ts))',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'only-the-vault-entry-points-use-vault-access',
      comment:
        'main/vault-access.ts is for creating or opening the vault (cli/commands/init.ts, desktop/vault-session.ts) and ' +
        'mapping its failures (desktop/errors.ts); every other front-end module reaches the vault through the services.',
      severity: 'error',
      from: { path: '^main/(cli/commands|desktop|preview)/', pathNot: '^main/(cli/commands/init|desktop/vault-session|desktop/errors)\\.ts$' },
      to: { path: '^main/vault-access\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'main-does-not-import-renderer',
      severity: 'error',
      from: { path: '^(main|preload)/' },
      to: { path: '^renderer/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.node.json' },
    tsPreCompilationDeps: true,
    // node_modules is not followed but stays in the graph: excluding it dropped every edge to electron and
    // better-sqlite3, so the rules naming them could never fire.
    exclude: { path: '(^|/)(out|dist)/' },
  },
};
