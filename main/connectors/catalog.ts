// Every connector the vault knows: the built-in definitions plus custom files registered with
// `connector add`. Custom definitions are re-validated on load, so a bad row cannot reach the engine.
import { parseConnectorFile } from '../../connectors/generic/from-file';
import { BUILTIN_CONNECTORS, describeConnector } from '../../connectors/registry';
import type { ConnectorDefinition } from '../../connectors/types';
import type { ConsentUnavailableReason } from '../../preload/contract';
import type { AppRegistrationsRepo } from '../repos/app-registrations';
import type { CustomConnectorsRepo, StoredCustomConnector } from '../repos/custom-connectors';
import { consentReadiness } from './readiness';

export type ConnectorDescription = ReturnType<typeof describeConnector>;

/** A connector and whether Connect can start for it (null), or why not. */
export interface ConnectorWithReadiness {
  readonly definition: ConnectorDefinition;
  readonly consentBlocker: ConsentUnavailableReason | null;
}

export class ConnectorCatalog {
  /** Parsed custom definitions by the exact file text they came from: the engine asks on every refresh. */
  private readonly parsed = new Map<string, { readonly text: string; readonly def: ConnectorDefinition }>();

  constructor(
    private readonly custom: CustomConnectorsRepo,
    private readonly registrations: Pick<AppRegistrationsRepo, 'summary' | 'summaries'>,
  ) {}

  list(): ConnectorDefinition[] {
    const builtins: ConnectorDefinition[] = Object.values(BUILTIN_CONNECTORS);
    return [...builtins, ...this.custom.list().map((c) => this.parse(c))];
  }

  /** Every connector with its consent readiness: one registrations query, no secret opened. */
  listWithReadiness(): ConnectorWithReadiness[] {
    const registrations = this.registrations.summaries();
    return this.list().map((definition) => ({ definition, consentBlocker: consentReadiness(definition, registrations.get(definition.id)) }));
  }

  /** Whether Connect can start for this connector now (null), or why not; no secret opened. */
  consentBlocker(definition: ConnectorDefinition): ConsentUnavailableReason | null {
    return consentReadiness(definition, this.registrations.summary(definition.id));
  }

  get(id: string): ConnectorDefinition | undefined {
    const builtin = (BUILTIN_CONNECTORS as Readonly<Record<string, ConnectorDefinition>>)[id];
    if (builtin) return builtin;
    const stored = this.custom.get(id);
    return stored ? this.parse(stored) : undefined;
  }

  private parse(stored: StoredCustomConnector): ConnectorDefinition {
    const cached = this.parsed.get(stored.id);
    if (cached?.text === stored.definition) return cached.def;
    const def = parseConnectorFile(stored.definition, stored.sourceFile ?? `${stored.id}.json`);
    this.parsed.set(stored.id, { text: stored.definition, def });
    return def;
  }

  describe(): ConnectorDescription[] {
    return this.list().map((c) => describeConnector(c));
  }

  /** Registers a custom connector file; throws ConnectorFileError naming the file and field. */
  add(text: string, fileName: string): ConnectorDefinition {
    const def = parseConnectorFile(text, fileName);
    if ((BUILTIN_CONNECTORS as Readonly<Record<string, ConnectorDefinition>>)[def.id]) {
      throw new Error(`${fileName}: "id" ${def.id} is a built-in connector; choose another id`);
    }
    this.custom.upsert({ id: def.id, name: def.name, definition: text, sourceFile: fileName });
    return def;
  }
}
