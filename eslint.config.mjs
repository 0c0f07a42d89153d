// ESLint over src/: for now only regexp rules, so every regular expression applied to user text is checked for
// super-linear backtracking (ReDoS) on every `npm test`. More rules (type-checked ones too) go in `rules` below.
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['dist/', 'node_modules/', '.vscode-test*/', 'test/', 'scripts/', 'bench/', 'examples/', 'media/'] },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.generated.*'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { regexp },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
];
