/**
 * Runs inventory passes and targeted refreshes, and says how the inventory stands (for /healthz
 * and for cards that must say why flows have no names). A 403 from the admin APIs means the app
 * is not registered as a Power Platform management app: logged once with the fix, reported as
 * 'not-registered', and everything else works as before.
 */
import { mapLimit } from '../../audit/map-limit.ts';
import { NotRegisteredError, type InventoryClient } from '../../inventory/admin-client.ts';
import type { FlowEvent } from '../../model/flow-event.ts';
import type { FlowListing, InventoryState } from '../../model/flow-identity.ts';
import {
  adoptEventFacts,
  runInventoryPass,
  type InventoryPassDeps,
  type InventoryPassReport,
} from './inventory-pass.ts';

export interface InventoryStatus {
  status: InventoryState;
  lastPassAt: string | null;
  /** Flows the inventory holds (tombstones left out). */
  flows: number;
  /** What went wrong last, in words an admin can act on. */
  message: string | null;
}

export const REGISTER_APP_FIX =
  'register the app as a Power Platform management app: New-PowerAppManagementApp -ApplicationId <appId>, or PUT https://api.bap.microsoft.com/providers/Microsoft.BusinessAppPlatform/adminApplications/<appId>?api-version=2020-10-01 (README: deployment)';

export class InventorySync {
  private current: InventoryStatus = { status: 'never', lastPassAt: null, flows: 0, message: null };
  private warnedNotRegistered = false;

  constructor(private readonly deps: Omit<InventoryPassDeps, 'client'> & { client: InventoryClient }) {}

  status(): InventoryStatus {
    return { ...this.current };
  }

  /** One full pass (resuming an unfinished one); never throws: the outcome is in status(). */
  async pass(): Promise<InventoryPassReport | null> {
    try {
      const report = await runInventoryPass(this.deps);
      const flows = await this.deps.store.flowIdentity.countFlowIdentities({});
      this.current = { status: 'ok', lastPassAt: this.deps.now().toISOString(), flows, message: null };
      this.deps.logger?.info('inventory pass done', { ...report });
      return report;
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  private fail(error: unknown): void {
    if (error instanceof NotRegisteredError) {
      if (!this.warnedNotRegistered) {
        this.deps.logger?.warn('the Power Platform admin APIs answered 403: flows will show ids, not names', {
          fix: REGISTER_APP_FIX,
          error: error.message,
        });
        this.warnedNotRegistered = true;
      }
      this.current = {
        ...this.current,
        status: 'not-registered',
        message: `admin APIs answered 403: ${REGISTER_APP_FIX}`,
      };
      return;
    }
    this.deps.logger?.warn('inventory pass failed; the next one resumes it', { error: (error as Error).message });
    this.current = { ...this.current, status: 'failed', message: (error as Error).message };
  }

  /**
   * A targeted refresh for newly stored events: each flow the inventory does not know, knows in
   * another environment, or saw before the event, is read again with the single-flow GET.
   */
  async refreshForEvents(events: readonly FlowEvent[]): Promise<number> {
    if (this.current.status === 'not-registered') return 0;
    const latest = new Map<string, { environmentId: string; at: string }>();
    for (const e of events) {
      if (!e.flowId || !e.environmentId || e.operation === 'DeleteFlow') continue;
      const seen = latest.get(e.flowId);
      if (!seen || seen.at < e.occurredAt) latest.set(e.flowId, { environmentId: e.environmentId, at: e.occurredAt });
    }
    if (latest.size === 0) return 0;
    const known = new Map(
      (await this.deps.store.flowIdentity.getFlowIdentities([...latest.keys()])).map((f) => [f.flowId, f]),
    );
    const stale = [...latest].filter(([id, e]) => {
      const flow = known.get(id);
      return !flow || flow.environmentId !== e.environmentId || Date.parse(flow.lastSeenAt) < Date.parse(e.at);
    });
    try {
      const found = await mapLimit(stale, this.deps.concurrency, ([id, e]) =>
        this.deps.client.flow(e.environmentId, id),
      );
      const flows = found.filter((f): f is FlowListing => f !== null);
      await this.deps.store.flowIdentity.saveFlows(flows, this.deps.now().toISOString());
      await adoptEventFacts(this.deps, flows);
      return flows.length;
    } catch (error) {
      this.fail(error);
      return 0;
    }
  }
}
