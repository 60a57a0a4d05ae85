/**
 * Starts the real bot server (restify + CloudAdapter + FlowwatchBot) on 127.0.0.1:0 with a test
 * config, next to a fake Bot Connector, and posts activities to it over HTTP.
 */
import { loadConfig, type Config } from '../../../src/config/load-config.ts';
import { createLogger } from '../../../src/log.ts';
import { startBot, type RunningBot, type StartBotDeps } from '../../../src/http/server.ts';
import type { Store } from '../../../src/store/store.ts';
import { startFakeConnector, type FakeConnector } from '../../helpers/fake-connector.ts';
import { ADMIN, ADMIN_TEAM_ID, TENANT_ID } from '../../bot/fixtures/teams-activities.ts';

/** 2026-11-25 10:30 in Berlin, a Wednesday. */
export const TEST_NOW = new Date('2026-11-25T09:30:00.000Z');

export const TEST_ENV: Record<string, string> = {
  ALLOWED_TENANT_ID: TENANT_ID,
  ADMIN_USER_IDS: ADMIN.aadObjectId,
  ADMIN_TEAM_ID: ADMIN_TEAM_ID,
  DEFAULT_TIMEZONE: 'Europe/Berlin',
  MAX_BODY_BYTES: String(64 * 1024),
  DATA_DIR: '/nonexistent-flowwatch-test-dir',
};

export interface BotHarness {
  bot: RunningBot;
  connector: FakeConnector;
  config: Config;
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; text: string }>;
  postRaw(body: string | Uint8Array, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export async function startBotHarness(o: {
  store: Store;
  env?: Record<string, string>;
  now?: Date;
  deps?: Partial<StartBotDeps>;
}): Promise<BotHarness> {
  const config = loadConfig({ ...TEST_ENV, ...o.env });
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger('debug', {}, (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const connector = await startFakeConnector();
  const now = o.now ?? TEST_NOW;
  const bot = await startBot({ config, store: o.store, now: () => now, log, host: '127.0.0.1', port: 0, ...o.deps });

  async function postRaw(body: string | Uint8Array, headers: Record<string, string> = {}) {
    const res = await fetch(bot.messagesUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    });
    return { status: res.status, text: await res.text() };
  }

  return {
    bot,
    connector,
    config,
    logs,
    postRaw,
    async post(activity, headers) {
      const { status, text } = await postRaw(JSON.stringify(activity), headers);
      let body: unknown;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
      return { status, body, text };
    },
    async close() {
      await bot.close();
      await connector.close();
    },
  };
}

/** The Adaptive Card content of a sent activity, or throws. */
export function cardOf(activity: {
  attachments?: Array<{ contentType?: string; content?: unknown }>;
}): Record<string, unknown> {
  const attachment = activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!attachment) throw new Error(`no Adaptive Card in ${JSON.stringify(activity).slice(0, 300)}`);
  return attachment.content as Record<string, unknown>;
}
