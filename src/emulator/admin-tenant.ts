/**
 * The inventory side of the emulated tenant: the admin APIs' state (registration, throttling,
 * paging knobs), call counts, changes a test makes to flows (delete, rename, suspend), and the
 * ground truth of what a complete inventory should hold.
 */
import { connectorDisplayName } from '../model/connector-names.ts';
import { throttled, notRegistered, handleAdmin, type AdminKnobs, type AdminRoute } from './api/admin-routes.ts';
import { clientData } from './api/admin-shapes.ts';
import type { AccessTokens } from './auth/access-tokens.ts';
import type { EmulatedFlow, EmulatedInventory, EmulatedState } from './generator/flow-inventory.ts';
import type { Person } from './generator/people.ts';
import { jsonResponse, type EmulatorResponse } from './http/response.ts';
import type { Random } from './random.ts';

/** What a complete inventory should say of one live flow (Flowwatch's model words). */
export interface InventoryTruth {
  flowId: string;
  dataverseId: string | null;
  environmentId: string;
  displayName: string;
  state: 'on' | 'off' | 'suspended';
  suspensionReason: string | null;
  creatorObjectId: string;
  solutionAware: boolean;
  /** From Dataverse where the environment has it (and the app user may read it), else null. */
  dataverseConnectors: string[] | null;
  /** The connectors as of the last edit (what the audit records of the flow say). */
  lastEditConnectors: string[];
  /** The maker's UPN, or null when Graph says the user is gone. */
  ownerUpn: string | null;
}

export type AdminCalls = Record<AdminRoute['api'], number> & { throttled: number; forbidden: number };

const STATES: Record<EmulatedState, InventoryTruth['state']> = {
  Started: 'on',
  Stopped: 'off',
  Suspended: 'suspended',
};

/** Which token audience each API wants. */
function audienceFor(route: AdminRoute, baseUrl: string): string {
  if (route.api === 'bap') return 'https://api.bap.microsoft.com';
  if (route.api === 'flow') return 'https://service.flow.microsoft.com';
  if (route.api === 'graph') return 'https://graph.microsoft.com';
  return `${baseUrl}/dataverse/${route.environmentId}`;
}

export class AdminTenant {
  calls: AdminCalls = { bap: 0, flow: 0, dataverse: 0, graph: 0, throttled: 0, forbidden: 0 };

  constructor(
    readonly inventory: EmulatedInventory,
    private readonly people: readonly Person[],
    private readonly tenantId: string,
    public knobs: AdminKnobs,
    private readonly rng: Random,
  ) {}

  handle(
    route: AdminRoute,
    bearer: string | undefined,
    url: URL,
    ctx: { tokens: AccessTokens; baseUrl: string; clientId: string; now: Date },
  ): EmulatorResponse {
    this.calls[route.api]++;
    const token = bearer ? ctx.tokens.check(bearer, ctx.now) : null;
    if (!token?.ok || token.claims.aud !== audienceFor(route, ctx.baseUrl)) {
      return jsonResponse(
        401,
        {
          error: {
            code: 'InvalidAuthenticationToken',
            message: 'The access token is invalid or was issued for another audience.',
          },
        },
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    if (this.rng.next() < this.knobs.adminThrottleRate) {
      this.calls.throttled++;
      return throttled(this.knobs.adminRetryAfterSeconds);
    }
    if ((route.api === 'bap' || route.api === 'flow') && !this.knobs.managementAppRegistered) {
      this.calls.forbidden++;
      return notRegistered(ctx.clientId, url.pathname);
    }
    return handleAdmin(
      {
        inventory: this.inventory,
        people: this.people,
        tenantId: this.tenantId,
        baseUrl: ctx.baseUrl,
        knobs: this.knobs,
      },
      route,
      url,
    );
  }

  private flow(flowId: string): EmulatedFlow {
    const flow = this.inventory.flows.find((f) => f.flowId === flowId);
    if (!flow) throw new Error(`no emulated flow ${flowId}`);
    return flow;
  }

  /** A change made since the last pass, as an admin or maker would make it in the portal. */
  changeFlow(
    flowId: string,
    change: { deleted?: boolean; name?: string; state?: EmulatedState; suspensionReason?: string | null },
  ): void {
    const flow = this.flow(flowId);
    if (change.deleted !== undefined) flow.deleted = change.deleted;
    if (change.name !== undefined) flow.currentName = change.name;
    if (change.state !== undefined) {
      flow.state = change.state;
      flow.suspensionReason = change.state === 'Suspended' ? (change.suspensionReason ?? null) : null;
    }
  }

  /** Every live flow as a complete inventory should hold it. */
  truth(): InventoryTruth[] {
    const byId = new Map(this.inventory.environments.map((e) => [e.id, e]));
    return this.inventory.flows
      .filter((f) => !f.deleted)
      .map((f) => {
        const dataverse = byId.get(f.environmentId)?.hasDataverse && this.knobs.dataverseAppUser && f.workflowId;
        return {
          flowId: f.flowId,
          dataverseId: f.workflowId && f.workflowId !== f.flowId ? f.workflowId : null,
          environmentId: f.environmentId,
          displayName: f.currentName,
          state: STATES[f.state],
          suspensionReason: f.suspensionReason,
          creatorObjectId: f.owner.userKey,
          solutionAware: f.solutionAware,
          dataverseConnectors: dataverse ? dataverseConnectorNames(f) : null,
          lastEditConnectors: [...f.connectors],
          ownerUpn: this.inventory.goneUserKeys.has(f.owner.userKey) ? null : f.owner.upn,
        };
      });
  }
}

/** The connector names clientdata yields through the one display-name table (connector-names.ts). */
function dataverseConnectorNames(f: EmulatedFlow): string[] {
  const data = JSON.parse(clientData(f)) as {
    properties: {
      connectionReferences: Record<string, { api: { name: string } }>;
      definition: { triggers: Record<string, { type: string }>; actions: Record<string, { type: string }> };
    };
  };
  const names = Object.values(data.properties.connectionReferences).map((r) => connectorDisplayName(r.api.name));
  const builtIns = [
    ...Object.values(data.properties.definition.triggers),
    ...Object.values(data.properties.definition.actions),
  ]
    .map((a) => a.type)
    .filter((t) => t === 'Recurrence' || t === 'Request' || t === 'Http')
    .map((t) => connectorDisplayName(t));
  return [...new Set([...builtIns, ...names])].sort();
}
