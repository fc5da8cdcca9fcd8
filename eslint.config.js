// One lint configuration for the whole repository: TypeScript, Svelte 5 components and the Node scripts.
// Formatting is Prettier's job (npm run format); this file keeps the rules that catch mistakes, plus the line width
// that Prettier cannot enforce on comments and strings.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const WIDTH = 120;

export default ts.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.stride-data/**',
      'test-results/**',
      'docs/screenshots/**',
      'native/**',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'max-len': ['error', { code: WIDTH, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-main/**', 'src-renderer/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // A language is data (resources/locales): product code never branches on a particular locale.
          selector: 'BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^(en|es|fr)$/]',
          message: 'Do not branch on a locale code; read the language from resources/locales instead.',
        },
      ],
    },
  },
  {
    // The Electron main bundle is scanned by Electronegativity, whose parser cannot read `#private` fields: a file it
    // cannot parse hides the navigation guards in it, and the scan fails.
    files: ['src-main/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^(en|es|fr)$/]',
          message: 'Do not branch on a locale code; read the language from resources/locales instead.',
        },
        {
          selector: 'PrivateIdentifier',
          message: 'Use a TypeScript `private` field: Electronegativity cannot parse `#private` in the main bundle.',
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
    rules: {
      // State modules build Sets, Maps and Dates inside $derived and replace them rather than mutate them, which is
      // what makes Svelte see the change; SvelteSet and friends are for collections mutated in place.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['tests/**'],
    rules: {
      // Tests take real content files apart as loose JSON to build broken variants of them.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
