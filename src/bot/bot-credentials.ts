/**
 * The bot's own token for the Bot Connector (client credentials with its app secret), with a
 * deadline on the token request. The SDK builds its MSAL client with MSAL's default network
 * client, whose POST never times out: with the login host black-holed every reply waited on it
 * for minutes. So a bot with a client secret (SingleTenant or MultiTenant) gets an MSAL client
 * here, with the timed network client the audit tokens use, handed to the SDK through its
 * MsalServiceClientCredentialsFactory. Certificates and managed identities keep the SDK's own
 * set-up (they are not sent through this path).
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';
import { createTimedNetworkClient } from '../audit/timed-network-client.ts';
import type { BotConfig } from '../config/bot-config.ts';

/** Where the bot's tokens come from; tests give a local token endpoint (an https authority MSAL trusts as is). */
export interface BotLoginAuthority {
  url: string;
  /** The authority's OpenID configuration as a JSON string, so MSAL does not fetch it. */
  metadata?: string;
}

/** The public cloud's login authority of the bot's app (teams-platform.md §1.3): its tenant, or botframework.com. */
function authorityOf(bot: BotConfig): string {
  const tenant = bot.appType === 'SingleTenant' ? bot.appTenantId : 'botframework.com';
  return `https://login.microsoftonline.com/${tenant}`;
}

/** A credentials factory with a token deadline, or undefined where the SDK's own set-up is kept. */
export function botCredentialsFactory(
  bot: BotConfig,
  timeoutMs: number,
  authority?: BotLoginAuthority,
): ServiceClientCredentialsFactory | undefined {
  if (!bot.appId || !bot.appPassword || bot.appType === 'UserAssignedMSI' || bot.certificatePrivateKey)
    return undefined;
  const url = authority?.url ?? authorityOf(bot);
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: bot.appId,
      clientSecret: bot.appPassword,
      authority: url,
      ...(authority?.metadata ? { authorityMetadata: authority.metadata, knownAuthorities: [new URL(url).host] } : {}),
    },
    system: { networkClient: createTimedNetworkClient(timeoutMs) },
  });
  // The SDK types the client as its own msal-node major; it calls only acquireTokenByClientCredential,
  // which both majors have with the same request and result.
  return new MsalServiceClientCredentialsFactory(
    bot.appId,
    app as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1],
  );
}
