// Numbered, forward-only migrations. Each runs in its own transaction and bumps user_version.
import { migration001 } from './001-vault-core';
import { migration002 } from './002-product-model';
import { migration003 } from './003-due-indexes';
import { migration004 } from './004-seller-credentials-and-callback-uri';
import { migration005 } from './005-audit-indexes';
import { migration006 } from './006-operators-and-access-grants';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: ReadonlyArray<Migration> = [migration001, migration002, migration003, migration004, migration005, migration006];
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
