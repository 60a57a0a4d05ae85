/**
 * JSON shapes of the emulated Power Platform admin APIs, Dataverse and Graph, for one emulated
 * flow or environment. Fields are those the sources name, nothing more:
 * - BAP environments: reference flow-inventory.md §2 (`name`, `properties.displayName`,
 *   `environmentSku`, `linkedEnvironmentMetadata.instanceApiUrl`), as pnp/cli-microsoft365
 *   `pp environment list` reads them.
 * - Flow admin v2 list items: reference §2 and cli-microsoft365 `flow list` specs (`name`,
 *   `properties.displayName`, `state`, `flowSuspensionReason`, `createdTime`,
 *   `lastModifiedTime`, `creator.{objectId,userId,tenantId}`, `isManaged`); no definition.
 * - Dataverse `workflows`: reference §3 (Learn power-automate/manage-flows-with-code):
 *   `clientdata` a JSON string with `properties.connectionReferences` (`api.name`) and the
 *   definition; `statecode` 0 off, 1 on, 2 suspended; `resourceid` links to the Flow id
 *   (coe-starter-kit#9324).
 * - Graph users: reference §5 (`$select=userPrincipalName,displayName`; 404 when gone).
 */
import { builtInKind, connectorApiName } from '../../model/connector-names.ts';
import type { EmulatedEnvironment, EmulatedFlow } from '../generator/flow-inventory.ts';
import type { Person } from '../generator/people.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function environmentJson(e: EmulatedEnvironment, dataverseBase: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    displayName: e.displayName,
    environmentSku: e.sku,
    isDefault: e.sku === 'Default',
    azureRegion: 'westus',
  };
  if (e.hasDataverse) {
    properties['linkedEnvironmentMetadata'] = {
      instanceApiUrl: `${dataverseBase}/${e.id}`,
      instanceUrl: `${dataverseBase}/${e.id}/`,
      friendlyName: e.displayName,
    };
  }
  return {
    id: `/providers/Microsoft.BusinessAppPlatform/scopes/admin/environments/${e.id}`,
    type: 'Microsoft.BusinessAppPlatform/scopes/environments',
    location: 'unitedstates',
    name: e.id,
    properties,
  };
}

export function flowJson(f: EmulatedFlow, tenantId: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    apiId: '/providers/Microsoft.PowerApps/apis/shared_logicflows',
    displayName: f.currentName,
    state: f.state,
    createdTime: iso(f.createdMs),
    lastModifiedTime: iso(f.modifiedMs),
    environment: {
      name: f.environmentId,
      type: 'Microsoft.ProcessSimple/environments',
      id: `/providers/Microsoft.ProcessSimple/environments/${f.environmentId}`,
    },
    creator: { tenantId, objectId: f.owner.userKey, userId: f.owner.userKey, userType: 'ActiveDirectory' },
    isManaged: f.solutionAware,
  };
  if (f.suspensionReason) properties['flowSuspensionReason'] = f.suspensionReason;
  return {
    name: f.flowId,
    id: `/providers/Microsoft.ProcessSimple/environments/${f.environmentId}/flows/${f.flowId}`,
    type: 'Microsoft.ProcessSimple/environments/flows',
    properties,
  };
}

/** A custom connector's API name: `shared_` and the name in Power Platform's -20 / -5f escaping. */
function customApiName(displayName: string): string {
  return `shared_${displayName.toLowerCase().replace(/ /g, '-20')}-5f${displayName.length.toString(16).padStart(2, '0')}`;
}

export function clientData(f: EmulatedFlow): string {
  const connectionReferences: Record<string, unknown> = {};
  const triggers: Record<string, unknown> = {};
  const actions: Record<string, unknown> = {};
  for (const name of f.connectors) {
    const kind = builtInKind(name);
    if (kind === 'Recurrence' || kind === 'Request') triggers[name] = { type: kind };
    else if (kind) actions[name] = { type: kind };
    else {
      const api = connectorApiName(name) ?? customApiName(name);
      connectionReferences[api] = { runtimeSource: 'embedded', connection: {}, api: { name: api } };
      actions[`${name} action`] = {
        type: 'OpenApiConnection',
        inputs: { host: { apiId: `/providers/Microsoft.PowerApps/apis/${api}` } },
      };
    }
  }
  return JSON.stringify({
    properties: { connectionReferences, definition: { triggers, actions } },
    schemaVersion: '1.0.0.0',
  });
}

const STATECODE: Record<EmulatedFlow['state'], number> = { Stopped: 0, Started: 1, Suspended: 2 };

export function workflowJson(f: EmulatedFlow): Record<string, unknown> {
  return {
    '@odata.etag': `W/"${f.modifiedMs}"`,
    workflowid: f.workflowId,
    name: f.currentName,
    clientdata: clientData(f),
    statecode: STATECODE[f.state],
    modifiedon: iso(f.modifiedMs).replace(/\.\d{3}Z$/, 'Z'),
    _ownerid_value: f.owner.userKey,
    resourceid: f.flowId,
  };
}

/** "avery.lee@contoso.example" → "Avery Lee". */
export function personDisplayName(p: Person): string {
  return p.upn
    .split('@')[0]
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}
