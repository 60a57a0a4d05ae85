/**
 * What Microsoft's sources say about connection and Power Platform admin records, checked for
 * issue 12 (2026-12, with the search tool). The normalizer (normalize-governance.ts) and the
 * emulator (src/emulator/generator/governance-records.ts) both build on these tables, so they
 * cannot drift apart. [V] verified in a Microsoft source, [T] third-party evidence, [I] inferred.
 *
 * Content type. Both kinds arrive in **Audit.General** [V by elimination: MAA-ref lists
 * Audit.General as "all other workloads"; Learn "activity-logs-connectors" (11/2025) says the
 * connector logs are "accessible to developers via the Office 365 Management API"]. No source
 * names another content type for them.
 *
 * Record type. `PowerPlatformAdministratorActivity` = **256** [V, MAA-schema AuditLogRecordType,
 * audit-apis.md §3.1]; Graph spells it `powerPlatformAdministratorActivity` and types its auditData
 * `#microsoft.graph.security.powerPlatformAdministratorActivityRecord` [V, Graph SDK model list].
 * Its payload is a Name/Value list [V, Learn "activity-logs-power-platform-admin" (04/2026) samples],
 * held in the record's `PropertyCollection` [V, Azure Monitor table PowerPlatformAdminActivity:
 * "PropertyCollection (dynamic): Additional information property bag"]; Sentinel reads the same
 * bag as `Properties` [V, Azure-Sentinel rules below]. Workload `PowerPlatform` [T,
 * Office365ActivityImporter constants: "RecordType 256 … Workload PowerPlatform"].
 * Since 2024-10-17 Power Apps, DLP and **connector** events are routed to PowerPlatformAdminActivity
 * [V, Microsoft Sentinel "what's new", October 2024], so connection events come as 256 records too.
 * The older connector shape (flat, with `AdditionalInfo.EnvironmentName` and `ResourceId`) [V,
 * Learn "activity-logs-connectors" activity details] and the deprecated DLP record type
 * `PowerPlatformAdminDlp` = 187 [V, MAA-schema; Learn admin page: "Created/Updated/Deleted DLP
 * Policy" deprecated] are still read, for imports of older records.
 *
 * Data policies. Every data-policy event is the activity `GovernanceApiPolicyOperation` [V, Learn
 * admin page], its kind in `…governance.api_policy.operation_name`: `CreateDlpPolicy`,
 * `UpdateDlpPolicy`, `DeleteDlpPolicy` [V, Azure-Sentinel "Power Platform - DLP policy updated or
 * removed.yaml" and the Learn sample]. The other categories (connector configurations, custom
 * connector patterns, exempt resources, connector blocking policy) have friendly names only [V];
 * their operation names are read by verb (Create…/Update…/Delete…) [I].
 *
 * Connections. `PutConnection` is "Connection created or edited", with
 * `powerplatform.analytics.resource.connection.id`, `…resource.environment.id` (sometimes as
 * `/providers/Microsoft.BusinessAppPlatform/environments/{id}`) and `enduser.ip_address` (sometimes
 * `::ffff:`-prefixed) [V, Azure-Sentinel "Power Platform - Connector added to a sensitive
 * environment.yaml", which strips both]. The turn-off is "Added ConnectionDlpEvaluationResult" [V,
 * Learn connectors page]. DeleteConnection, PutConnectionPermission and DeleteConnectionPermission
 * follow PutConnection's naming for "Connection deleted", "Connection permission added or edited"
 * and "Connection permission removed" [I: no source spells them]. No source names a sharing
 * recipient key, so none is read or emulated (the harder case).
 */
import type { GovernanceAction } from '../model/governance-event.ts';

export const ADMIN_RECORD_TYPE = 256;
export const ADMIN_RECORD_TYPE_NAME = 'powerplatformadministratoractivity';
export const LEGACY_DLP_RECORD_TYPE = 187;
export const LEGACY_DLP_RECORD_TYPE_NAME = 'powerplatformadmindlp';
export const ADMIN_WORKLOAD = 'powerplatform';
/** Workloads a connector record carried before the 10/2024 routing; PowerApps records share them [T]. */
export const LEGACY_CONNECTOR_WORKLOADS = new Set(['powerapps', 'powerplatformconnectors']);

export const POLICY_ACTIVITY = 'GovernanceApiPolicyOperation';

/** Property names in the Name/Value list [V, Learn admin page samples and the Sentinel rules]. */
export const PROP = {
  activityName: 'powerplatform.analytics.activity.name',
  activityId: 'powerplatform.analytics.activity.id',
  environmentId: 'powerplatform.analytics.resource.environment.id',
  connectionId: 'powerplatform.analytics.resource.connection.id',
  resourceId: 'powerplatform.analytics.resource.id',
  resourceType: 'powerplatform.analytics.resource.type',
  displayName: 'powerplatform.analytics.resource.display_name',
  policyOperation: 'powerplatform.analytics.resource.tenant.governance.api_policy.operation_name',
  policyResult: 'powerplatform.analytics.resource.tenant.governance.api_policy.operation_result',
  policyResources: 'powerplatform.analytics.resource.tenant.governance.api_policy.additional_resources',
  tenantId: 'powerplatform.analytics.resource.tenant.id',
  userId: 'enduser.id',
  userName: 'enduser.principal_name',
  userRole: 'enduser.role',
  userIp: 'enduser.ip_address',
  type: 'type',
  version: 'version',
} as const;

/** Connection operations, lower-cased, and what each means (sources above). */
export const CONNECTION_OPERATIONS: ReadonlyMap<string, GovernanceAction> = new Map([
  ['putconnection', 'connection-created-or-edited'],
  ['deleteconnection', 'connection-deleted'],
  ['putconnectionpermission', 'connection-shared'],
  ['deleteconnectionpermission', 'connection-unshared'],
  ['connectiondlpevaluationresult', 'connection-turned-off'],
  ['addconnectiondlpevaluationresult', 'connection-turned-off'],
]);

/** The data-policy operation named in the list, by its verb. */
export function policyAction(operation: string | null): GovernanceAction {
  if (!operation) return 'policy-other';
  if (/^create/i.test(operation)) return 'policy-created';
  if (/^(?:update|put|patch|edit)/i.test(operation)) return 'policy-updated';
  if (/^(?:delete|remove)/i.test(operation)) return 'policy-deleted';
  return 'policy-other';
}

/** Environment activities named on the Learn admin page (environment groups) or by their word [I]. */
export function isEnvironmentOperation(operation: string): boolean {
  return /environment/i.test(operation);
}

/** The provider path Sentinel strips from environment ids. */
export const ENVIRONMENT_PATH = /^\/?providers\/Microsoft\.BusinessAppPlatform\/environments\//i;
