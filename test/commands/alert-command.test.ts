import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAlertCommand } from '../../src/bot/commands/alert-command.ts';
import { connectorInFamily, isGuest } from '../../src/alerts/match-events.ts';

test('alert rules are parsed from chat', () => {
  const rule = (text: string) => {
    const c = parseAlertCommand(text);
    return c?.kind === 'add' ? c.rule : c;
  };
  assert.deepEqual(rule('alert on HTTP'), { kind: 'connector', value: 'HTTP' });
  assert.deepEqual(rule('Alert on HTTP with Microsoft Entra ID.'), {
    kind: 'connector',
    value: 'HTTP with Microsoft Entra ID',
  });
  assert.deepEqual(rule('alert me about SharePoint connectors'), { kind: 'connector', value: 'SharePoint' });
  assert.deepEqual(rule('alert on custom connectors'), { kind: 'custom', value: '' });
  assert.deepEqual(rule('alert on third-party connectors'), { kind: 'custom', value: '' });
  assert.deepEqual(rule('alert on sharing with guests'), { kind: 'guests', value: '' });
  assert.deepEqual(rule('alert on new flows by Avery.Lee@contoso.com'), {
    kind: 'maker',
    value: 'avery.lee@contoso.com',
  });
  assert.deepEqual(parseAlertCommand('alert on premium connectors'), { kind: 'premium' });
  assert.deepEqual(parseAlertCommand('alerts off'), { kind: 'off' });
  assert.deepEqual(parseAlertCommand('alerts status'), { kind: 'status' });
  assert.deepEqual(parseAlertCommand('alerts'), { kind: 'status' });
  assert.equal(parseAlertCommand('alert on new flows by nobody')?.kind, 'invalid');
  assert.equal(parseAlertCommand('alert on <script>')?.kind, 'invalid');
  assert.equal(parseAlertCommand('alert please')?.kind, 'invalid');
  assert.equal(parseAlertCommand('new flows today'), null);
  assert.equal(parseAlertCommand('alerted flows this week'), null);
  assert.equal(
    parseAlertCommand(`alert on ${'x'.repeat(100_000)}`),
    null,
    'a long text is not a command, and costs nothing',
  );
});

test('connector families and guests', () => {
  assert.ok(connectorInFamily('HTTP with Microsoft Entra ID', 'http'));
  assert.ok(connectorInFamily('HTTP Webhook', 'HTTP'));
  assert.ok(!connectorInFamily('HTTPS Proxy', 'HTTP'));
  assert.ok(isGuest('pat_fabrikam.com#EXT#@contoso.onmicrosoft.com', ['contoso.com']));
  assert.ok(isGuest('pat@fabrikam.com', ['contoso.com']));
  assert.ok(!isGuest('pat@eu.contoso.com', ['contoso.com']));
  assert.ok(!isGuest('pat@fabrikam.com', []), 'without the tenant domains only #EXT# is known');
});
