import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assessConnector } from '../../src/cards/connector-risk.ts';
import { assertBindable, CardDataError, compileTemplate } from '../../src/cards/expand-template.ts';
import { describeNothingFound, describeOperation } from '../../src/queries/operation-labels.ts';
import { plainText } from '../../src/cards/plain-text.ts';
import { describeSharingPermission } from '../../src/cards/sharing-permission.ts';
import { formatInstant } from '../../src/cards/format-time.ts';

describe('card helpers', () => {
  test('assessConnector: configured risky first, then unknown names as not Microsoft', () => {
    const risky = ['HTTP', 'HTTP Webhook'];
    assert.equal(assessConnector('http', risky), 'risky');
    assert.equal(assessConnector(' HTTP Webhook ', risky), 'risky');
    assert.equal(assessConnector('SharePoint', risky), 'none');
    assert.equal(assessConnector('office 365 outlook', risky), 'none');
    assert.equal(assessConnector('Contoso Payroll API', risky), 'nonMicrosoft');
    assert.equal(assessConnector('HTTP', []), 'none');
  });

  test('assertBindable refuses null, undefined and non-finite values with their path', () => {
    assert.throws(
      () => assertBindable({ a: [{ b: null }] }),
      (e: unknown) => e instanceof CardDataError && e.path === '$root.a[0].b',
    );
    assert.throws(() => assertBindable({ a: undefined }), CardDataError);
    assert.throws(() => assertBindable({ n: Number.NaN }), CardDataError);
    assert.throws(() => assertBindable({ d: new Date() }), CardDataError);
    assert.doesNotThrow(() => assertBindable({ s: '${x}', n: 1, b: false, l: [], o: {} }));
  });

  test('compileTemplate keeps ${…} from data literal and refuses incomplete models', () => {
    const expand = compileTemplate<{ name: string; who?: string }>({ type: 'TextRun', text: 'Hi ${name} by ${who}' });
    assert.deepEqual(expand({ name: '${secret}', who: '${1+1}' }), { type: 'TextRun', text: 'Hi ${secret} by ${1+1}' });
    assert.throws(() => expand({ name: 'x', who: undefined }), CardDataError);
  });

  test('operation wording', () => {
    assert.equal(describeOperation('PutPermissions'), 'Shared');
    assert.equal(describeOperation('StartAPaidTrial'), 'Started trial');
    assert.equal(describeOperation('toString'), 'toString');
    assert.equal(describeNothingFound(['CreateFlow']), 'No new flows');
    assert.equal(describeNothingFound(['EditFlow']), 'No edited flows');
    assert.equal(describeNothingFound(['CreateFlow', 'EditFlow']), 'No flow activity');
    assert.equal(describeNothingFound([]), 'No flow activity');
  });

  test('sharing permission decoding', () => {
    assert.equal(describeSharingPermission(3), 'Owner (can edit)');
    assert.equal(describeSharingPermission(2), 'Run-only user');
    assert.equal(describeSharingPermission(1), 'Permission 1');
    assert.equal(describeSharingPermission(null), null);
  });

  test('plainText makes one short line without control or bidi characters', () => {
    assert.equal(plainText('a\r\n\tb\u202Ec\u0000d'), 'a b c d');
    assert.equal(plainText('x'.repeat(10), 5), 'xxxx…');
    assert.equal(plainText(null), '');
  });

  test('plainText returns clean text as it is, and cleans everything else as before', () => {
    // The rule without the shortcut for clean text.

    const cleaned = (v: string, max: number) => {
      const oneLine = v
        .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ')
        .replace(/\s{2,}/g, ' ')
        .trim();
      return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
    };
    const samples = [
      'Invoice intake',
      ' lead',
      'trail ',
      'two  spaces',
      'nbsp\u00a0inside',
      'nbsp at end\u00a0',
      '\u3000ideographic',
      'tab\tin',
      'bidi\u202eflip',
      'ok·•⚠',
      'x'.repeat(12),
    ];
    for (const v of samples)
      for (const max of [5, 12, 200]) assert.equal(plainText(v, max), cleaned(v, max), JSON.stringify([v, max]));
  });

  test('formatInstant uses the zone, and UTC for a zone luxon does not know', () => {
    assert.equal(formatInstant('2026-05-04T09:12:44Z', 'Europe/Berlin'), 'Mon 4 May 2026, 11:12');
    assert.equal(formatInstant('2026-05-04T09:12:44Z', 'Mars/Olympus'), 'Mon 4 May 2026, 09:12');
  });
});
