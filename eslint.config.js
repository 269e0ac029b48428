import js from '@eslint/js'
import jsxA11y from 'eslint-plugin-jsx-a11y'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

/** Only db.server.ts opens the generated Prisma clients. */
const generatedClients = { group: ['**/platform/generated/**'], message: 'Use app/server/platform/db.server.ts.' }
/** What app/server may not import: it takes typed input and returns typed results (or throws app/domain/errors.ts); HTTP is the routes' and app/http's, UI the components'. */
const serverOutside = {
  remix: ['@remix-run/*'],
  http: ['~/http/*', '../http/*', '../../http/*', '~/routes/*', '../../routes/*'],
  ui: ['~/components/*', '../../components/*'],
}
const serverRule = (...groups) => [
  'error',
  { patterns: [generatedClients, { group: groups.flatMap((g) => serverOutside[g]), message: 'app/server speaks no HTTP and renders no UI: return a typed result (or throw app/domain/errors.ts) and let the route or app/http answer.' }] },
]

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
        { patterns: [generatedClients] },
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
    files: ['app/server/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': serverRule('remix', 'http', 'ui') },
  },
  {
    // The auth boundary: it reads the Request (session cookie) and throws its refusals as Responses
    // (redirect to /login, 403, 404), which every loader relies on; moving that out would touch every route.
    files: ['app/server/accounts/permissions.server.ts'],
    rules: { 'no-restricted-imports': serverRule('http', 'ui') },
  },
  {
    // Lessons are rendered to static HTML on the server with the lesson's own React components.
    files: ['app/server/courses/lesson-body.server.tsx'],
    rules: { 'no-restricted-imports': serverRule('remix', 'http') },
  },
  {
    // No import circles in app/. When two modules need each other, move the pure piece they share to
    // app/domain or the function to the module that owns it. Type-only imports are not followed.
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx'],
      // Packages and the generated Prisma client never import app code back: not parsed, much faster.
      'import-x/ignore': ['/node_modules/', '/platform/generated/'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${import.meta.dirname}/tsconfig.json` })],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['app/server/platform/db.server.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The /v page's service worker: plain JavaScript served as is.
    files: ['public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
)
