// `csii cohort --queue` against the real Redis server on 127.0.0.1:6379 (.ci/run starts one) with
// two `csii worker` processes: the result is byte-identical to the local run; one worker killed in
// the middle of a task loses nothing (the other takes the task over once its lock expires) and
// counts nothing twice; the queue's keys are gone at the end. Only this test's own queue name is
// ever touched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { QUEUE_PREFIX } from '../src/cohort/farm/queueAddress.ts';
import { csii } from './cli.ts';
import { startCsii, type CsiiProcess } from './cohortProcess.ts';

const URL = 'redis://127.0.0.1:6379';
const QUEUE_NAME = `test-${process.pid}`;
const workDir = mkdtempSync(join(tmpdir(), 'opencsii-cohort-redis-'));
const workers: CsiiProcess[] = [];
let queue: Queue;

async function queueKeys(): Promise<string[]> {
  const client = await queue.client;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await client.scan(cursor, { MATCH: `${QUEUE_PREFIX}:${QUEUE_NAME}:*` });
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

before(async () => {
  queue = new Queue(QUEUE_NAME, {
    connection: { url: URL, maxRetriesPerRequest: null, retryStrategy: () => null },
    prefix: QUEUE_PREFIX,
  });
  await queue.waitUntilReady().catch((error: unknown) => {
    throw new Error(`this test needs Redis on ${URL} (.ci/run starts it): ${String(error)}`);
  });
});

after(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await queue.obliterate({ force: true });
  await queue.close();
  rmSync(workDir, { recursive: true, force: true });
});

const read = (dir: string, file: string) => readFileSync(join(workDir, dir, file), 'utf8');

test('two workers give the local result; one killed mid-task loses nothing, counts nothing twice', async () => {
  const file = join(workDir, 'queued.json');
  writeFileSync(file, JSON.stringify({ name: 'queued', patients: 10, days: 8, seed: 21 }));
  const local = await csii([
    'cohort',
    file,
    '--job',
    'population-days',
    '--workers',
    '2',
    '--out',
    join(workDir, 'local'),
  ]);
  assert.equal(local.code, 0, local.err);

  const workerArgs = ['worker', '--queue', URL, '--queue-name', QUEUE_NAME, '--lock-seconds', '2'];
  const [doomed, survivor] = [startCsii(workerArgs), startCsii(workerArgs)];
  workers.push(doomed, survivor);
  await Promise.all([doomed, survivor].map((w) => w.waitFor(/taking tasks from queue/, 20_000)));

  const coordinator = csii([
    'cohort',
    file,
    '--job',
    'population-days',
    '--out',
    join(workDir, 'queued'),
    '--queue',
    URL,
    '--queue-name',
    QUEUE_NAME,
  ]);
  // The doomed worker dies in the middle of its first task (a new thread's first task is the
  // slowest: it compiles the simulator).
  const started = await doomed.waitFor(/started (\S+)\n/, 30_000);
  doomed.child.kill('SIGKILL');
  await doomed.exited;
  const lostJob = started[1] as string;
  assert.doesNotMatch(doomed.output(), new RegExp(`finished ${lostJob} `));

  const queued = await coordinator;
  assert.equal(queued.code, 0, queued.err);
  assert.equal(read('queued', 'result.json'), read('local', 'result.json'));
  assert.equal(read('queued', 'patients.csv'), read('local', 'patients.csv'));
  // The survivor took over the task whose worker died.
  assert.match(survivor.output(), new RegExp(`finished ${lostJob} `));
  const tasks = read('queued', 'checkpoint.jsonl')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => (JSON.parse(line) as { task: number }).task)
    .sort((a, b) => a - b);
  assert.deepEqual(tasks, [...Array(10).keys()]);
  // The run's keys are gone. A live worker's stalled-job check (every second here) writes the
  // queue's `meta` and `stalled-check` keys again, so a scan may find those two still.
  const workerKeys = /:(meta|stalled-check)$/;
  assert.deepEqual(
    (await queueKeys()).filter((key) => !workerKeys.test(key)),
    [],
  );

  survivor.child.kill('SIGTERM');
  assert.equal((await survivor.exited).code, 0);
  assert.match(survivor.output(), /csii worker: stopped/);
});

test('an unreachable Redis is named with what to do', async () => {
  const file = join(workDir, 'unreachable.json');
  writeFileSync(file, JSON.stringify({ patients: 1 }));
  const run = await csii([
    'cohort',
    file,
    '--job',
    'population-days',
    '--out',
    join(workDir, 'unreachable'),
    '--queue',
    'redis://127.0.0.1:1',
  ]);
  assert.equal(run.code, 1);
  assert.match(
    run.err,
    /cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\): start a Redis server there \(e\.g\. redis-server --port 1\)/,
  );
});
