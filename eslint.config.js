// ESLint (flat config) with typescript-eslint: the recommended rules plus a few
// that catch real mistakes in async server code. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'schema/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise nobody awaits loses its error: await it, return it, or mark it with `void`.
      // lmdb's put/remove inside a transaction callback commit with the transaction; their promises need no await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'lmdb', name: ['put', 'remove', 'putSync', 'removeSync', 'ifVersion', 'ifNoExists'] }] },
      ],
      // An async function passed where a plain callback is expected (e.g. an event handler) loses its rejection.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Validators match control characters on purpose (ids, payloads, URLs).
      'no-control-regex': 'off',
      'no-console': 'off',
    },
  },
  {
    // Tests use loose fixtures and fake platform payloads.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // A walk through a lesson assigns each reply, and checks only some of them.
      'no-useless-assignment': 'off',
    },
  },
  {
    // The chat page's script runs in the browser (no bundler, no TypeScript).
    files: ['src/channels/web/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        URLSearchParams: 'readonly',
        crypto: 'readonly',
        fetch: 'readonly',
        getComputedStyle: 'readonly',
        setInterval: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    files: ['*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
