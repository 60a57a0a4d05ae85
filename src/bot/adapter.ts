/**
 * The one place that builds botbuilder's CloudAdapter. Keeping adapter creation, authentication
 * settings and the turn-error policy here means a later move to the Agents SDK or the Teams SDK
 * touches this file and little else (teams-platform.md §8.4).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ActivityHandlerBase,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import type { BotConfig } from '../config/bot-config.ts';
import type { Logger } from '../log.ts';
import { isStoreUnavailable } from '../store/store-unavailable-error.ts';
import { createInboundAuth, type InboundAuth } from './inbound-auth.ts';
import {
  ConnectorTimeoutError,
  ConnectorUnreachableError,
  createConnectorHttpClient,
} from './connector-http-client.ts';
import { errorInvokeResponse, invokeResponseActivity } from './invoke-responses.ts';

export interface BotAdapterOptions {
  bot: BotConfig;
  log: Logger;
  /**
   * Where channel tokens' signing keys are published. Defaults to the Bot Framework's own
   * metadata; tests point it at a local OpenID document + JWKS.
   */
  channelOpenIdMetadataUrl?: string;
  /**
   * Our inbound check, whose verified claims the adapter takes (inbound-auth.ts). With an app id
   * and none given, one is made: the SDK's own inbound validation never runs.
   */
  inbound?: InboundAuth | null;
  /** Deadline of each Bot Connector request; CONNECTOR_TIMEOUT_MS unless a test needs a short one. */
  connectorTimeoutMs?: number;
}

/** Whether inbound requests must carry a Bot Framework JWT: only when an app id is configured (§1.5). */
export function isAuthenticationEnabled(bot: BotConfig): boolean {
  return bot.appId !== '';
}

/**
 * Maps our typed BotConfig onto the SDK's setting names (§1.2, §1.3). With no app id the SDK
 * disables authentication; SingleTenant would then fail its own "app id required" assertion, so
 * the app type is left at its MultiTenant default in that case.
 */
export function toSdkAuthSettings(
  bot: BotConfig,
  channelOpenIdMetadataUrl?: string,
): ConfigurationBotFrameworkAuthenticationOptions {
  if (!isAuthenticationEnabled(bot)) return {};
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId,
    // The SDK compares case-insensitively against 'UserAssignedMsi' (§1.3).
    MicrosoftAppType: bot.appType === 'UserAssignedMSI' ? 'UserAssignedMsi' : bot.appType,
  };
  if (bot.appPassword && bot.appType !== 'UserAssignedMSI') settings.MicrosoftAppPassword = bot.appPassword;
  if (bot.appTenantId) settings.MicrosoftAppTenantId = bot.appTenantId;
  if (bot.certificateThumbprint) settings.CertificateThumbprint = bot.certificateThumbprint;
  if (bot.certificatePrivateKey) settings.CertificatePrivateKey = bot.certificatePrivateKey;
  if (channelOpenIdMetadataUrl)
    Object.assign(settings, PUBLIC_CLOUD_ENDPOINTS, { ToBotFromChannelOpenIdMetadataUrl: channelOpenIdMetadataUrl });
  return settings;
}

/**
 * The SDK's public-cloud defaults (botframework-connector authenticationConstants.ts). Once any
 * endpoint setting is given, BotFrameworkAuthenticationFactory.create uses the given settings
 * only, so overriding the metadata URL alone would leave the token issuer unset and refuse
 * every token; all of them are passed together.
 */
const PUBLIC_CLOUD_ENDPOINTS = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: true,
} satisfies ConfigurationBotFrameworkAuthenticationOptions;

/** A CloudAdapter with our authentication settings and turn-error policy. */
export function createBotAdapter(options: BotAdapterOptions): CloudAdapter {
  const connectorClientOptions = { httpClient: createConnectorHttpClient(options.connectorTimeoutMs) };
  const auth = isAuthenticationEnabled(options.bot)
    ? (options.inbound ?? createInboundAuth(options)).authentication
    : new ConfigurationBotFrameworkAuthentication(
        toSdkAuthSettings(options.bot),
        undefined,
        undefined,
        undefined,
        connectorClientOptions,
      );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = (context, error) => handleTurnError(context, error, options.log);
  return adapter;
}

/**
 * Handles one POST of /api/messages: authenticates it (when an app id is set), runs the turn and
 * writes the HTTP answer (200, an invoke's response, or 401). `req.body` must be parsed already.
 */
export type MessageEndpoint = (req: Request, res: Response) => Promise<void>;

export function createMessageEndpoint(adapter: CloudAdapter, handler: ActivityHandlerBase): MessageEndpoint {
  return (req, res) => adapter.process(req, res, (context) => handler.run(context));
}

const TURN_ERROR_TEXT = 'Sorry, something went wrong while answering. Please try again in a minute.';
/** The database is away for a while (a restart, a failover): say so, since asking again will work. */
const STORE_UNAVAILABLE_TEXT =
  "Flowwatch's audit store is unavailable right now (its database may be restarting), so I can't answer yet. Nothing is lost: please ask again in a minute.";

/**
 * Logs the failure, then answers the way the turn needs: an invoke gets an error invoke response
 * (without one Teams sees HTTP 501, §1.6), a message gets one short line, anything else (events,
 * installs) gets nothing. The user never sees the error's own message.
 */
export async function handleTurnError(context: TurnContext, error: unknown, log: Logger): Promise<void> {
  const activity = context.activity;
  if (error instanceof ConnectorTimeoutError || error instanceof ConnectorUnreachableError) {
    // The connector is not answering: telling the user about it would fail (or wait) the same way.
    const why = error instanceof ConnectorTimeoutError ? 'did not answer in time' : 'could not be reached';
    log.error(`reply could not be sent: the Bot Connector ${why}`, {
      error,
      activityType: activity.type,
      conversationId: activity.conversation?.id,
      serviceHost: hostOf(activity.serviceUrl),
    });
    return;
  }
  log.error('turn failed', {
    error,
    activityType: activity.type,
    activityName: activity.name,
    conversationId: activity.conversation?.id,
  });
  const storeDown = isStoreUnavailable(error);
  try {
    if (activity.type === 'invoke') {
      const body = storeDown
        ? errorInvokeResponse(500, 'StoreUnavailable', STORE_UNAVAILABLE_TEXT)
        : errorInvokeResponse(500, 'InternalError', 'Flowwatch could not answer. Please try again.');
      await context.sendActivity(invokeResponseActivity(body));
    } else if (activity.type === 'message') {
      await context.sendActivity(storeDown ? STORE_UNAVAILABLE_TEXT : TURN_ERROR_TEXT);
    }
  } catch (sendError) {
    log.error('could not tell the user about a failed turn', {
      error: sendError,
      conversationId: activity.conversation?.id,
    });
  }
}

/** The host of a serviceUrl, for logs (its path may carry a tenant id; no secret is ever in it). */
function hostOf(serviceUrl: string | undefined): string | null {
  try {
    return serviceUrl ? new URL(serviceUrl).host : null;
  } catch {
    return null;
  }
}
