/**
 * The coverage doctor's judgement of one sync report: which incidents are going on. Pure. An audit
 * tool that silently stops receiving audit data is worse than none (the CoE kit's sync failed
 * silently for weeks, coe-starter-kit#6798), so each kind is said once when it starts and once
 * when it is over (doctor.ts keeps that state in the store).
 */
import type { SyncReport } from '../sync/sync-report.ts';

export type IncidentKind = 'subscription' | 'syncFailing' | 'feedLag' | 'gap';

export interface DoctorThresholds {
  /** Syncs failing for longer than this are an incident. */
  failingMs: number;
  /** now - cursor above this is an incident. */
  lagMs: number;
}

export interface Finding {
  kind: IncidentKind;
  /** Going on (with what to tell the admins), over, or null: this report cannot tell (a failed run says nothing about lag). */
  open: boolean | null;
  detail: string;
}

/** What to do about an API error code (audit-apis.md §1.8, §7; Entra AADSTS codes). */
export function adviceFor(code: string | null): string {
  if (!code) return 'See the "sync failed" lines in the logs.';
  if (code === 'AADSTS7000222')
    return 'The client secret has expired: add a new one to the app registration and set AUDIT_CLIENT_SECRET.';
  if (code === 'AADSTS7000215')
    return 'The client secret is wrong: copy the secret value (not its id) into AUDIT_CLIENT_SECRET.';
  if (code === 'AADSTS700016')
    return 'The app registration is not in this tenant: check AUDIT_CLIENT_ID and AUDIT_TENANT_ID.';
  if (code === 'AF10001')
    return 'The app lacks ActivityFeed.Read or its admin consent: grant it in the app registration.';
  if (code === 'AF20022' || code === 'AF20023')
    return 'The Audit.General subscription is not running; Flowwatch starts it on the next sync.';
  if (code === 'AF429')
    return 'The API is throttling; Flowwatch backs off. Set a PublisherIdentifier quota if it persists.';
  if (code === 'store_unavailable') return 'The store is unreachable: check DATABASE_URL and the database server.';
  return 'See the "sync failed" lines in the logs.';
}

const SUBSCRIPTION_CODES = new Set(['AF20022', 'AF20023', 'AF20021']);

export function diagnose(
  report: SyncReport,
  o: { now: Date; failingSince: Date | null; thresholds: DoctorThresholds },
): Finding[] {
  const code = report.error?.code ?? null;
  const minutes = (ms: number) => Math.round(ms / 60_000);
  const failingFor = o.failingSince ? o.now.getTime() - o.failingSince.getTime() : 0;
  const failing = !report.ok && failingFor >= o.thresholds.failingMs;
  const lag = report.cursorLagMs;
  return [
    {
      kind: 'subscription',
      open: code !== null && SUBSCRIPTION_CODES.has(code) ? true : report.ok ? false : null,
      detail: `The audit subscription is not running (${code}): no audit data arrives. ${adviceFor(code)}`,
    },
    {
      kind: 'syncFailing',
      open: failing ? true : report.ok ? false : null,
      detail: `Syncs have failed for ${minutes(failingFor)} min (${code ?? 'no error code'}: ${report.error?.message.slice(0, 200) ?? ''}). ${adviceFor(code)}`,
    },
    {
      kind: 'feedLag',
      open: lag === null ? null : lag > o.thresholds.lagMs,
      detail: `The audit feed is ${minutes(lag ?? 0)} min behind (more than ${minutes(o.thresholds.lagMs)}): answers and digests miss recent events until it catches up.`,
    },
    {
      kind: 'gap',
      open: report.gaps.length > 0 ? true : report.ok ? false : null,
      detail: `${report.gaps.length} content blob(s) expired before Flowwatch could fetch them (older than 7 days): those events are lost to the feed. Import them from a Purview audit export (flowwatch import) to fill the gap.`,
    },
  ];
}
