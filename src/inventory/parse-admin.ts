/**
 * The admin APIs' items in the model's words (shapes: reference flow-inventory.md §2, §3). An item
 * without the fields a row needs is skipped and counted, never a crash.
 */
import { connectorDisplayName } from '../model/connector-names.ts';
import type { EnvironmentIdentity, FlowListing, FlowRunState, WorkflowConnectors } from '../model/flow-identity.ts';

export interface Page<T> {
  items: T[];
  nextLink: string | null;
  /** Items that could not be read. */
  skipped: number;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function parseEnvironment(item: unknown): EnvironmentIdentity | null {
  const e = obj(item);
  const id = text(e['name']);
  if (!id) return null;
  const p = obj(e['properties']);
  return {
    environmentId: id,
    displayName: text(p['displayName']) ?? id,
    type: text(p['environmentSku']),
    dataverseUrl: text(obj(p['linkedEnvironmentMetadata'])['instanceApiUrl']),
  };
}

const STATES: Record<string, FlowRunState> = { started: 'on', stopped: 'off', suspended: 'suspended' };

export function parseFlow(item: unknown, environmentId: string): FlowListing | null {
  const f = obj(item);
  const id = text(f['name']);
  const p = obj(f['properties']);
  const state = STATES[(text(p['state']) ?? '').toLowerCase()];
  if (!id || !state) return null;
  return {
    flowId: id,
    environmentId: text(obj(p['environment'])['name']) ?? environmentId,
    displayName: text(p['displayName']) ?? id,
    state,
    suspensionReason: state === 'suspended' ? text(p['flowSuspensionReason']) : null,
    createdAt: text(p['createdTime']),
    modifiedAt: text(p['lastModifiedTime']),
    creatorObjectId: text(obj(p['creator'])['objectId']),
    solutionAware: p['isManaged'] === true,
  };
}

const BUILT_IN_TYPES = new Set(['Recurrence', 'Request', 'Http']);

/** Connectors of a clientdata JSON string: connection references, plus built-in HTTP, Recurrence, Request. */
export function clientDataConnectors(clientdata: string): string[] | null {
  let data: Json;
  try {
    data = obj(JSON.parse(clientdata));
  } catch {
    return null;
  }
  const properties = obj(data['properties']);
  const names = Object.entries(obj(properties['connectionReferences'])).map(([key, ref]) => {
    const api = obj(obj(ref)['api']);
    return connectorDisplayName(text(api['name']) ?? key, text(api['displayName']) ?? text(obj(ref)['displayName']));
  });
  const definition = obj(properties['definition']);
  const operations = [...Object.values(obj(definition['triggers'])), ...Object.values(obj(definition['actions']))];
  const builtIns = operations
    .map((o) => text(obj(o)['type']))
    .filter((t): t is string => t !== null && BUILT_IN_TYPES.has(t))
    .map((t) => connectorDisplayName(t));
  return [...new Set([...builtIns, ...names])].sort();
}

export function parseWorkflow(item: unknown): WorkflowConnectors | null {
  const w = obj(item);
  const workflowId = text(w['workflowid']);
  const clientdata = text(w['clientdata']);
  const connectors = clientdata ? clientDataConnectors(clientdata) : null;
  if (!workflowId || !connectors) return null;
  // resourceid links a solution-aware flow's row to its Flow id (coe-starter-kit#9324); else they are one id.
  return {
    flowId: text(w['resourceid']) ?? workflowId,
    dataverseId: workflowId,
    connectors,
    modifiedAt: text(w['modifiedon']),
  };
}
