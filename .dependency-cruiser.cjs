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
    exclude: { path: '(^|/)(out|dist|node_modules)/' },
  },
};
