/**
 * Inbound authentication when an app id is set: our check of the channel token (bounded key
 * fetches, fixed outcomes) in front of the CloudAdapter, which then trusts the verified claims
 * (verified-claims-authentication.ts). The route turns the outcomes into 401 and 503.
 */
import type { Activity } from 'botbuilder';
import type { BotConfig } from '../config/bot-config.ts';
import type { Logger } from '../log.ts';
import { ChannelKeys, type ChannelKeyOptions, type ChannelKeyStatus } from './channel-keys.ts';
import { checkChannelToken, type TokenCheck } from './channel-token.ts';
import { botCredentialsFactory, type BotLoginAuthority } from './bot-credentials.ts';
import { CONNECTOR_TIMEOUT_MS, createConnectorHttpClient } from './connector-http-client.ts';
import { VerifiedClaimsAuthentication } from './verified-claims-authentication.ts';
import { toSdkAuthSettings } from './adapter.ts';

/** Where the public cloud's channel keys are published (botframework-connector's default). */
export const CHANNEL_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';

/** Timeouts and cooldowns of the key fetch, and its clock (tests shorten and drive them). */
export type ChannelKeyTuning = Omit<ChannelKeyOptions, 'metadataUrl' | 'log'>;

export interface InboundAuth {
  /** The adapter's authentication, which takes the claims `check` verified. */
  authentication: VerifiedClaimsAuthentication;
  check(authorization: string | undefined, activity: Partial<Activity>): Promise<TokenCheck>;
  /** Runs the adapter's turn with the claims of a token `check` accepted. */
  withVerifiedClaims<T>(authorization: string, claims: object, run: () => Promise<T>): Promise<T>;
  keyStatus(): ChannelKeyStatus;
  /** Fetches the keys in the background, so the first request need not wait and /healthz knows. */
  warmUp(): void;
}

export function createInboundAuth(o: {
  bot: BotConfig;
  log: Logger;
  channelOpenIdMetadataUrl?: string;
  keys?: ChannelKeyTuning;
  /** Deadline of each Bot Connector request and of the bot's token request (connector-http-client.ts). */
  connectorTimeoutMs?: number;
  /** Where the bot's own tokens come from (tests: a local token endpoint). */
  botLogin?: BotLoginAuthority;
}): InboundAuth {
  // Outbound (replies, proactive posts) goes through the SDK with our deadlines on the connector and the token.
  const timeoutMs = o.connectorTimeoutMs ?? CONNECTOR_TIMEOUT_MS;
  const authentication = new VerifiedClaimsAuthentication(
    toSdkAuthSettings(o.bot, o.channelOpenIdMetadataUrl),
    botCredentialsFactory(o.bot, timeoutMs, o.botLogin),
    undefined,
    undefined,
    { httpClient: createConnectorHttpClient(timeoutMs) },
  );
  const keys = new ChannelKeys({
    ...o.keys,
    metadataUrl: o.channelOpenIdMetadataUrl ?? CHANNEL_OPENID_METADATA_URL,
    log: o.log,
  });
  const ctx = { appId: o.bot.appId, keys, now: o.keys?.now ?? Date.now };
  return {
    authentication,
    check: (authorization, activity) => checkChannelToken(authorization, activity, ctx),
    withVerifiedClaims: (authorization, claims, run) => authentication.withVerifiedClaims(authorization, claims, run),
    keyStatus: () => keys.status(),
    warmUp: () => void keys.refresh(),
  };
}
