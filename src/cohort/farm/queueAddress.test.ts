import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQueueAddress, unreachable } from './queueAddress.ts';

test('a Redis URL is kept, shown without its password, with the default queue name', () => {
  const address = parseQueueAddress('redis://:s3cret@10.0.0.5:6380/2');
  assert.equal(address.url, 'redis://:s3cret@10.0.0.5:6380/2');
  assert.equal(address.shown, 'redis://:***@10.0.0.5:6380/2');
  assert.equal(address.queueName, 'cohort');
  assert.equal(parseQueueAddress('redis://127.0.0.1:6379').shown, 'redis://127.0.0.1:6379');
});

test('bad URLs and queue names are refused with the flag, the value and what is allowed', () => {
  assert.throws(() => parseQueueAddress('localhost:6379'), /--queue = .*redis:\/\/ or rediss:\/\//);
  assert.throws(() => parseQueueAddress('http://x:1'), /must start with redis:\/\//);
  assert.throws(() => parseQueueAddress('not a url'), /--queue = "not a url": a URL such as/);
  assert.throws(() => parseQueueAddress('redis://h', 'a:b'), /--queue-name = "a:b": 1–64 of/);
});

test('an unreachable queue names the URL (no password) and what to do', () => {
  const error = unreachable(
    parseQueueAddress('redis://:pw@127.0.0.1:6390'),
    new Error('ECONNREFUSED'),
  );
  assert.match(
    error.message,
    /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:6390 \(ECONNREFUSED\)/,
  );
  assert.match(error.message, /redis-server --port 6390/);
  assert.doesNotMatch(error.message, /pw/);
});
