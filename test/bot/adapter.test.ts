import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBotAdapter, isAuthenticationEnabled, toSdkAuthSettings } from '../../src/bot/adapter.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger } from '../../src/log.ts';

const APP_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const TENANT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const AUDIT = { AUDIT_TENANT_ID: TENANT, AUDIT_CLIENT_ID: APP_ID, AUDIT_CLIENT_SECRET: 'audit-secret' };
const log = createLogger('silent');

describe('bot adapter settings', () => {
  test('demo mode without BOT_ID: authentication off, and the adapter builds although BOT_TYPE defaults to SingleTenant', () => {
    const bot = loadConfig({}).bot;
    assert.equal(bot.appType, 'SingleTenant');
    assert.equal(isAuthenticationEnabled(bot), false);
    assert.deepEqual(toSdkAuthSettings(bot), {});
    assert.doesNotThrow(() => createBotAdapter({ bot, log }));
  });

  test('SingleTenant passes app id, password and tenant', () => {
    const bot = loadConfig({
      ...AUDIT,
      BOT_ID: APP_ID,
      BOT_PASSWORD: 'pw',
      BOT_TENANT_ID: TENANT,
      BOT_TYPE: 'SingleTenant',
    }).bot;
    assert.deepEqual(toSdkAuthSettings(bot), {
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: TENANT,
    });
    assert.doesNotThrow(() => createBotAdapter({ bot, log }));
  });

  test('MultiTenant needs no tenant', () => {
    const bot = loadConfig({ ...AUDIT, BOT_ID: APP_ID, BOT_PASSWORD: 'pw', BOT_TYPE: 'MultiTenant' }).bot;
    assert.deepEqual(toSdkAuthSettings(bot), {
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppPassword: 'pw',
    });
    assert.doesNotThrow(() => createBotAdapter({ bot, log }));
  });

  test('UserAssignedMSI maps to the SDK spelling and never passes a password', () => {
    const bot = loadConfig({ ...AUDIT, BOT_ID: APP_ID, BOT_TENANT_ID: TENANT, BOT_TYPE: 'UserAssignedMSI' }).bot;
    assert.deepEqual(toSdkAuthSettings(bot), {
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: 'UserAssignedMsi',
      MicrosoftAppTenantId: TENANT,
    });
    assert.doesNotThrow(() => createBotAdapter({ bot, log }));
  });

  test('a certificate is passed as thumbprint and private key', () => {
    const bot = loadConfig({
      ...AUDIT,
      BOT_ID: APP_ID,
      BOT_TENANT_ID: TENANT,
      BOT_CERTIFICATE_THUMBPRINT: 'AB12',
      BOT_CERTIFICATE_PRIVATE_KEY: 'pem',
    }).bot;
    const settings = toSdkAuthSettings(bot);
    assert.equal(settings.CertificateThumbprint, 'AB12');
    assert.equal(settings.CertificatePrivateKey, 'pem');
    assert.equal(settings.MicrosoftAppPassword, undefined);
  });

  test('overriding the channel metadata URL also sets every other public-cloud endpoint', () => {
    const bot = loadConfig({ BOT_ID: APP_ID, BOT_PASSWORD: 'pw', BOT_TENANT_ID: TENANT }).bot;
    const settings = toSdkAuthSettings(bot, 'http://127.0.0.1:1/openid');
    assert.equal(settings.ToBotFromChannelOpenIdMetadataUrl, 'http://127.0.0.1:1/openid');
    assert.equal(settings.ToBotFromChannelTokenIssuer, 'https://api.botframework.com');
    assert.equal(settings.ToChannelFromBotLoginUrl, 'https://login.microsoftonline.com/botframework.com');
  });

  test('outside demo mode the config refuses to start without bot credentials', () => {
    assert.throws(() => loadConfig({ ...AUDIT }), /BOT_ID/);
    assert.throws(() => loadConfig({ ...AUDIT, BOT_ID: APP_ID, BOT_TENANT_ID: TENANT }), /BOT_PASSWORD/);
  });
});
