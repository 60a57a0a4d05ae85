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
import { findSilentEnvironments, silenceDetail, SILENT_KIND_PREFIX, type SilenceStore } from './silent-environments.ts';

export interface DoctorOptions {
  store: Pick<Store, 'incidents' | 'botState'> & SilenceStore;
  poster: ChannelPoster;
  clock: () => Date;
  log: Logger;
  thresholds: DoctorThresholds;
  /** DOCTOR_SILENT_ENVIRONMENT_DAYS; 0: environments are not checked. */
  silentEnvironmentDays?: number;
  /** The admins' team: its subscribed channels hear the doctor; null: every subscribed channel. */
  adminTeamId: string | null;
}

const TITLES: Record<IncidentKind, [string, string]> = {
  subscription: ['Audit subscription stopped', 'Audit subscription running again'],
  syncFailing: ['Audit sync failing', 'Audit sync working again'],
  feedLag: ['Audit feed behind', 'Audit feed caught up'],
  gap: ['Audit data lost', 'No new gaps in the audit data'],
};

/** Environments are judged at most this often (each check reads every environment's counts). */
const ENVIRONMENT_CHECK_MS = 15 * 60_000;

export class CoverageDoctor {
  /** Since when this process has seen syncs fail (a restart starts counting again: later, never sooner). */
  private failingSince: Date | null = null;
  /** When this process last judged environments (at most every ENVIRONMENT_CHECK_MS: two reads per environment). */
  private environmentsCheckedAt: number | null = null;

  constructor(private readonly options: DoctorOptions) {}

  /** Returns the notices it posted (kind and whether opened), for logs and tests. */
  async afterSync(report: SyncReport): Promise<Array<{ kind: string; opened: boolean }>> {
    const { store, clock, thresholds } = this.options;
    const now = clock();
    if (report.ok) this.failingSince = null;
    else this.failingSince ??= new Date(report.startedAt);
    const told: Array<{ kind: string; opened: boolean }> = [];
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
    if (report.ok) told.push(...(await this.checkEnvironments(now)));
    return told;
  }

  /** One incident per silent environment (kind `silentEnvironment:<id>`), over once its events arrive. */
  private async checkEnvironments(now: Date): Promise<Array<{ kind: string; opened: boolean }>> {
    const { store, silentEnvironmentDays: days = 0 } = this.options;
    const last = this.environmentsCheckedAt;
    if (days === 0 || (last !== null && now.getTime() - last < ENVIRONMENT_CHECK_MS)) return [];
    this.environmentsCheckedAt = now.getTime();
    const found = await findSilentEnvironments(store, now, days);
    if (!found) return [];
    const told: Array<{ kind: string; opened: boolean }> = [];
    const at = now.toISOString();
    for (const { environment, changedFlows } of found.silent) {
      const kind = `${SILENT_KIND_PREFIX}${environment.environmentId.toLowerCase()}`;
      const detail = silenceDetail(environment, changedFlows, days);
      if (!(await store.incidents.openIncident(kind, detail, at))) continue;
      told.push({ kind, opened: true });
      await this.tell('Audit events missing from an environment', detail);
    }
    for (const incident of await store.incidents.listIncidents()) {
      const id = incident.kind.startsWith(SILENT_KIND_PREFIX) ? incident.kind.slice(SILENT_KIND_PREFIX.length) : null;
      if (incident.state !== 'open' || id === null || !found.logging.has(id)) continue;
      if (!(await store.incidents.closeIncident(incident.kind, at))) continue;
      told.push({ kind: incident.kind, opened: false });
      const name = found.names.get(id) ?? id;
      await this.tell('Audit events arriving from an environment again', `Environment "${name}" (${id}) logs again.`);
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
