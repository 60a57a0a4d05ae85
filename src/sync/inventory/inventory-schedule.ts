/**
 * When the inventory runs: after each audit sync run (so under the same lease: one replica), a
 * full pass when none finished within INVENTORY_INTERVAL_HOURS (at start: the first run), else a
 * targeted refresh of the flows that events stored by that run name.
 */
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/store.ts';
import type { InventorySync } from './inventory-sync.ts';

const LOOKBACK_MS = 30 * 24 * 3_600_000;
/** Events of one sync run looked at for a targeted refresh. */
const REFRESH_EVENTS = 2000;

export class InventorySchedule {
  constructor(
    readonly inventory: InventorySync,
    private readonly store: Pick<Store, 'events' | 'flowIdentity'>,
    private readonly intervalMs: number,
    private readonly now: () => Date,
    private readonly log?: Logger,
  ) {}

  /**
   * After a sync run that started at `runStartedAt`. Never throws: the sync run's outcome is the
   * audit sync's alone (a store outage is the audit sync's to report), the inventory's is in status().
   */
  async afterSync(runStartedAt: Date): Promise<void> {
    try {
      await this.runDue(runStartedAt);
    } catch (error) {
      this.log?.warn('inventory skipped after this sync run; the next run tries again', {
        error: (error as Error).message,
      });
    }
  }

  private async runDue(runStartedAt: Date): Promise<void> {
    const last = await this.store.flowIdentity.getPass();
    const finished = last?.finishedAt ? Date.parse(last.finishedAt) : null;
    const due = finished === null || this.now().getTime() - finished >= this.intervalMs;
    if (due) {
      await this.inventory.pass();
      return;
    }
    const to = this.now().toISOString();
    const { events } = await this.store.events.findEvents(
      {
        from: new Date(this.now().getTime() - LOOKBACK_MS).toISOString(),
        to: new Date(this.now().getTime() + 60_000).toISOString(),
        operations: ['CreateFlow', 'EditFlow'],
        ingestedFrom: runStartedAt.toISOString(),
        ingestedTo: new Date(Date.parse(to) + 1).toISOString(),
      },
      { limit: REFRESH_EVENTS, offset: 0 },
    );
    await this.inventory.refreshForEvents(events);
  }
}
