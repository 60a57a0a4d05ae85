import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/config/config-error.ts';
import { loadConfig } from '../../src/config/load-config.ts';

const TENANT = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
const CLIENT = '5c1a7e90-2b4d-4f6a-8e3c-0d9b1f2a7c64';
const BOT = '0b9f3c52-6d1e-4a87-b2c4-91e7f0a3d6b8';
const tenantEnv = {
  AUDIT_TENANT_ID: TENANT,
  AUDIT_CLIENT_ID: CLIENT,
  AUDIT_CLIENT_SECRET: 's3cret',
  BOT_ID: BOT,
  BOT_PASSWORD: 'pw',
  BOT_TENANT_ID: TENANT,
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig', () => {
  test('an empty environment is demo mode on loopback with documented defaults', () => {
    const config = loadConfig({});
    assert.equal(config.demo, true);
    assert.equal(config.tenant, null);
    assert.equal(config.bot.host, '127.0.0.1');
    assert.equal(config.bot.port, 3978);
    assert.equal(config.bot.appId, '');
    assert.equal(config.sync.intervalMs, 30_000, 'demo mode syncs the emulator every 30 s');
    assert.equal(loadConfig({ SYNC_INTERVAL_MINUTES: '5' }).sync.intervalMs, 5 * 60_000);
    assert.equal(config.digest.time, '08:00');
    assert.equal(config.digest.secret, null);
    assert.equal(config.databaseUrl, null);
  });

  test('tenant credentials leave demo mode and pick the cloud hosts', () => {
    const config = loadConfig({ ...tenantEnv, AUDIT_CLOUD: 'GCCHigh' });
    assert.equal(config.demo, false);
    assert.equal(config.tenant?.apiBaseUrl, 'https://manage.office365.us');
    assert.equal(config.tenant?.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(config.tenant?.publisherId, TENANT);
    assert.equal(config.access.allowedTenantId, TENANT);
    assert.equal(config.bot.host, '0.0.0.0');
  });

  test('outside demo mode the bot refuses to start without app credentials', () => {
    const { BOT_ID: _omit, ...withoutBot } = tenantEnv;
    assert.equal(configError(withoutBot).variable, 'BOT_ID');
    const { BOT_PASSWORD: _pw, ...withoutPassword } = tenantEnv;
    assert.equal(configError(withoutPassword).variable, 'BOT_PASSWORD');
  });

  test('errors name the variable and say how to fix it', () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ AUDIT_TENANT_ID: 'contoso' }, 'AUDIT_TENANT_ID', /not a GUID/],
      [{ AUDIT_TENANT_ID: TENANT }, 'AUDIT_CLIENT_ID', /missing/],
      [{ AUDIT_TENANT_ID: TENANT, AUDIT_CLIENT_ID: CLIENT }, 'AUDIT_CLIENT_SECRET', /neither/],
      [{ SYNC_INTERVAL_MINUTES: 'soon' }, 'SYNC_INTERVAL_MINUTES', /whole number/],
      [{ PORT: '70000' }, 'PORT', /0 to 65535/],
      [{ DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'DEFAULT_TIMEZONE', /IANA/],
      [{ DIGEST_TIME: '25:00' }, 'DIGEST_TIME', /HH:MM/],
      [{ DIGEST_DAYS: 'sometimes' }, 'DIGEST_DAYS', /daily, weekdays/],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres/],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of/],
      [{ ...tenantEnv, AUDIT_CLOUD: 'moon' }, 'AUDIT_CLOUD', /one of/],
    ];
    for (const [env, variable, pattern] of cases) {
      const error = configError(env);
      assert.equal(error.variable, variable);
      assert.match(error.message, pattern);
      assert.ok(error.message.startsWith(`${variable}: `), error.message);
    }
  });

  test('a certificate is read from its file and needs a thumbprint', () => {
    const env = {
      AUDIT_TENANT_ID: TENANT,
      AUDIT_CLIENT_ID: CLIENT,
      AUDIT_CERTIFICATE_PATH: '/keys/app.pem',
      BOT_ID: BOT,
      BOT_PASSWORD: 'pw',
      BOT_TENANT_ID: TENANT,
    };
    assert.equal(configError(env).variable, 'AUDIT_CERTIFICATE_THUMBPRINT');
    const config = loadConfig({ ...env, AUDIT_CERTIFICATE_THUMBPRINT: 'AB12' }, (file) => `PEM of ${file}`);
    assert.deepEqual(config.tenant?.certificate, { thumbprint: 'AB12', privateKeyPem: 'PEM of /keys/app.pem' });
    const unreadable = (() => {
      try {
        loadConfig({ ...env, AUDIT_CERTIFICATE_THUMBPRINT: 'AB12' }, () => {
          throw new Error('ENOENT');
        });
      } catch (error) {
        return error as ConfigError;
      }
      return null;
    })();
    assert.equal(unreadable?.variable, 'AUDIT_CERTIFICATE_PATH');
  });
});
