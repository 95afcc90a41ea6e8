// The shape every IPC channel is declared in: `{ args, reply }` valibot schemas, with the
// TypeScript types inferred from them, so the dispatcher can validate both directions at runtime
// (shared agreement between the desktop and workspace work; identical content on both branches).
import * as v from 'valibot';
export interface ChannelSchema { readonly args: v.GenericSchema; readonly reply: v.GenericSchema }
export const channel = <A extends v.GenericSchema, R extends v.GenericSchema>(args: A, reply: R) => ({ args, reply }) as const;
export const NO_ARGS = v.optional(v.undefined());
export type ArgsOf<C extends ChannelSchema> = v.InferOutput<C['args']>;
export type ReplyOf<C extends ChannelSchema> = v.InferOutput<C['reply']>;
export type HandlersOf<M extends Record<string, ChannelSchema>> = { readonly [K in keyof M]: (args: ArgsOf<M[K]>) => Promise<ReplyOf<M[K]>> };
