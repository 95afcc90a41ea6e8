// The desktop session's operator channels: who may sign in (names and roles, never a secret),
// signing in with a PIN, signing out, and who acts now. In a vault with operators, nothing but
// these, the app's and the vault's own channels works until an operator signs in
// (operator_required). Pure valibot, like the other channel files.
import * as v from 'valibot';
import { list } from './dto';
import { NO_ARGS, channel } from './schema-kit';
import type { ChannelSchema } from './schema-kit';
import { typedName } from './core-channels';

/** The roles of docs/cli-contract.md (main/access/matrix.ts holds what each may do). */
export const OPERATOR_ROLES = ['admin', 'account_manager', 'support', 'finance', 'partner', 'auditor'] as const;

export const SessionOperatorSchema = v.strictObject({ name: v.string(), role: v.picklist(OPERATOR_ROLES) });

/** Who acts: an operator, or the OS user while the vault has no operators. */
export const SessionPrincipalSchema = v.strictObject({
  kind: v.picklist(['os', 'operator']),
  /** The operator's name, or the OS user as the audit log writes it (os:NAME). */
  name: v.string(),
  role: v.nullable(v.picklist(OPERATOR_ROLES)),
});

const pin = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1024, 'must have at most 1024 characters'));

export const SESSION_INVOKE = {
  'session:operators': channel(NO_ARGS, list(SessionOperatorSchema)),
  'session:signIn': channel(v.strictObject({ name: typedName(64), pin }), SessionPrincipalSchema),
  /** Answers who acts after signing out: null in a vault with operators. */
  'session:signOut': channel(NO_ARGS, v.nullable(SessionPrincipalSchema)),
  /** null: the vault has operators and nobody is signed in (or the vault is locked). */
  'session:current': channel(NO_ARGS, v.nullable(SessionPrincipalSchema)),
  /**
   * What the principal acting now may do, read from main's permission matrix (never copied into
   * the page): the actions (main/access/matrix.ts names) its role may take somewhere. A `granted`
   * action is listed too: the lists the page gets already leave out tenants without a grant.
   * The page hides or disables the rest and says why; main refuses them anyway. null: nobody acts.
   */
  'session:permissions': channel(NO_ARGS, v.nullable(v.strictObject({ role: v.nullable(v.picklist(OPERATOR_ROLES)), allowed: v.array(v.string()) }))),
} as const satisfies Record<string, ChannelSchema>;

export type SessionPrincipal = v.InferOutput<typeof SessionPrincipalSchema>;
export type SessionPermissions = NonNullable<v.InferOutput<(typeof SESSION_INVOKE)['session:permissions']['reply']>>;
export type SessionOperator = v.InferOutput<typeof SessionOperatorSchema>;
export const SESSION_CHANNELS = Object.keys(SESSION_INVOKE) as ReadonlyArray<keyof typeof SESSION_INVOKE>;
