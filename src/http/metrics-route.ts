/**
 * GET /metrics: Prometheus text format. On the bot's own listener, behind the same bearer-secret
 * scheme as POST /api/digest (METRICS_SECRET, its own secret, so a scraper's credential cannot send
 * digests). Counts of syncs and posts are not audit data, but they do show an outsider how busy
 * the tenant's makers are and when the sync is failing, so they are not public. In demo mode on a
 * loopback listener (nothing off this machine can connect) it answers without a secret.
 */
import type { Request, Response } from 'restify';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../log.ts';
import type { FlowwatchMetrics } from '../metrics/metrics.ts';
import { bearerToken, sameSecret } from './digest-route.ts';
import { isLoopbackHost } from './loopback-host.ts';

export type MetricsAccess = { kind: 'secret'; secret: string } | { kind: 'open' } | { kind: 'off' };

/** Who may read /metrics on a listener bound to `host`: a secret wins; demo on loopback is open; else off. */
export function metricsAccess(config: Pick<Config, 'demo' | 'metrics'>, host: string): MetricsAccess {
  if (config.metrics.secret) return { kind: 'secret', secret: config.metrics.secret };
  if (config.demo && isLoopbackHost(host)) return { kind: 'open' };
  return { kind: 'off' };
}

export function metricsRoute(metrics: FlowwatchMetrics, access: MetricsAccess, log: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    if (access.kind === 'secret') {
      const token = bearerToken(req.headers.authorization);
      if (!token || !sameSecret(token, access.secret)) {
        res.header('WWW-Authenticate', 'Bearer');
        res.send(401, { code: 'Unauthorized', message: 'Send Authorization: Bearer <METRICS_SECRET>.' });
        return;
      }
    }
    try {
      const text = await metrics.render();
      res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
      res.end(text);
    } catch (error) {
      log.error('rendering /metrics failed', { error });
      res.send(500, { code: 'InternalError', message: 'The metrics could not be rendered; see the bot logs.' });
    }
  };
}
