// What the command palette offers: actions (go to needs attention, the audit log, settings,
// switch language, lock), every client, and the connections on screen or needing attention.
// Pure: the palette filters these by label and hint.
import type { GridConnection, TenantHealth } from '../../../preload/workspace-channels';
import type { View } from './connections-store';

export type PaletteRun =
  | { readonly kind: 'view'; readonly view: View }
  | { readonly kind: 'client'; readonly tenantId: string }
  | { readonly kind: 'lang' }
  | { readonly kind: 'lock' };

export interface PaletteItem {
  readonly id: string;
  readonly group: 'action' | 'client' | 'connection';
  readonly label: string;
  readonly hint: string;
  readonly run: PaletteRun;
}

/** Connections listed at most (the palette is for jumping, the grid for browsing). */
const MAX_CONNECTIONS = 400;

export function paletteItems(input: {
  readonly tenants: ReadonlyArray<TenantHealth>;
  readonly connections: ReadonlyArray<GridConnection>;
  readonly current: View;
  readonly texts: { readonly attention: string; readonly audit: string; readonly settings: string; readonly lang: string; readonly lock: string };
}): PaletteItem[] {
  const items: PaletteItem[] = [
    { id: 'go:attention', group: 'action', label: input.texts.attention, hint: '', run: { kind: 'view', view: { kind: 'attention' } } },
    { id: 'go:audit', group: 'action', label: input.texts.audit, hint: '', run: { kind: 'view', view: { kind: 'audit' } } },
    { id: 'go:settings', group: 'action', label: input.texts.settings, hint: '', run: { kind: 'view', view: { kind: 'settings' } } },
    { id: 'do:lang', group: 'action', label: input.texts.lang, hint: '', run: { kind: 'lang' } },
    { id: 'do:lock', group: 'action', label: input.texts.lock, hint: '', run: { kind: 'lock' } },
  ];
  for (const t of input.tenants) items.push({ id: `client:${t.id}`, group: 'client', label: t.name, hint: '', run: { kind: 'client', tenantId: t.id } });
  const seen = new Set<string>();
  for (const c of input.connections) {
    if (seen.has(c.id) || seen.size >= MAX_CONNECTIONS) continue;
    seen.add(c.id);
    items.push({ id: `conn:${c.id}`, group: 'connection', label: `${c.connectorName} · ${c.label}`, hint: c.tenantName, run: { kind: 'view', view: { kind: 'detail', connectionId: c.id, back: input.current } } });
  }
  return items;
}

/** Ctrl+K everywhere, ⌘K on macOS. */
export function isPaletteShortcut(e: { readonly key: string; readonly ctrlKey: boolean; readonly metaKey: boolean }, mac: boolean): boolean {
  return e.key.toLowerCase() === 'k' && (mac ? e.metaKey : e.ctrlKey);
}
