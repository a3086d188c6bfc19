// Lint for the whole monorepo, plus the house rules a linter can enforce (see ../shared/STYLE.md).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.tmp/**',
      'test-fixtures/strapi-app/**',
      '**/*.cjs',
      'coverage/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Core runs in edge workers: no Node built-ins.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'core must stay runtime-neutral (no node: imports)' }] },
      ],
    },
  },
  {
    // One home for each fact: Cognito endpoint paths live in core (the emulator is the independent referee).
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/core/**', 'packages/emulator/**', 'packages/*/src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/oauth2\\/(token|authorize|userInfo|revoke)|well-known\\/jwks/]',
          message: 'Cognito endpoint paths live in @cognito-connect/core (endpoints.ts); import them.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
