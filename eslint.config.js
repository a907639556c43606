import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Strict, type-aware lint. Layer boundaries are rules here, not hopes (DESIGN.md "Layout").
const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'dist/', 'data/', 'tmp/', 'coverage/', 'docs/api/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // With noUncheckedIndexedAccess, `xs[i]!` after a bounds-checked loop is the honest spelling.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Fastify handlers and plugins are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      ...layer(
        [
          '../app/*',
          '../../app/*',
          '**/db/*',
          '**/http/*',
          '**/cli/*',
          '**/jobs/*',
          '**/site/*',
          'pg',
          'kysely',
          'fastify',
          'node:*',
        ],
        'the domain is pure: it imports only the domain',
      ),
      // Time is an input of the domain (AppContext.now), never read inside it.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'the domain never reads the clock: take `now` as an argument',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'the domain never reads the clock: take `now` as an argument',
        },
      ],
    },
  },
  // Wire contracts (decision 024): Zod schemas of request and response bodies, imported by routes, use-cases
  // and (type-only) the web. They depend on zod and the pure domain, nothing of the server.
  {
    files: ['src/contracts/**/*.ts'],
    rules: layer(
      [
        '**/app/*',
        '**/app/**',
        '**/db/*',
        '**/db/**',
        '**/http/*',
        '**/http/**',
        '**/cli/*',
        '**/jobs/*',
        '**/site/*',
        'pg',
        'kysely',
        'fastify',
        'fastify-*',
        'node:*',
      ],
      'a contract imports only zod and the domain, so the web can use it',
    ),
  },
  // Use-cases call repositories (src/db/repositories) and own transactions; they never build SQL.
  {
    files: ['src/app/**/*.ts'],
    rules: {
      ...layer(
        ['**/http/*', '**/cli/*', '**/site/*', '**/jobs/*', 'fastify', 'pg', 'pg-copy-streams', 'kysely'],
        'use-cases know nothing of HTTP, the CLI, pages or SQL: put statements in src/db/repositories',
      ),
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: 'SQL belongs in src/db/repositories; call a repository function',
        },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: layer(
      ['**/http/*', '**/cli/*', '**/app/*', '**/site/*', '**/jobs/*', 'fastify'],
      'the database layer is below the use-cases',
    ),
  },
  // HTTP calls use-cases; it never reaches into the database layer or SQL.
  {
    files: ['src/http/**/*.ts'],
    rules: layer(
      ['**/db/*', '**/db/**', '**/cli/*', '**/jobs/*', 'pg', 'kysely'],
      'routes call use-cases (src/app), never the database',
    ),
  },
  // The public site renders pages from data it is given: no database, no HTTP framework.
  {
    files: ['src/site/**/*.ts'],
    rules: layer(
      ['**/db/*', '**/db/**', '**/http/*', '**/cli/*', '**/jobs/*', 'pg', 'kysely', 'fastify'],
      'site pages render what they are given',
    ),
  },
  // Jobs run use-cases on a schedule; they are not HTTP handlers or CLI commands.
  {
    files: ['src/jobs/**/*.ts'],
    rules: layer(
      ['**/http/*', '**/http/**', '**/cli/*', '**/site/*', 'fastify'],
      'jobs call use-cases, not routes or commands',
    ),
  },
  // Commands call use-cases and the composition root (server.ts); never routes or pages.
  {
    files: ['src/cli/**/*.ts'],
    rules: layer(
      ['**/http/routes/*', '**/http/plugins/*', '**/site/*'],
      'commands call use-cases, not routes or pages',
    ),
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: layer(
      ['**/src/app/*', '**/src/db/*', '**/src/http/*', '**/src/cli/*', 'pg', 'fastify'],
      'the web UI imports only the domain, the contracts (src/contracts, type-only) and its API client',
    ),
  },
  // One kit: the portal, the public pages and the shared parts never reach into the staff console (its stylesheet
  // aside); what they share lives in web/src/shared.
  {
    files: ['web/src/portal/**/*.{ts,tsx}', 'web/src/public/**/*.{ts,tsx}', 'web/src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...['**/src/app/*', '**/src/db/*', '**/src/http/*', '**/src/cli/*', 'pg', 'fastify'].map((group) => ({
              group: [group],
              message: 'the web UI imports only the domain, the contracts (type-only) and its API client',
            })),
            {
              regex: '(^|/)console/(?!.*\\.css$)',
              message:
                'the portal, public and shared web code never import the staff console: share it in web/src/shared',
            },
          ],
        },
      ],
    },
  },
  // Contract types cost nothing in the bundle; a value import would pull zod into every page.
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/contracts/*'],
              allowTypeImports: true,
              message: 'import contracts with `import type` in the web (zod stays out of the bundle)',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**', 'bin/**', '*.js', '*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
);
