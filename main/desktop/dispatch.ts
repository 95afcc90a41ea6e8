// The one entry point for every invoke channel, whatever the transport (Electron IPC in
// main/app/ipc.ts, HTTP in main/preview/server.ts): the channel must be in the contract, its
// argument must pass the channel's valibot schema (refused with the field and the rule, never the
// value), the handler runs, and in tests and development its reply must pass the reply schema
// too. Failures become Reply values through toApiError, in this one place.
import * as v from 'valibot';
import { INVOKE, isInvokeChannel } from '../../preload/contract';
import type { InvokeChannel, InvokeMap, Reply } from '../../preload/contract';
import type { HandlersOf } from '../../preload/schema-kit';
import { InvalidArgsError, toApiError } from './errors';

export type InvokeHandlers = HandlersOf<InvokeMap>;

/** A reply that does not fit its schema: a bug in main, never shown to the page as data. */
export class InvalidReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReplyError';
  }
}

/**
 * One issue in words that name the field and the rule, never the value (a passphrase must not end
 * up in a message or log). valibot's own messages quote the input, so only its `expected` text
 * (from the schema) and our own rule messages (which never start with "Invalid") are used.
 */
export function describeIssue(issue: v.BaseIssue<unknown>, root: string): string {
  const path = v.getDotPath(issue);
  const where = path === null ? root : `${root}.${path}`;
  if (issue.kind === 'schema') {
    if (issue.expected === 'never') return `${where}: is not a known field`;
    if (path !== null && issue.received === 'undefined' && issue.type.endsWith('object')) return `${where}: is required`;
    if (issue.expected === 'undefined') return `${where}: this channel takes no arguments`;
    if (issue.expected === 'Object') return `${where}: expected an object`;
    if (issue.expected === 'Array') return `${where}: expected a list`;
    return `${where}: expected ${issue.expected ?? issue.type}`;
  }
  if (!issue.message.startsWith('Invalid ')) return `${where}: ${issue.message}`;
  return `${where}: does not pass the ${issue.type} rule`;
}

export function issuesText(issues: ReadonlyArray<v.BaseIssue<unknown>>, root: string): string {
  const lines = issues.slice(0, 3).map((issue) => describeIssue(issue, root));
  return issues.length > 3 ? `${lines.join('; ')}; and ${issues.length - 3} more` : lines.join('; ');
}

export interface DispatcherOptions {
  readonly validateReplies: boolean;
  readonly log: (line: string) => void;
  /**
   * Runs after the arguments pass and before the handler: throws when the caller may not use the
   * channel (main/desktop/access-guard.ts), or returns a filter narrowing a list reply.
   */
  readonly guard?: (channel: InvokeChannel, args: unknown) => ((reply: unknown) => unknown) | undefined;
}

export type Dispatch = (channel: unknown, rawArgs: unknown) => Promise<Reply<unknown>>;

export function createDispatcher(handlers: InvokeHandlers, opts: DispatcherOptions): Dispatch {
  return async (channel, rawArgs) => {
    if (!isInvokeChannel(channel)) {
      const name = typeof channel === 'string' ? channel.slice(0, 64) : '(not a string)';
      return { ok: false, error: { code: 'invalid_args', message: `Unknown channel ${JSON.stringify(name)}.` } };
    }
    try {
      return { ok: true, value: await run(channel, rawArgs, handlers, opts) };
    } catch (err) {
      return { ok: false, error: toApiError(err, channel, opts.log) };
    }
  };
}

async function run(channel: InvokeChannel, rawArgs: unknown, handlers: InvokeHandlers, opts: DispatcherOptions): Promise<unknown> {
  const schema = INVOKE[channel];
  // valibot's objects accept arrays (with their index keys); an argument list is not an argument.
  if (Array.isArray(rawArgs)) throw new InvalidArgsError(`Invalid arguments for ${channel}: args: expected an object or nothing, got a list`);
  const parsed = v.safeParse(schema.args, rawArgs);
  if (!parsed.success) throw new InvalidArgsError(`Invalid arguments for ${channel}: ${issuesText(parsed.issues, 'args')}`);
  const narrow = opts.guard?.(channel, parsed.output);
  const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
  const raw = await handler(parsed.output);
  const reply = narrow === undefined ? raw : narrow(raw);
  if (!opts.validateReplies) return reply;
  const checked = v.safeParse(schema.reply, reply);
  if (!checked.success) throw new InvalidReplyError(`the ${channel} reply does not fit its schema: ${issuesText(checked.issues, 'reply')}`);
  return checked.output;
}
