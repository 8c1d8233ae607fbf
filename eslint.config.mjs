// ESLint for the suite's Node code (scripts/test.sh runs `npx --no-install eslint`): the Lambda@Edge function with
// its tests and benchmark, the Node bootstrap of tools/local_invoke and the s3-diff-checker benchmark helpers.
// All of it is ES modules run by Node 20+, so the recommended rules apply with Node's globals.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    // build output and installed tools (every .venv*: the test tools and the template audit's own environment)
    ignores: ['**/node_modules/', '**/target/', '**/.aws-sam/', '.venv*/'],
  },
  js.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
  },
];
