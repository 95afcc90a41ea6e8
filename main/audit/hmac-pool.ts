// The audit chain checked on worker threads, for verification of large logs. Each event can be
// checked on its own given its neighbour: its stored hash is the HMAC of its message, and its
// message starts with the previous event's stored hash. The reading thread fetches runs of events
// aggregated by SQLite (AuditChainBatch: nothing per row in JavaScript) and hands them out; a
// worker answers whether every event of its run checks out. verify() is synchronous, so the
// reading thread waits on a shared counter (Atomics.wait) and takes answers with
// receiveMessageOnPort.
//
// The worker is a plain JavaScript string run with `eval: true` that needs only node:crypto: the
// same code loads from the sources (tsx, vitest) and from the electron-vite bundle in out/, with
// no entry of its own to build. The key goes to the worker in workerData (same process), never in
// a message or a log; answers are a batch number and a yes or no.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';

/** A run of `lengths.length` events: messages back to back, hashes joined by commas, the hash before the run. */
export interface ChainRun {
  /** The id of the run's first event: the i-th message must be the event with id firstId + i. */
  readonly firstId: number;
  readonly prev: string;
  readonly hashes: string;
  readonly messages: Buffer;
  readonly lengths: string;
}

interface Answer {
  readonly seq: number;
  readonly ok: boolean;
  readonly error?: string;
}

// HMAC-SHA256 from its definition, H((K ^ opad) || H((K ^ ipad) || m)), with the one-shot
// crypto.hash() where there is one: a createHmac() per event costs more (the key is set up each
// time). A run checks out when, for every event in it, the message starts with the previous hash
// (the run's `prev`, then the hash before it in the run), a newline and the JSON array of the
// event with the id that follows on (so the run's order is the ids' order, whatever order SQLite
// concatenated it in), and the hash is exactly the HMAC's 64 lowercase hex digits, separated from
// the next by a comma (so the hashes cannot be split differently from the rows).
const WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const { port, signal } = workerData;
const key = Buffer.from(workerData.key);
const done = new Int32Array(signal);
const oneShot = typeof crypto.hash === 'function' && key.length <= 64;
const ipad = Buffer.alloc(64, 0x36);
const outer = Buffer.alloc(96, 0x5c);
for (let i = 0; i < key.length; i++) { ipad[i] ^= key[i]; outer[i] ^= key[i]; }
let scratch = Buffer.alloc(4096);
function mac(message) {
  if (!oneShot) return crypto.createHmac('sha256', key).update(message).digest('hex');
  if (scratch.length < 64 + message.length) scratch = Buffer.alloc(2 * (64 + message.length));
  ipad.copy(scratch, 0);
  message.copy(scratch, 64);
  crypto.hash('sha256', scratch.subarray(0, 64 + message.length), 'buffer').copy(outer, 64);
  return crypto.hash('sha256', outer, 'hex');
}
function check({ firstId, prev, hashes, messages, lengths }) {
  const sizes = lengths.split(',');
  const count = sizes.length;
  if (hashes.length !== count * 65 - 1) return false;
  let at = 0;
  let before = prev;
  for (let i = 0; i < count; i++) {
    const size = Number(sizes[i]);
    const end = at + size;
    if (!(size > 65) || end > messages.length) return false;
    const hash = hashes.slice(i * 65, i * 65 + 64);
    if (i < count - 1 && hashes.charCodeAt(i * 65 + 64) !== 44) return false;
    if (messages[at + 64] !== 10 || messages.toString('latin1', at, at + 64) !== before) return false;
    // The message is prev, newline, then the JSON array of the event, which starts with its id.
    const id = '[' + (firstId + i) + ',';
    if (messages.toString('latin1', at + 65, at + 65 + id.length) !== id) return false;
    if (mac(messages.subarray(at, end)) !== hash) return false;
    before = hash;
    at = end;
  }
  return at === messages.length;
}
port.on('message', ({ seq, run }) => {
  let answer;
  try {
    answer = { seq, ok: check({ ...run, messages: Buffer.from(run.messages.buffer, run.messages.byteOffset, run.messages.byteLength) }) };
  } catch (e) {
    answer = { seq, ok: false, error: String(e && e.message) };
  }
  port.postMessage(answer);
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

/** No answer for this long means a worker is gone: the caller falls back to checking itself. */
const STALL_MS = 30_000;

export class HmacPoolError extends Error {}

/** How many workers a verification uses here: every core (the reading thread mostly waits on SQLite). */
export function defaultWorkers(): number {
  return Math.min(8, availableParallelism());
}

/**
 * Checks runs on `workers` threads. add() hands a run out (waiting when enough are in flight);
 * allOk() says whether every run answered so far checked out, finish() whether all did. close()
 * always: it terminates the workers, also after an error.
 */
export class HmacPool {
  readonly #workers: Worker[] = [];
  readonly #ports: MessagePort[] = [];
  readonly #done: Int32Array;
  readonly #inFlight: number;
  #answered = 0;
  #sent = 0;
  #ok = true;

  constructor(key: Buffer, workers: number) {
    this.#inFlight = workers * 3;
    const signal = new SharedArrayBuffer(4);
    this.#done = new Int32Array(signal);
    try {
      for (let i = 0; i < workers; i += 1) {
        const { port1, port2 } = new MessageChannel();
        const workerData = { key: new Uint8Array(key), port: port2, signal };
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, transferList: [port2] });
        worker.unref();
        this.#workers.push(worker);
        this.#ports.push(port1);
      }
    } catch (e) {
      this.close();
      throw new HmacPoolError(`could not start the verification workers: ${(e as Error).message}`);
    }
  }

  add(run: ChainRun): void {
    while (this.#sent - this.#answered >= this.#inFlight) this.#await();
    const { messages } = run;
    // A Buffer that is all of its memory moves to the worker instead of being copied.
    const own = messages.byteOffset === 0 && messages.byteLength === messages.buffer.byteLength;
    const transfer = own && messages.buffer instanceof ArrayBuffer ? [messages.buffer] : [];
    this.#ports[this.#sent % this.#ports.length]!.postMessage({ seq: this.#sent, run }, transfer);
    this.#sent += 1;
  }

  allOk(): boolean {
    return this.#ok;
  }

  finish(): boolean {
    while (this.#ok && this.#answered < this.#sent) this.#await();
    return this.#ok;
  }

  close(): void {
    for (const port of this.#ports) port.close();
    for (const worker of this.#workers) void worker.terminate();
    this.#workers.length = 0;
  }

  /** Waits for at least one more answer and takes every answer there is. */
  #await(): void {
    const seen = Atomics.load(this.#done, 0);
    if (seen <= this.#answered) {
      let waited: string;
      try {
        waited = Atomics.wait(this.#done, 0, seen, STALL_MS);
      } catch (e) {
        // A thread that may not block (a browser-like main thread) checks the log itself.
        throw new HmacPoolError(`cannot wait for the verification workers here: ${(e as Error).message}`);
      }
      if (waited === 'timed-out') throw new HmacPoolError('the verification workers stopped answering');
    }
    for (const port of this.#ports) {
      for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
        const answer = m.message as Answer;
        this.#answered += 1;
        if (answer.error !== undefined) throw new HmacPoolError(`a verification worker failed: ${answer.error}`);
        if (!answer.ok) this.#ok = false;
      }
    }
  }
}
