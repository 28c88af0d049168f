// Lint: typescript-eslint's recommended rules, React hooks, and the floors of src/ (see README,
// "How it is built"): a folder may import only from folders on floors below its own, so the
// layout reads as the path of a frame and no import can loop back up.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Floors from the bottom up; folders on one floor may not import each other unless listed in `siblings`. */
const FLOORS = [
  ['domain'],
  ['onnx'],
  ['models'],
  ['pipeline'],
  ['caffe'],
  ['sources'],
  ['platform'],
  ['render'],
  ['bridge'],
  ['engine', 'measure'],
  ['app'],
  ['ui'],
  ['bench'],
];

const ALL = FLOORS.flat();

/** Imports a file in `folder` may not make: every folder above it, and its siblings on the same floor. */
function forbiddenFrom(folder) {
  const floor = FLOORS.findIndex((f) => f.includes(folder));
  const above = FLOORS.slice(floor + 1).flat();
  const siblings = FLOORS[floor].filter((f) => f !== folder);
  return [...above, ...siblings];
}

function floorRule(folder) {
  const forbidden = forbiddenFrom(folder);
  const patterns = forbidden.length
    ? [
        {
          regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
          message: `src/${folder} sits below ${forbidden.join(', ')}: imports only go down.`,
        },
      ]
    : [];
  // The engine speaks to the page through the message types alone, never the page-side client.
  if (folder === 'engine')
    patterns.push({ regex: '^(\\.\\./)+bridge/(client|workerHandle)$', message: 'the worker uses bridge/protocol only.' });
  return {
    files: [`src/${folder}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'public/**', 'test-results/**', 'bench-results/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.worker, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  ...ALL.map(floorRule),
  {
    // domain/ is the ground floor: nouns, no imports outside itself.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./', message: 'src/domain imports nothing outside itself.' }] }],
    },
  },
  {
    // The shared `test` fails a spec on any Content-Security-Policy violation; a spec that imported
    // Playwright's own would silently skip that check.
    files: ['e2e/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@playwright/test',
              importNames: ['test'],
              message: "import { test, expect } from './test': it fails the test on Content-Security-Policy violations.",
            },
          ],
        },
      ],
    },
  },
  prettier,
);
