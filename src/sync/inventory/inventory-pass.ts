/**
 * One full inventory pass (issue 11): environments from BAP, each environment's flows from the
 * Flow admin v2 list, then Dataverse connectors where there is Dataverse, then owners. Progress
 * is saved after every page (InventoryPass), after the page's rows, so a pass killed anywhere
 * resumes from the last saved page and loses nothing; flows are marked deleted only once an
 * environment's listing was read to the end, and only those not seen since the pass began.
 */
import { randomUUID } from 'node:crypto';
import { mapLimit } from '../../audit/map-limit.ts';
import type { InventoryClient } from '../../inventory/admin-client.ts';
import type { Logger } from '../../log.ts';
import type {
  EnvironmentIdentity,
  EnvironmentProgress,
  FlowListing,
  InventoryPass,
} from '../../model/flow-identity.ts';
import type { Store } from '../../store/store.ts';
import { AuditApiError } from '../../audit/source.ts';

export interface InventoryPassDeps {
  client: InventoryClient;
  store: Pick<Store, 'flowIdentity' | 'inventory'>;
  now: () => Date;
  logger?: Logger;
  graphLookup: boolean;
  concurrency: number;
  /** Called after each saved page (tests stop a pass there to play a crash). */
  afterPage?: (saved: { environmentId: string; pages: number }) => Promise<void> | void;
}

export interface InventoryPassReport {
  passId: string;
  resumed: boolean;
  environments: number;
  flowPages: number;
  flowsSeen: number;
  markedDeleted: number;
  stateChanges: number;
  workflowRows: number;
  /** Environments whose Dataverse would not let Flowwatch read (no application user). */
  dataverseDenied: string[];
  ownersResolved: number;
}

const iso = (d: Date) => d.toISOString();
const fresh = (): EnvironmentProgress => ({
  flowsNextLink: null,
  flowsDone: false,
  workflowsNextLink: null,
  workflowsDone: false,
});

export async function runInventoryPass(deps: InventoryPassDeps): Promise<InventoryPassReport> {
  const fi = deps.store.flowIdentity;
  const last = await fi.getPass();
  const resumed = last !== null && last.finishedAt === null;
  const pass: InventoryPass = resumed
    ? last
    : { passId: randomUUID(), startedAt: iso(deps.now()), finishedAt: null, environments: {} };
  const report: InventoryPassReport = {
    passId: pass.passId,
    resumed,
    environments: 0,
    flowPages: 0,
    flowsSeen: 0,
    markedDeleted: 0,
    stateChanges: 0,
    workflowRows: 0,
    dataverseDenied: [],
    ownersResolved: 0,
  };
  const environments = await readEnvironments(deps, pass);
  report.environments = environments.length;
  for (const environment of environments) {
    await readFlows(deps, pass, environment.environmentId, report);
    await readWorkflows(deps, pass, environment, report);
  }
  report.ownersResolved = await resolveOwners(deps);
  pass.finishedAt = iso(deps.now());
  await fi.savePass(pass);
  return report;
}

/** The BAP list, read whole at the start of a pass (a few pages) and kept in the pass's progress. */
async function readEnvironments(deps: InventoryPassDeps, pass: InventoryPass): Promise<EnvironmentIdentity[]> {
  const all: EnvironmentIdentity[] = [];
  let next: string | null = null;
  do {
    const page = await deps.client.environments(next);
    all.push(...page.items);
    next = page.nextLink;
  } while (next);
  await deps.store.flowIdentity.saveEnvironments(all, iso(deps.now()));
  for (const e of all) pass.environments[e.environmentId] ??= fresh();
  await deps.store.flowIdentity.savePass(pass);
  // Environments gone since the pass began are left as they were: nothing read says their flows went.
  return all;
}

async function readFlows(
  deps: InventoryPassDeps,
  pass: InventoryPass,
  environmentId: string,
  report: InventoryPassReport,
) {
  const fi = deps.store.flowIdentity;
  const progress = (pass.environments[environmentId] ??= fresh());
  let pages = 0;
  while (!progress.flowsDone) {
    const page = await deps.client.flows(environmentId, progress.flowsNextLink);
    const changes = await fi.saveFlows(page.items, iso(deps.now()));
    await adoptEventFacts(deps, page.items);
    report.flowPages++;
    report.flowsSeen += page.items.length;
    report.stateChanges += changes.length;
    if (page.nextLink === null) {
      report.markedDeleted += await fi.markUnseenDeleted(environmentId, pass.startedAt, iso(deps.now()));
      progress.flowsDone = true;
    }
    progress.flowsNextLink = page.nextLink;
    await fi.savePass(pass);
    await deps.afterPage?.({ environmentId, pages: ++pages });
  }
}

