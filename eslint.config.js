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
    // One home for each fact: Cognito endpoint paths, claim names, the pool's provider name and the default scopes
    // live in core (the emulator is the independent referee and keeps its own).
    files: ['packages/*/src/**/*.ts', 'packages/*/src/**/*.tsx'],
    ignores: ['packages/core/**', 'packages/emulator/**', 'packages/*/src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/oauth2\\/(token|authorize|userInfo|revoke)|well-known\\/jwks/]',
          message: 'Cognito endpoint paths live in @cognito-connect/core (endpoints.ts); import them.',
        },
        {
          selector: 'Literal[value=/^cognito:/], TemplateElement[value.raw=/cognito:[a-z]/]',
          message: 'Cognito claim names live in @cognito-connect/core: use COGNITO_CLAIMS.',
        },
        {
          selector: "Literal[value='COGNITO']",
          message: "The user pool's provider name lives in @cognito-connect/core: use USER_POOL_PROVIDER.",
        },
        {
          selector:
            "Literal[value=/^openid[ ,]+email[ ,]+profile$/], ArrayExpression:has(> Literal[value='openid']):has(> Literal[value='email']):has(> Literal[value='profile'])",
          message: 'The default scopes live in @cognito-connect/core: use DEFAULT_SCOPES.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
