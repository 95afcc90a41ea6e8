// Lint: type-aware typescript-eslint, plus the architecture rules of shared/STYLE.md:
// only main/app/ (and the preload bridge) may import electron; raw ipc objects only in the bridge.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronOnlyInApp = {
  paths: [
    { name: 'electron', message: 'Only main/app/ (and preload/) may import electron; inject what you need behind an interface.' },
  ],
  patterns: [{ group: ['electron/*'], message: 'Only main/app/ may import electron.' }],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'build/relay/**', 'bin/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronOnlyInApp],
    },
  },
  {
    files: ['main/app/**/*.ts', 'preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use the typed wrappers in main/app/ipc.ts and preload/ipc.ts.' },
        ],
      }],
    },
  },
  {
    files: ['main/app/ipc.ts', 'preload/ipc.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // expect.any()/expect.stringMatching() are typed `any` by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
