// Lint rules: the recommended sets, plus a guard that keeps the pure core free of clocks and
// unseeded randomness (see docs: "Pure core, time as input").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const coreParts = [
  'units',
  'random',
  'validation',
  'insulin',
  'physiology',
  'pump',
  'sensors',
  'therapy',
  'outcomes',
  'sim',
].map((part) => `src/${part}/**/*.ts`);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'csii-out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: coreParts,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The core takes time as input.' },
        { object: 'Math', property: 'random', message: 'Use the seeded generator passed in.' },
        { object: 'performance', property: 'now', message: 'The core reads no clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The core takes time as input.',
        },
      ],
    },
  },
);
