import type { EnvironmentIdentity, FlowIdentity, FlowRunState, InventoryState } from '../model/flow-identity.ts';

/**
 * A flow as every answer shows it (issue 11): its current name (or last known, marked deleted),
 * its state, its owner and its environment's name and type, from the admin APIs' inventory; what
 * the audit record or the events' own inventory say only where the admin APIs know nothing, and
 * then with the reason (audit records carry no flow name: flow-inventory.md §1).
 */
export interface FlowDescription {
  flowId: string | null;
  /** The name to show, or null when nothing anywhere names the flow (then show the id and `unnamedBecause`). */
  name: string | null;
  /** As the admin APIs last said; null when the inventory does not know the flow. */
  state: FlowRunState | 'deleted' | null;
  /** "On", "Off", "Suspended: data policy violation", "Deleted". */
  stateText: string | null;
  suspensionReason: string | null;
  deleted: boolean;
  tone: 'good' | 'warning' | 'attention' | 'default';
  /** "avery@contoso.com", "Avery Ito (no longer in the directory)"; null when not known. */
  owner: string | null;
  /** "Sales (Production)", "the default environment", "environment 3f2…"; null without an id. */
  environment: string | null;
  /** The BAP list's environmentSku: Production, Sandbox, Default, … */
  environmentType: string | null;
  /** Why the name or state is missing, in words an admin can act on; null when both are known. */
  unnamedBecause: string | null;
}

export interface FlowClues {
  flowId: string | null;
  environmentId: string | null;
  /** A name some record or the events' inventory carries (rare: flow-inventory.md §1). */
  recordName: string | null;
  /** The UPN the events say created it, used when the admin APIs' owner has none. */
  creatorUpn: string | null;
  /** The events say it was deleted (its last event is a DeleteFlow): shown so when the admin APIs do not know it. */
  deletedByEvents?: boolean;
}

/**
 * The v2 list documents `flowSuspensionReason`, not its values (flow-inventory.md §2): any code
 * naming DLP reads as the data-policy violation admins most need to see; others are split into words.
 */
export function describeSuspension(reason: string | null): string {
  if (!reason) return 'reason not given';
  if (/dlp|dataloss/i.test(reason)) return 'data policy violation';
  return reason.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function describeFlow(
  clues: FlowClues,
  flow: FlowIdentity | null,
  environment: EnvironmentIdentity | null,
  inventory: InventoryState,
): FlowDescription {
  const env = flow?.environment ?? environment;
  return {
    flowId: flow?.flowId ?? clues.flowId,
    name: flow?.displayName || clues.recordName || null,
    ...stateOf(flow, clues.deletedByEvents ?? false),
    suspensionReason: flow?.state === 'suspended' ? flow.suspensionReason : null,
    deleted: flow ? flow.deleted : (clues.deletedByEvents ?? false),
    owner: ownerOf(flow, clues.creatorUpn),
    environment: env ? environmentLabel(env) : bareEnvironment(clues.environmentId),
    environmentType: env?.type ?? null,
    // Without an id the row already says the record names no flow.
    unnamedBecause: flow || !clues.flowId ? null : whyUnknown(inventory),
  };
}

function stateOf(
  flow: FlowIdentity | null,
  deletedByEvents: boolean,
): Pick<FlowDescription, 'state' | 'stateText' | 'tone'> {
  if (!flow && !deletedByEvents) return { state: null, stateText: null, tone: 'default' };
  if (!flow || flow.deleted) return { state: 'deleted', stateText: 'Deleted', tone: 'attention' };
  if (flow.state === 'on') return { state: 'on', stateText: 'On', tone: 'good' };
  if (flow.state === 'off') return { state: 'off', stateText: 'Off', tone: 'warning' };
  const text = `Suspended: ${describeSuspension(flow.suspensionReason)}`;
  return { state: 'suspended', stateText: text, tone: 'attention' };
}

function ownerOf(flow: FlowIdentity | null, creatorUpn: string | null): string | null {
  const owner = flow?.owner;
  const who = owner?.upn ?? creatorUpn ?? owner?.displayName ?? null;
  if (!who) return flow?.owner ? `user ${flow.owner.objectId}` : null;
  return owner?.gone ? `${who} (no longer in the directory)` : who;
}

export function environmentLabel(env: EnvironmentIdentity): string {
  // The default environment is often named "Contoso (default)": "(Default)" again would say nothing.
  const said = env.type && env.displayName.toLowerCase().includes(env.type.toLowerCase());
  return env.type && !said ? `${env.displayName} (${env.type})` : env.displayName;
}

/** Audit records carry only the id; the default environment's is `Default-{tenant id}` (audit-apis.md §3.4). */
export function bareEnvironment(environmentId: string | null): string | null {
  if (!environmentId) return null;
  return /^default-/i.test(environmentId) ? 'the default environment' : `environment ${environmentId}`;
}

/** "No name or state", "No name", "No state": what `unnamedBecause` explains, for the line that says it. */
export function missingFacts(d: Pick<FlowDescription, 'name' | 'stateText'>): string {
  if (!d.name) return d.stateText ? 'No name' : 'No name or state';
  return 'No state';
}

function whyUnknown(inventory: InventoryState): string {
  switch (inventory) {
    case 'not-registered':
      return 'flow names and states need Flowwatch registered as a Power Platform management app (README: deployment)';
    case 'never':
      return 'the flow inventory has not been read yet';
    case 'failed':
      return 'the flow inventory could not be read lately (see /healthz)';
    default:
      return 'the admin APIs do not list it (deleted before Flowwatch first read the inventory)';
  }
}
