import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ResultBook } from './resultBook.ts';

// Results arrive from workers in any order, some twice (a retried job, a task both in the
// checkpoint and in the queue): the book keeps each once and gives them back in task order.
test('any arrival order, with repeats, books each task once and orders by task', () => {
  const arrivals = fc
    .integer({ min: 1, max: 40 })
    .chain((count) =>
      fc.tuple(
        fc.constant(count),
        fc.shuffledSubarray([...Array(count).keys()], { minLength: count, maxLength: count }),
        fc.array(fc.integer({ min: 0, max: count - 1 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: count, maxLength: count }),
      ),
    );
  fc.assert(
    fc.property(arrivals, ([count, order, repeats, values]) => {
      const book = new ResultBook(count);
      const resultOf = (task: number) => JSON.stringify({ task, value: values[task] });
      let booked = 0;
      const stream = [...order.slice(0, 1), ...repeats, ...order.slice(1)];
      for (const task of stream) {
        const before = book.has(task);
        const recorded = book.record(task, resultOf(task));
        assert.equal(recorded, !before);
        if (recorded) booked += 1;
      }
      assert.equal(booked, count);
      assert.equal(book.doneCount, count);
      assert.ok(book.complete);
      assert.deepEqual([...book.missing()], []);
      assert.deepEqual(
        book.ordered(),
        values.map((value, task) => ({ task, value })),
      );
    }),
  );
});

test('missing tasks come in order; an incomplete book refuses to give results', () => {
  const book = new ResultBook(5);
  book.record(3, '1');
  book.record(0, '2');
  assert.deepEqual([...book.missing()], [1, 2, 4]);
  assert.throws(() => book.ordered(), /3 of 5 tasks have no result/);
  assert.throws(() => book.record(5, '0'), /task 5 is outside 0–4/);
  assert.throws(() => book.record(-1, '0'), /outside/);
});
