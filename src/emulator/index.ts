/**
 * The tenant emulator: a loopback HTTP server that plays Entra's token endpoint and the Office 365
 * Management Activity API for a generated tenant, so the real audit client runs against it
 * unchanged (demo mode, tests, benchmarks). Protocol facts: the shared reference audit-apis.md (§ numbers in comments point into it).
 *
 * @example
 *   const emulator = await startEmulator({ seed: 7, now: () => clock });
 *   // MSAL: authority `${EMULATOR_AUTHORITY_HOST}/${emulator.tenantId}` in knownAuthorities, and
 *   // authorityMetadata: JSON.stringify(openIdConfiguration(emulator.url, emulator.tenantId))
 *   await emulator.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiErrors } from './api/api-errors.ts';
import { openIdConfiguration } from './auth/openid-configuration.ts';
import { EMULATOR_AUTHORITY_HOST } from './demo-tenant.ts';
import { Emulator, type Outcome } from './emulator.ts';
import type { FaultKind } from './faults/fault-injector.ts';
import { writeResponse } from './http/response-writer.ts';
import { textResponse } from './http/response.ts';
import { resolveOptions, type EmulatorOptions, type Faults } from './options.ts';
import type { EmulatorStats } from './stats.ts';
import type { AdminTenant } from './admin-tenant.ts';

export type { EmulatorOptions, Faults } from './options.ts';
export type { EmulatorStats, RouteStats, RouteName } from './stats.ts';
export type { FaultKind } from './faults/fault-injector.ts';
export type { AdminTenant, InventoryTruth, AdminCalls } from './admin-tenant.ts';
export type { AdminKnobs } from './api/admin-routes.ts';
import type { AuditQueries } from './audit-query/audit-queries.ts';
export type { AuditQueries, AuditQueryKnobs } from './audit-query/audit-queries.ts';
export type { RegisteredCertificate } from './auth/client-certificates.ts';
export { openIdConfiguration } from './auth/openid-configuration.ts';
export { DEFAULT_TENANT_ID, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EMULATOR_AUTHORITY_HOST } from './demo-tenant.ts';

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:41234`: the API base URL and the token host. */
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** `${EMULATOR_AUTHORITY_HOST}/${tenantId}`: the https authority to give MSAL. */
  authority: string;
  /** The OpenID configuration as a JSON string, ready for MSAL's `authorityMetadata`. */
  authorityMetadata: string;
  setFaults(f: Partial<Faults>): void;
  /** The admin APIs' side (flow-inventory.md): knobs, call counts, flow changes, inventory truth. */
  admin: AdminTenant;
  /**
   * An environment that logs nothing (flow-inventory.md §6, the per-environment logging setting):
   * while `logs` is false, blobs served leave out its records (the admin APIs still list its flows).
   */
  setEnvironmentLogging(environmentId: string, logs: boolean): void;
  /** The next `n` Management API requests fail this way (token requests are never failed). */
  failNext(n: number, kind: FaultKind): void;
  /**
   * Distinct Flow records (by Id) in blobs a client can download now: published and not expired.
   * With `listed`, only blobs whose contentCreated is in [from, to): what listings of that range
   * return, so a check against a sync of exactly that range is exact (a blob published at or
   * after the sync's end is in the plain ground truth, but not yet listable by that sync).
   */
  groundTruth(listed?: { from: Date; to: Date }): Array<Record<string, unknown>>;
  /** Distinct Power Platform admin records (connection and data-policy events) still downloadable (issue 12). */
  governanceTruth(): Array<Record<string, unknown>>;
  /** The Graph audit log query API (issue 12): knobs, failNext/slowNext/throttleNext, call counts. */
  auditQueries: AuditQueries;
  /** Distinct Flow records that happened in [from, to) and are in the audit log now (180 days): what a backfill must store. */
  loggedFlowRecords(from: Date, to: Date): Array<Record<string, unknown>>;
  /** Published blobs older than 7 days (AF20051 on download). */
  expiredContentIds(): string[];
  stats(): EmulatorStats;
  /** Publishes `records` as a new Audit.General blob; returns its contentId. */
  addRecords(records: ReadonlyArray<Record<string, unknown>>, options?: { contentCreated?: Date }): string;
  /** One tick of the living tenant now (it ticks by itself with `live.everyMs`); returns the blob's contentId. */
  publishLiveFlow(): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The emulator's answer to one request; a body over the limit is refused before it gets there. */
