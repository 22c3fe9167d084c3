import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKPOINT_FILE, openCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { ResultBook } from './resultBook.ts';

const root = mkdtempSync(join(tmpdir(), 'opencsii-checkpoint-'));
after(() => rmSync(root, { recursive: true, force: true }));
const identity = { job: 'population-days', specHash: 'a'.repeat(64), tasks: 4 };
let dirs = 0;
const freshDir = () => join(root, `run-${(dirs += 1)}`);

function lines(dir: string): string[] {
  return readFileSync(join(dir, CHECKPOINT_FILE), 'utf8').trimEnd().split('\n');
}

test('finished tasks written by one run are found by the next, header first', () => {
  const dir = freshDir();
  const first = openCheckpoint({ dir, identity, book: new ResultBook(4), restart: false });
  first.append(2, '{"x":2}');
  first.append(0, '{"x":0}');
  first.close();
  const header = JSON.parse(lines(dir)[0] as string);
  assert.deepEqual(header, { format: 'opencsii-farm-checkpoint', version: 1, ...identity });
  const book = new ResultBook(4);
  const second = openCheckpoint({ dir, identity, book, restart: false });
  second.append(1, '{"x":1}');
  second.close();
  assert.equal(second.resumedCount, 2);
  assert.deepEqual([...book.missing()], [1, 3]);
  assert.equal(lines(dir).length, 4, 'header and three tasks, header not repeated');
});

test('a torn last line is cut off, so the next line appended starts clean', () => {
  const dir = freshDir();
  const run = openCheckpoint({ dir, identity, book: new ResultBook(4), restart: false });
  run.append(3, '{"x":3}');
  run.close();
  appendFileSync(join(dir, CHECKPOINT_FILE), '{"task":1,"result":{"x"');
  const book = new ResultBook(4);
  const resumed = openCheckpoint({ dir, identity, book, restart: false });
  resumed.append(1, '{"x":1}');
  resumed.close();
  assert.equal(resumed.resumedCount, 1);
  assert.deepEqual(lines(dir).slice(1), [
    '{"task":3,"result":{"x":3}}',
    '{"task":1,"result":{"x":1}}',
  ]);
});

test('a torn header starts the checkpoint over', () => {
  const dir = freshDir();
  openCheckpoint({ dir, identity, book: new ResultBook(4), restart: false }).close();
  writeFileSync(join(dir, CHECKPOINT_FILE), '{"format":"opencsii-farm-chec');
  const run = openCheckpoint({ dir, identity, book: new ResultBook(4), restart: false });
  run.close();
  assert.equal(run.resumedCount, 0);
  assert.equal(JSON.parse(lines(dir)[0] as string).specHash, identity.specHash);
});

test('a task written twice is booked once', () => {
  const text =
    `${JSON.stringify({ format: 'opencsii-farm-checkpoint', version: 1, ...identity })}\n` +
    '{"task":2,"result":5}\n{"task":2,"result":5}\n';
  assert.equal(parseCheckpoint(text, identity, 'c').entries.length, 2);
  const dir = freshDir();
  openCheckpoint({ dir, identity, book: new ResultBook(4), restart: false }).close();
  writeFileSync(join(dir, CHECKPOINT_FILE), text);
  const book = new ResultBook(4);
  const run = openCheckpoint({ dir, identity, book, restart: false });
  run.close();
  assert.equal(run.resumedCount, 1);
  assert.equal(book.doneCount, 1);
});

test('a checkpoint of another spec is refused with what to do, and kept; --restart discards it', () => {
  const dir = freshDir();
  const run = openCheckpoint({ dir, identity, book: new ResultBook(4), restart: false });
  run.append(0, '1');
  run.close();
  const before = readFileSync(join(dir, CHECKPOINT_FILE), 'utf8');
  const other = { ...identity, specHash: 'b'.repeat(64) };
  assert.throws(
    () => openCheckpoint({ dir, identity: other, book: new ResultBook(4), restart: false }),
    /checkpoint\.jsonl belongs to another run \(population-days aaaaaaaaaaaa…; this one is population-days bbbbbbbbbbbb…\).*--restart/,
  );
  assert.equal(readFileSync(join(dir, CHECKPOINT_FILE), 'utf8'), before);
  const book = new ResultBook(4);
  openCheckpoint({ dir, identity: other, book, restart: true }).close();
  assert.equal(book.doneCount, 0);
  assert.equal(lines(dir).length, 1);
});

test('damaged or foreign files are refused, naming the line', () => {
  const header = JSON.stringify({ format: 'opencsii-farm-checkpoint', version: 1, ...identity });
  assert.throws(() => parseCheckpoint('hello\n', identity, 'c'), /c is not a csii checkpoint/);
  assert.throws(
    () => parseCheckpoint(`${header.replace('"version":1', '"version":9')}\n`, identity, 'c'),
    /format version 9, this csii reads 1/,
  );
  assert.throws(
    () =>
      parseCheckpoint(
        `${header}\n{"task":1,"result":1}\nnot json\n{"task":2,"result":1}\n`,
        identity,
        'c',
      ),
    /c line 3 is damaged/,
  );
  assert.throws(
    () => parseCheckpoint(`${header}\n{"task":4,"result":1}\n`, identity, 'c'),
    /line 2 is damaged/,
  );
  assert.deepEqual(parseCheckpoint('', identity, 'c'), { entries: [], keepLength: 0 });
});
