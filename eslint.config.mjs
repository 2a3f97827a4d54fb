// ESLint flat config: typescript-eslint's recommended rules for the
// TypeScript sources and tests, plain recommended rules for the JS scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'exports', 'process', 'console', '__dirname', '__filename', 'Buffer', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'setImmediate', 'URL', 'AbortController', 'TextDecoder', 'fetch'].map((g) => [g, 'readonly']),
);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    // The layering: the API client, the session model, ID extraction, batching and the
    // other pure modules run in plain Node (and their unit tests) without VS Code.
    files: [
      'src/connect/**/*.ts',
      'src/session/clock.ts', 'src/session/keychain.ts', 'src/session/renewalClaim.ts', 'src/session/renewalSchedule.ts',
      'src/session/sessionEvents.ts', 'src/session/sessionHolder.ts', 'src/session/sessionManager.ts', 'src/session/sessionTypes.ts',
      'src/authorizations/imageIds.ts', 'src/authorizations/batches.ts', 'src/authorizations/accounting.ts', 'src/authorizations/details.ts',
      'src/downloads/confirmation.ts', 'src/names.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'This module must run in plain Node: no vscode import (see the layering in eslint.config.mjs).' }],
        patterns: [{ group: ['**/extension', '**/ui/*', '**/log', '**/config'], message: 'A pure module must not depend on a VS Code-facing one.' }],
      }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals, sourceType: 'module' },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
