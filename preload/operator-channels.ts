// Settings → operators: who may use this vault, with which role, within which clients (the CLI's
// `operator …` and `grant …`, docs/cli-contract.md "Operators, roles and grants"). A PIN travels
// only renderer → main (operators:add) and is never part of a reply. Every reply is the whole
// list as it is after the change, so the page never reloads to see it. Pure valibot.
import * as v from 'valibot';
import { connectorId, recordId, typedName } from './core-channels';
import { list, record } from './dto';
import { NO_ARGS, channel } from './schema-kit';
import type { ArgsOf, ChannelSchema } from './schema-kit';
import { OPERATOR_ROLES } from './session-channels';

const role = v.picklist(OPERATOR_ROLES);
/** A PIN as typed (main checks its length: at least 6 characters). */
const pin = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1024, 'must have at most 1024 characters'));
const isoTime = v.pipe(v.string(), v.isoTimestamp('must be an ISO-8601 time, e.g. 2027-01-31T00:00:00Z'));

export const OperatorGrantSchema = record({
  tenantId: v.string(),
  /** The client's name. */
  tenant: v.string(),
  /** null: every connector of the client. */
  connector: v.nullable(v.string()),
  /** null: no end. */
  until: v.nullable(v.string()),
});

export const OperatorDtoSchema = record({
  name: v.string(),
  role,
  grants: list(OperatorGrantSchema),
});

const Operators = list(OperatorDtoSchema);
const grantTarget = { operator: typedName(64), tenantId: recordId('ten'), connector: v.nullable(connectorId) };

export const OPERATORS_INVOKE = {
  'operators:list': channel(NO_ARGS, Operators),
  /** The first operator must be an admin (then the vault asks everyone to sign in). */
  'operators:add': channel(v.strictObject({ name: typedName(64), role, pin }), Operators),
  /** The last admin keeps the role. */
  'operators:setRole': channel(v.strictObject({ name: typedName(64), role }), Operators),
  /** Refused while the operator owns clients or connections (hand them over from the CLI first). */
  'operators:remove': channel(v.strictObject({ name: typedName(64) }), Operators),
  'grants:add': channel(v.strictObject({ ...grantTarget, until: v.nullable(isoTime) }), Operators),
  'grants:remove': channel(v.strictObject(grantTarget), Operators),
} as const satisfies Record<string, ChannelSchema>;

export type OperatorsInvoke = typeof OPERATORS_INVOKE;
export type OperatorsChannel = keyof OperatorsInvoke;
export type OperatorsArgs<C extends OperatorsChannel> = ArgsOf<OperatorsInvoke[C]>;
export type OperatorDto = v.InferOutput<typeof OperatorDtoSchema>;
export const OPERATORS_CHANNELS = Object.keys(OPERATORS_INVOKE) as ReadonlyArray<OperatorsChannel>;