/**
 * What the stored events know of these flows: the connectors of the last create/edit (for flows
 * Dataverse does not describe) and the maker's UPN from the CreateFlow (reference §5).
 */
export async function adoptEventFacts(deps: Pick<InventoryPassDeps, 'store' | 'now'>, flows: FlowListing[]) {
  if (flows.length === 0) return;
  const ids = flows.map((f) => f.flowId);
  await deps.store.flowIdentity.adoptLastEditConnectors(ids);
  const creators = new Map(flows.map((f) => [f.flowId, f.creatorObjectId]));
  const known = new Set(
    (await deps.store.flowIdentity.getOwners([...new Set([...creators.values()].filter((c) => c !== null))])).map(
      (o) => o.objectId,
    ),
  );
  const owners = new Map<string, { objectId: string; upn: string; displayName: null; gone: false }>();
  for (const entry of await deps.store.inventory.getFlows(ids)) {
    const objectId = creators.get(entry.flowId);
    // createdAt is set only by a CreateFlow: then creatorUpn is that record's actor, the maker.
    if (objectId && !known.has(objectId) && entry.createdAt !== null && entry.creatorUpn) {
      owners.set(objectId, { objectId, upn: entry.creatorUpn, displayName: null, gone: false });
    }
  }
  if (owners.size > 0) await deps.store.flowIdentity.saveOwners([...owners.values()], iso(deps.now()));
}

async function readWorkflows(
  deps: InventoryPassDeps,
  pass: InventoryPass,
  environment: EnvironmentIdentity,
  report: InventoryPassReport,
) {
  const progress = (pass.environments[environment.environmentId] ??= fresh());
  const url = environment.dataverseUrl;
  while (!progress.workflowsDone) {
    if (!url) {
      progress.workflowsDone = true;
      break;
    }
    try {
      const page = await deps.client.workflows(url, progress.workflowsNextLink);
      await deps.store.flowIdentity.saveWorkflowConnectors(page.items);
      report.workflowRows += page.items.length;
      progress.workflowsNextLink = page.nextLink;
      progress.workflowsDone = page.nextLink === null;
    } catch (error) {
      if (!(error instanceof AuditApiError) || (error.status !== 403 && error.status !== 401)) throw error;
      // No application user (or no read on Process): connectors stay "as of the last edit".
      report.dataverseDenied.push(environment.environmentId);
      deps.logger?.warn('Dataverse would not let Flowwatch read workflows; connectors come from the last edit', {
        environment: environment.displayName,
        fix: 'add Flowwatch as an application user with read on Process in this environment (README: deployment)',
      });
      progress.workflowsDone = true;
    }
    await deps.store.flowIdentity.savePass(pass);
  }
}

/** Creators no CreateFlow named, from Graph (when configured), a few at a time. */
async function resolveOwners(deps: InventoryPassDeps): Promise<number> {
  if (!deps.graphLookup) return 0;
  let resolved = 0;
  const failed = new Set<string>();
  for (;;) {
    const ids = (await deps.store.flowIdentity.unresolvedCreators(200 + failed.size)).filter((id) => !failed.has(id));
    if (ids.length === 0) return resolved;
    const owners = await mapLimit(ids, deps.concurrency, async (id) => {
      try {
        return await deps.client.user(id);
      } catch (error) {
        // No User.Read.All, or Graph down: the owner stays an object id; the pass goes on.
        failed.add(id);
        deps.logger?.warn('Graph could not resolve a flow owner', { objectId: id, error: (error as Error).message });
        return null;
      }
    });
    const found = owners.filter((o) => o !== null);
    if (found.length > 0) await deps.store.flowIdentity.saveOwners(found, iso(deps.now()));
    resolved += found.length;
    if (found.length === 0) return resolved;
  }
}
