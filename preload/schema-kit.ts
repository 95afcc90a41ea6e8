// preload/schema-kit.ts (the desktop helper writes it first; the workspace helper may create an
// identical file if it is not there yet — same content, so the merge is trivial)
import * as v from 'valibot';
export interface ChannelSchema { readonly args: v.GenericSchema; readonly reply: v.GenericSchema }
export const channel = <A extends v.GenericSchema, R extends v.GenericSchema>(args: A, reply: R) => ({ args, reply }) as const;
export const NO_ARGS = v.optional(v.undefined());
export type ArgsOf<C extends ChannelSchema> = v.InferOutput<C['args']>;
export type ReplyOf<C extends ChannelSchema> = v.InferOutput<C['reply']>;
export type HandlersOf<M extends Record<string, ChannelSchema>> = { readonly [K in keyof M]: (args: ArgsOf<M[K]>) => Promise<ReplyOf<M[K]>> };
