import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.demo-data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The portal's pages sit on top of the hub, never under it: core, webhooks, connectors and mappings
    // do not import portal-ui/ (its routes, views and page loaders). Domain services live in src/.
    // Tests and test harnesses may drive the portal end to end; src/http/create-http-app.ts is the one
    // composition root that mounts the portal and staff routers on the HTTP server (as it mounts webhooks/).
    files: ['src/**/*.ts', 'webhooks/**/*.ts', 'connectors/**/*.ts', 'mappings/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**', 'src/http/create-http-app.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)portal-ui(/|$)', message: 'portal-ui/ holds routes, views and page loaders; put what src/, webhooks/, connectors/ or mappings/ need in src/.' }] }],
    },
  },
);
