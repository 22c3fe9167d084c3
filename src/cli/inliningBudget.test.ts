import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gainsFromInliningBudget } from './inliningBudget.ts';

test('only the command lines that run for minutes raise the inlining budget', () => {
  const long = [
    ['cohort', 'trial.json'],
    ['worker', '--queue', 'redis://127.0.0.1:6379'],
    ['study', 'insulin-choice'],
    ['experiment', 'closed-loop'],
    ['experiment', '--json', 'closed-loop'],
  ];
  const short = [
    ['simulate', 'adult-pump-14d'],
    ['experiment', 'interruption'],
    ['experiment'],
    ['pump', 'demo'],
    ['--help'],
    [],
  ];
  for (const args of long) assert.equal(gainsFromInliningBudget(args), true, args.join(' '));
  for (const args of short) assert.equal(gainsFromInliningBudget(args), false, args.join(' '));
});
