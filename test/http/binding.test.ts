import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.ts';
import { assertSafeBinding, isLoopbackHost, startBot } from '../../src/http/server.ts';
import { recordingStore } from './helpers/recording-store.ts';

const APP_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('where the bot may listen', () => {
  test('loopback addresses are recognised', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '128.0.0.1', 'example.com'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  test('without Bot Framework auth the bot refuses to listen beyond loopback', async () => {
    const config = loadConfig({ HOST: '0.0.0.0', LOG_LEVEL: 'silent' });
    assert.throws(() => assertSafeBinding(config, config.bot.host), /HOST.*authentication is off/);
    await assert.rejects(startBot({ config, store: recordingStore().store, port: 0 }), /BOT_ID/);
  });

  test('with an app id any address is allowed', () => {
    const config = loadConfig({ HOST: '0.0.0.0', BOT_ID: APP_ID, BOT_PASSWORD: 'pw', BOT_TENANT_ID: APP_ID });
    assert.doesNotThrow(() => assertSafeBinding(config, '0.0.0.0'));
  });
});
