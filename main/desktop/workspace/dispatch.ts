// Validates a workspace channel's call both ways against its valibot schemas: the untrusted
// arguments before the handler runs, and the reply before it leaves main (a field that is not in
// the schema, a token say, makes the call fail instead of reaching the page). Messages name the
// path and what was expected, never the value received (it could be a typed secret).
import * as v from 'valibot';
import type { Reply } from '../../../preload/contract';
import { WORKSPACE_INVOKE } from '../../../preload/workspace-channels';
import type { WorkspaceChannel } from '../../../preload/workspace-channels';
import { DesktopError, toApiError } from '../errors';
import type { WorkspaceHandlers } from './handlers';

function describe(issues: ReadonlyArray<v.BaseIssue<unknown>>): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      // Custom messages (ours) say what to do; valibot's default ones quote the received value.
      const said = issue.message.startsWith('Invalid ') ? `expected ${issue.expected ?? 'a valid value'}` : issue.message;
      return path === '' ? said : `${path}: ${said}`;
    })
    .join('; ');
}

export async function dispatchWorkspace(
  channel: WorkspaceChannel,
  rawArgs: unknown,
  handlers: WorkspaceHandlers | undefined,
  log: (line: string) => void,
): Promise<Reply<unknown>> {
  try {
    if (handlers === undefined) throw new DesktopError('action_refused', 'This part of the workspace is not available in this version.');
    const list = rawArgs === undefined ? [] : rawArgs;
    if (!Array.isArray(list) || list.length > 1) throw new DesktopError('invalid_args', `Invalid arguments for ${channel}: expected at most one argument object.`);
    const schema = WORKSPACE_INVOKE[channel];
    const parsed = v.safeParse(schema.args, list[0]);
    if (!parsed.success) throw new DesktopError('invalid_args', `Invalid arguments for ${channel}: ${describe(parsed.issues)}.`);
    const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
    const value = await handler(parsed.output);
    const reply = v.safeParse(schema.reply, value);
    if (!reply.success) {
      log(`[desktop] ${channel} produced a reply outside its schema: ${describe(reply.issues)}`);
      throw new Error('reply outside its schema');
    }
    return { ok: true, value: reply.output };
  } catch (err) {
    return { ok: false, error: toApiError(err, channel, log) };
  }
}
