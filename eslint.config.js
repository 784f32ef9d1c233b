// Lint: typescript-eslint's recommended rules; `any` needs a written reason (an eslint-disable comment);
// imports between folders of src/ point down the layers (scripts/eslint-layering.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layering } from './scripts/eslint-layering.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layering },
    rules: { 'layering/imports-point-down': 'error' },
  },
);
