/** BOT_*, HOST, PORT, MAX_BODY_BYTES, TEAMS_APP_ID: the bot's identity and where it listens. */
import { ConfigError } from './config-error.ts';
import { GUID, get, guid, int, oneOf, type Env } from './env-readers.ts';

export type BotAppType = 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';

export interface BotConfig {
  /** Empty in demo mode: Bot Framework auth off, bound to loopback. */
  appId: string;
  appPassword?: string;
  appType: BotAppType;
  appTenantId?: string;
  certificateThumbprint?: string;
  certificatePrivateKey?: string;
  /** Teams app id (the manifest's `id`) for `flowwatch package`; unset: the fixed default there. */
  teamsAppId?: string;
  host: string;
  port: number;
  maxBodyBytes: number;
}

export function loadBotConfig(env: Env, demo: boolean): BotConfig {
  const appId = get(env, 'BOT_ID') ?? '';
  if (appId && !GUID.test(appId))
    throw new ConfigError('BOT_ID', `"${appId}" is not a GUID`, 'Use the Microsoft App ID of the Azure Bot resource');
  const appType = oneOf<BotAppType>(
    env,
    'BOT_TYPE',
    ['SingleTenant', 'MultiTenant', 'UserAssignedMSI'],
    'SingleTenant',
  );
  const appPassword = get(env, 'BOT_PASSWORD');
  const appTenantId = guid(env, 'BOT_TENANT_ID');
  const certificateThumbprint = get(env, 'BOT_CERTIFICATE_THUMBPRINT');
  const certificatePrivateKey = get(env, 'BOT_CERTIFICATE_PRIVATE_KEY');
  const teamsAppId = guid(env, 'TEAMS_APP_ID');
  const identity = {
    appId,
    ...(appPassword ? { appPassword } : {}),
    appType,
    ...(appTenantId ? { appTenantId } : {}),
    ...(certificateThumbprint ? { certificateThumbprint } : {}),
    ...(certificatePrivateKey ? { certificatePrivateKey } : {}),
    ...(teamsAppId ? { teamsAppId } : {}),
  };
  if (!demo) assertBotCredentials(identity);
  return {
    ...identity,
    host: get(env, 'HOST') ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    port: int(env, 'PORT', 3978, 0, 65535),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
  };
}

/** Against a real tenant the bot must be able to authenticate: it refuses to run without that. */
function assertBotCredentials(bot: Omit<BotConfig, 'host' | 'port' | 'maxBodyBytes'>): void {
  if (!bot.appId)
    throw new ConfigError(
      'BOT_ID',
      'is missing outside demo mode',
      'Set BOT_ID (and BOT_PASSWORD or a certificate) from the Azure Bot resource; the bot refuses to run unauthenticated against a real tenant',
    );
  if (bot.appType !== 'UserAssignedMSI' && !bot.appPassword && !bot.certificateThumbprint) {
    throw new ConfigError(
      'BOT_PASSWORD',
      'is missing',
      'Set the client secret of the bot app registration, or BOT_CERTIFICATE_THUMBPRINT with BOT_CERTIFICATE_PRIVATE_KEY',
    );
  }
  if (bot.appType !== 'MultiTenant' && !bot.appTenantId)
    throw new ConfigError(
      'BOT_TENANT_ID',
      `is required for BOT_TYPE=${bot.appType}`,
      'Set it to the tenant id of the bot app registration',
    );
}
