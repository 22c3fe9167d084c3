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
const noClockSyntax = {
  selector: "NewExpression[callee.name='Date'][arguments.length=0]",
  message: 'The core takes time as input.',
};

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
      'no-restricted-syntax': ['error', noClockSyntax],
    },
  },
  {
    // What runs every minute, every command or every loop cycle (a later block's
    // no-restricted-syntax replaces an earlier one's, so the core's selector is repeated).
    files: ['src/pump/**/*.ts', 'src/therapy/**/*.ts', 'src/sensors/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/pump/demo.ts', 'src/pump/testSupport.ts', '**/testLoop.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noClockSyntax,
        {
          // Node 20 builds such an object in 1-3 µs, where a literal takes nanoseconds: two of
          // them took a sixth of the pump benchmark's day, others up to a third of a closed-loop run.
          selector: 'ObjectExpression > SpreadElement ~ :matches(Property, SpreadElement)',
          message:
            'A spread followed by more properties is slow in Node 20: write the object out, or use Object.assign.',
        },
      ],
    },
  },
);
