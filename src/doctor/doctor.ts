/**
 * Runs diagnose() after every sync and tells the admins' channel once when an incident starts and
 * once when it is over. The transitions are claimed in the store (IncidentStore), so a restart or
 * a second replica does not say it again. /healthz lists the open ones.
 */
import { renderNoticeCard } from '../cards/notice-card.ts';
import type { ChannelPoster } from '../digest/channel-poster.ts';
import { isAdminChannel } from '../digest/channel-target.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { SyncReport } from '../sync/sync-report.ts';
import { diagnose, type DoctorThresholds, type IncidentKind } from './diagnose.ts';

export interface DoctorOptions {
  store: Pick<Store, 'incidents' | 'botState'>;
  poster: ChannelPoster;
  clock: () => Date;
  log: Logger;
  thresholds: DoctorThresholds;
  /** The admins' team: its subscribed channels hear the doctor; null: every subscribed channel. */
  adminTeamId: string | null;
}

const TITLES: Record<IncidentKind, [string, string]> = {
  subscription: ['Audit subscription stopped', 'Audit subscription running again'],
  syncFailing: ['Audit sync failing', 'Audit sync working again'],
  feedLag: ['Audit feed behind', 'Audit feed caught up'],
  gap: ['Audit data lost', 'No new gaps in the audit data'],
};

export class CoverageDoctor {
  /** Since when this process has seen syncs fail (a restart starts counting again: later, never sooner). */
  private failingSince: Date | null = null;

  constructor(private readonly options: DoctorOptions) {}

  /** Returns the notices it posted (kind and whether opened), for logs and tests. */
  async afterSync(report: SyncReport): Promise<Array<{ kind: IncidentKind; opened: boolean }>> {
    const { store, clock, thresholds } = this.options;
    const now = clock();
    if (report.ok) this.failingSince = null;
    else this.failingSince ??= new Date(report.startedAt);
    const told: Array<{ kind: IncidentKind; opened: boolean }> = [];
    for (const f of diagnose(report, { now, failingSince: this.failingSince, thresholds })) {
      if (f.open === null) continue;
      const changed = f.open
        ? await store.incidents.openIncident(f.kind, f.detail, now.toISOString())
        : await store.incidents.closeIncident(f.kind, now.toISOString());
      if (!changed) continue;
      told.push({ kind: f.kind, opened: f.open });
      const [opened, closed] = TITLES[f.kind];
      await this.tell(
        f.open ? opened : closed,
        f.open ? f.detail : `${closed}. ${f.kind === 'gap' ? '' : 'Coverage is complete again from here.'}`.trim(),
      );
    }
    return told;
  }

  private async tell(title: string, text: string): Promise<void> {
    const { store, poster, log, adminTeamId } = this.options;
    const channels = (await store.botState.listSubscriptions()).filter((s) => isAdminChannel(s, adminTeamId));
    for (const channel of channels) {
      try {
        await poster.postCard(channel, renderNoticeCard(title, text));
      } catch (error) {
        log.error('coverage doctor notice not posted', { conversationId: channel.conversationId, error });
      }
    }
    log.warn('coverage doctor', { title, text, channels: channels.length });
  }
}
