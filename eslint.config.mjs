// ESLint: typescript-eslint's type-checked rules (they read the types, so they catch a promise nobody awaits, an
// async callback handed to an API that ignores its result, a switch that forgets a case) and eslint-plugin-regexp
// (every regular expression applied to user text is checked for super-linear backtracking, ReDoS). src/ gets the
// strict set; test/, scripts/ and bench/ a lighter one (tests use `any`-typed JSON and assertions freely).
// `npm run lint` runs it over the tree (about a minute: type information); `npm test` with a cache, seconds when warm.
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const typed = {
  parser: tseslint.parser,
  parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      '.vscode-test*/',
      'examples/',
      'media/',
      'test/fixtures/',
      'test/host/fixtures/',
      '**/*.generated.*',
      'src/cli/launcher.js',
    ],
  },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: typed,
    plugins: { regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Passing on a caught error or an abort reason (any/unknown) is fine, as only-throw-error allows by default.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests, scripts and benchmarks: the promise rules only (a test whose promise nobody awaits passes while its
    // assertions run after the end). node:test's test()/describe() return promises the runner itself awaits.
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    languageOptions: typed,
    plugins: { '@typescript-eslint': tseslint.plugin, regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
);
