import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDigestCard } from '../../src/cards/digest-card.ts';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes } from '../../src/cards/card-size.ts';
import type { DigestModel } from '../../src/model/digest-model.ts';
import { busyDigest, emptyDigest, overflowingDigest } from './fixtures/digest-models.ts';
import { executeActions, lines, nodes, sdkProblems } from '../helpers/card-walk.ts';

type Node = Record<string, unknown>;

const sections = (card: unknown) =>
  ((card as Node).body as Node[]).filter((n) => n.type === 'Container' && n.separator === true);
const sectionTitled = (card: unknown, title: string) => sections(card).find((s) => lines(s)[0]?.startsWith(title));

describe('digest card', () => {
  test('an empty day says "No new flows between … and …" and the same per section', () => {
    const card = renderDigestCard(emptyDigest);
    const text = lines(card);
    const between = 'between Sun 29 Mar 2026, 00:00 and Mon 30 Mar 2026, 00:00 (Europe/Berlin).';
    for (const what of [
      'No new flows',
      'No flows edited',
      'No flows deleted',
      'No permission changes',
      'No trials started or renewed',
    ]) {
      assert.ok(text.includes(`${what} ${between}`), `missing "${what} ${between}" in ${JSON.stringify(text)}`);
    }
    assert.equal(executeActions(card).filter((a) => a.title === 'Show more').length, 0);
    assert.deepEqual(sdkProblems(card), []);
  });

  test('says the sync is behind instead of claiming that nothing happened', () => {
    const model: DigestModel = {
      ...emptyDigest,
      coverage: { complete: false, missing: [{ from: '2026-03-29T12:00:00.000Z', to: '2026-03-29T22:00:00.000Z' }] },
    };
    const text = lines(renderDigestCard(model));
    assert.ok(!text.some((t) => t.includes('No new flows between')));
    assert.ok(text.includes('No new flows recorded so far, but sync has not covered the whole period yet.'));
    assert.ok(
      text.some((t) =>
        t.startsWith('Sync is behind: no audit data yet for Sun 29 Mar 2026, 14:00 – Mon 30 Mar 2026, 00:00.'),
      ),
      JSON.stringify(text),
    );
  });

  test('marks a late digest as late', () => {
    assert.ok(!lines(renderDigestCard(emptyDigest)).some((t) => t.startsWith('Sent late')));
    assert.ok(lines(renderDigestCard({ ...emptyDigest, late: true })).some((t) => t.startsWith('Sent late')));
  });

  test('shows the period, totals with change, and every section of a busy day', () => {
    const card = renderDigestCard(busyDigest);
    const text = lines(card);
    assert.ok(text[1]?.startsWith('Sun 29 Mar 2026 (Europe/Berlin) · as of Mon 30 Mar 2026, 08:00'));
    const totals = nodes(card)
      .filter((n) => n.type === 'TextBlock')
      .map((n) => n.text);
    assert.deepEqual(totals.slice(0, 7), [
      'Created',
      'Edited',
      'Deleted',
      'Shared',
      'Unshared',
      'Started trial',
      'Renewed trial',
    ]);
    assert.deepEqual(totals.slice(7, 14), ['3', '4', '1', '2', '1', '1', '0']);
    assert.deepEqual(totals.slice(14, 21), ['+2', '±0', '−1', '+2', '+1', '+1', '−1']);

    assert.deepEqual(lines(sectionTitled(card, 'New flows')).slice(0, 4), [
      'New flows · 3 flows',
      'Invoice approval 1',
      'Created at 09:14 by maker1@contoso.com · Succeeded',
      'Connectors: SharePoint, ⚠ HTTP (risky)',
    ]);
    assert.ok(lines(sectionTitled(card, 'New flows')).includes('Shared with: bob@contoso.com (Owner (can edit))'));
    const edited = lines(sectionTitled(card, 'Edited flows'));
    assert.deepEqual(edited.slice(0, 5), [
      'Edited flows · 2 flows, 4 edits',
      'Expense report · 3 edits',
      'Last edited at 11:02 by carol@contoso.com',
      'Added: ⚠ HTTP Webhook (risky)',
      'Removed: Approvals',
    ]);
    assert.ok(edited.includes('Connectors (no earlier state known): Excel Online (Business)'));
    assert.deepEqual(lines(sectionTitled(card, 'Deleted flows')).slice(1), [
      'Old survey',
      'Deleted at 13:30 by admin@contoso.com (as admin)',
      'Created by erin@contoso.com on Mon 1 Dec 2025, 09:00',
      'Last known connectors: Microsoft Forms, Gmail (not Microsoft)',
    ]);
    const permissions = lines(sectionTitled(card, 'Permission changes'));
    assert.ok(permissions.includes('maker1@contoso.com gave bob@contoso.com Owner (can edit)'));
    assert.ok(permissions.includes('gina@contoso.com removed Owner (can edit) from harry@contoso.com'));
    assert.ok(
      lines(sectionTitled(card, 'Trials')).includes('ivan@contoso.com started Power Automate Premium at 16:00'),
    );
    assert.deepEqual(lines(sectionTitled(card, 'Top makers')).slice(1), [
      'Makers: maker1@contoso.com (4), carol@contoso.com (3)',
      'Connectors in new and edited flows: SharePoint (3), ⚠ HTTP (risky) (2)',
    ]);
    assert.ok(
      lines(sectionTitled(card, 'Arrived late')).includes(
        'Happened Sat 28 Mar 2026, 22:50 by jane@contoso.com, recorded Sun 29 Mar 2026, 17:00',
      ),
    );
    assert.deepEqual(sdkProblems(card), []);
  });

  test('flags risky connectors in colour and links flows only to checked https links', () => {
    const card = renderDigestCard(busyDigest);
    const risky = nodes(card).filter((n) => n.type === 'TextRun' && String(n.text).includes('(risky)'));
    assert.ok(risky.length >= 3 && risky.every((r) => r.color === 'Attention'));
    const links = nodes(card)
      .filter((n) => n.type === 'Action.OpenUrl')
      .map((n) => String(n.url));
    assert.ok(links.length >= 3);
    assert.ok(
      links.every((u) => u.startsWith('https://make.powerautomate.com/')),
      links.join(),
    );
  });

  test('keeps untrusted text literal: in TextRuns only, with template syntax and markdown untouched', () => {
    const card = renderDigestCard(busyDigest);
    const evil = nodes(card).filter((n) => typeof n.text === 'string' && n.text.includes('[Salesforce]'));
    assert.equal(evil.length, 1);
    assert.equal(evil[0].type, 'TextRun');
    assert.equal(evil[0].text, 'Sync *leads* to [Salesforce](https://evil.example) ${injected}');
    assert.ok(!JSON.stringify(card).includes('evil.example)"'), 'the markdown link never becomes a URL');
    assert.ok(
      nodes(card)
        .filter((n) => n.type === 'TextBlock')
        .every((n) => !String(n.text).includes('@')),
      'no UPN in a markdown TextBlock',
    );
  });

  test('Refresh re-renders the same period: Action.Execute verb refreshDigest with the period, and no conversation or serviceUrl', () => {
    const card = renderDigestCard(busyDigest);
    const refresh = executeActions(card).filter((a) => a.title === 'Refresh');
    assert.ok(refresh.length >= 1);
    for (const action of refresh) {
      assert.equal(action.verb, 'refreshDigest');
      assert.deepEqual(action.data, { ...busyDigest.refresh, expand: '' });
    }
    assert.equal((card as Node).version, '1.5');
    assert.ok(!JSON.stringify(card).includes('serviceUrl') && !JSON.stringify(card).includes('conversation'));
  });

  test('cuts a long section with a count and Show more, and stays under the size limit', () => {
    const card = renderDigestCard(overflowingDigest);
    assert.ok(cardSizeBytes(card) < CARD_SIZE_LIMIT_BYTES, `${cardSizeBytes(card)} bytes`);
    const section = sectionTitled(card, 'New flows')!;
    const shown = lines(section).filter((l) => l.startsWith('Created at')).length;
    assert.ok(shown > 0 && shown <= 5, `${shown} shown`);
    assert.ok(lines(section).includes(`${300 - shown} more not shown.`));
    const more = executeActions(section).find((a) => a.title === 'Show more');
    assert.deepEqual(more?.data, { ...overflowingDigest.refresh, expand: 'newFlows' });
  });

  test('Show more expands that section as far as the size limit allows', () => {
    const expanded: DigestModel = {
      ...overflowingDigest,
      refresh: { ...overflowingDigest.refresh, expand: 'newFlows' },
    };
    const card = renderDigestCard(expanded);
    assert.ok(cardSizeBytes(card) < CARD_SIZE_LIMIT_BYTES, `${cardSizeBytes(card)} bytes`);
    const section = sectionTitled(card, 'New flows')!;
    const shown = lines(section).filter((l) => l.startsWith('Created at')).length;
    assert.ok(shown > 5, `${shown} shown`);
    assert.ok(lines(section).includes(`${300 - shown} more not shown (ask me for the full list).`));
    assert.equal(executeActions(section).filter((a) => a.title === 'Show more').length, 0);
    assert.deepEqual(sdkProblems(card), []);
  });

  test('stays under the size limit whatever the model holds', () => {
    const huge = 'x'.repeat(5000);
    const model: DigestModel = {
      ...overflowingDigest,
      refresh: { ...overflowingDigest.refresh, expand: 'editedFlows' },
      editedFlows: {
        total: 500,
        events: 900,
        items: Array.from({ length: 60 }, (_, i) => ({
          ...busyDigest.editedFlows.items[0],
          flowName: `${huge}${i}`,
          editors: Array(40).fill(`${huge}@contoso.com`),
        })),
      },
    };
    const card = renderDigestCard(model);
    assert.ok(cardSizeBytes(card) < CARD_SIZE_LIMIT_BYTES, `${cardSizeBytes(card)} bytes`);
  });
});
