// The entry of a pool thread: answers each task request with its reply, one at a time.
import { parentPort } from 'node:worker_threads';
import { runTaskRequest, type TaskRequest } from './taskRunner.ts';

if (parentPort === null) throw new Error('poolThread.ts runs only as a worker thread');
const port = parentPort;
port.on('message', (request: TaskRequest) => port.postMessage(runTaskRequest(request)));
