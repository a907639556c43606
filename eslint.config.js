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
    rules: layer(
      ['../app/*', '../../app/*', '**/db/*', '**/http/*', '**/cli/*', '**/jobs/*', 'pg', 'fastify', 'node:*'],
      'the domain is pure: it imports only the domain',
    ),
  },
  {
    files: ['src/app/**/*.ts'],
    rules: layer(['**/http/*', '**/cli/*', 'fastify'], 'use-cases know nothing of HTTP or the CLI'),
  },
  {
    files: ['src/db/**/*.ts'],
    rules: layer(['**/http/*', '**/cli/*', '**/app/*'], 'the database layer is below the use-cases'),
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    rules: layer(
      ['**/src/app/*', '**/src/db/*', '**/src/http/*', '**/src/cli/*', 'pg', 'fastify'],
      'the web UI imports only the domain and its API client',
    ),
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