function answer(emulator: Emulator, req: IncomingMessage, body: string | null): Outcome {
  if (body === null) return { response: textResponse(413, 'Request body too large'), cut: null };
  try {
    return emulator.handle({
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      authorization: req.headers.authorization,
      body,
    });
  } catch {
    // An emulator bug must look like a server error to the client, never hang it.
    emulator.stats.internalError();
    return { response: apiErrors.internalError(), cut: null };
  }
}

/**
 * Answers each request, after the `slowMs` fault's delay when one is set. Its timers are kept so
 * that closing the emulator cancels answers still waiting.
 */
function createResponder(emulator: Emulator, now: () => Date) {
  const pending = new Set<NodeJS.Timeout>();
  const respond = async (req: IncomingMessage, res: ServerResponse) => {
    const outcome = answer(emulator, req, await readBody(req));
    const send = () => writeResponse(res, outcome.response, outcome.cut, now());
    const delay = emulator.faults.settings.slowMs;
    if (delay === 0) return send();
    const timer = setTimeout(() => {
      pending.delete(timer);
      send();
    }, delay);
    pending.add(timer);
  };
  const cancelPending = () => {
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
  };
  return { respond, cancelPending };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const emulator = new Emulator(resolved);
  const { respond, cancelPending } = createResponder(emulator, resolved.now);
  const server = createServer((req, res) => {
    respond(req, res).catch(() => res.destroy());
  });
  await listen(server, resolved.port, resolved.host);
  // The living tenant (demo): unref'd, so it never keeps a process alive on its own.
  const live =
    resolved.live.everyMs > 0 ? setInterval(() => emulator.publishLiveFlow(), resolved.live.everyMs).unref() : null;
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  emulator.baseUrl = `http://${host}:${port}`;

  return {
    url: emulator.baseUrl,
    tenantId: resolved.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    authority: `${EMULATOR_AUTHORITY_HOST}/${resolved.tenantId}`,
    authorityMetadata: JSON.stringify(openIdConfiguration(emulator.baseUrl, resolved.tenantId)),
    setFaults: (f) => emulator.faults.set(f),
    admin: emulator.admin,
    setEnvironmentLogging: (environmentId, logs) => {
      const set = emulator.catalog.silentEnvironments;
      if (logs) set.delete(environmentId.toLowerCase());
      else set.add(environmentId.toLowerCase());
    },
    failNext: (n, kind) => emulator.faults.failNext(n, kind),
    groundTruth: (listed) =>
      emulator.catalog.retrievableFlowRecords(
        resolved.now().getTime(),
        listed && { fromMs: listed.from.getTime(), toMs: listed.to.getTime() },
      ),
    governanceTruth: () => emulator.catalog.retrievableAdminRecords(resolved.now().getTime()),
    auditQueries: emulator.auditQueries,
    loggedFlowRecords: (from, to) =>
      emulator.catalog
        .loggedRecords(from.getTime(), to.getTime(), resolved.now().getTime(), (p) =>
          p.json.includes('"RecordType":30'),
        )
        .map((p) => JSON.parse(p.json) as Record<string, unknown>),
    expiredContentIds: () => emulator.catalog.expiredContentIds(resolved.now().getTime()),
    stats: () => emulator.stats.snapshot(),
    addRecords: (records, opts = {}) => emulator.addRecords(records, opts.contentCreated),
    publishLiveFlow: () => emulator.publishLiveFlow(),
    close: async () => {
      if (live) clearInterval(live);
      cancelPending();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
