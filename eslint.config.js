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
      // The generated API reference (npm run docs:api).
      'docs/api/**',
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
        // The login's HTTP edge lives in core too (issue 10): adapters translate, they do not re-decide.
        {
          selector:
            'Literal[value=/^__(Host|Secure)-|;\\s*HttpOnly/i], TemplateElement[value.raw=/^__(Host|Secure)-|;\\s*HttpOnly/i]',
          message:
            "A login cookie's name prefix and attributes live in @cognito-connect/core: use edgeCookie/setCookie/clearCookie.",
        },
        {
          selector: "BinaryExpression[operator='instanceof'][right.name=/^Cognito(Token|Flow|Http|Request)Error$/]",
          message:
            "Which status a core error answers with is core's error table: use describeError/errorStatus/errorResponse (branch on error.code if you must).",
        },
        {
          selector:
            'CallExpression[callee.property.name=/^(some|every|includes)$/][callee.object.name=/groups$/i], CallExpression[callee.property.name=/^(some|every|includes)$/][callee.object.property.name=/groups$/i]',
          message: 'The group rule lives in @cognito-connect/core: use requireGroup/inRequiredGroup.',
        },
        {
          selector: "BinaryExpression[operator=/^!==?$/][left.property.name='protocol'][right.value=/^https?:$/]",
          message:
            'The URL rule (https, or http only on loopback; no credentials or fragment) lives in @cognito-connect/core: use parseHttpsUrl or safeRedirect.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
