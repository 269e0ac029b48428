import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'app/server/platform/generated/**', 'test-results/**', 'playwright-report/**', 'tests/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { react, 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      'react/prop-types': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/platform/generated/**'], message: 'Use app/server/platform/db.server.ts.' }] },
      ],
    },
  },
  {
    // The domain layer is pure: no I/O, no Prisma, no Remix.
    files: ['app/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['~/server/*', '../server/*', '@remix-run/*', '@prisma/*', 'node:*'], message: 'app/domain must stay pure.' }] },
      ],
    },
  },
  {
    // Routes call server modules; they never talk to Prisma directly.
    files: ['app/routes/**/*.tsx', 'app/routes/**/*.ts', 'app/components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@prisma/*', '**/platform/generated/**', '~/server/platform/db.server*'], message: 'Go through a server module.' }] },
      ],
    },
  },
  {
    files: ['app/server/platform/db.server.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
)
