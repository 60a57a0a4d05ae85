import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDigestModel } from '../../src/digest/build-digest-model.ts';
import { renderDigestCard } from '../../src/cards/digest-card.ts';
import { periodForSendDay } from '../../src/digest/schedule.ts';
import { COVERAGE_SOURCE } from '../../src/queries/run.ts';
import { openTempStore } from './helpers/temp-store.ts';

const SALES = '7a1b2c3d-0000-4000-8000-0000000000aa';
const id = (n: number) => `5c0d7a1e-2b3f-4c6d-8e9f-${String(n).padStart(12, '0')}`;
const flow = (n: number, state: 'on' | 'off' | 'suspended') => ({
  flowId: id(n),
  environmentId: SALES,
  displayName: `Invoice flow ${n}`,
  state,
  suspensionReason: state === 'suspended' ? 'CompanyDlpViolation' : null,
  createdAt: '2026-03-01T00:00:00.000Z',
  modifiedAt: '2026-03-01T00:00:00.000Z',
  creatorObjectId: null,
  solutionAware: false,
});

const temp = openTempStore();
after(() => temp.dispose());

test('the digest lists flows turned off or suspended since the previous digest, with names and reasons, and only then', async () => {
  const { store } = temp;
  const fi = store.flowIdentity;
  await fi.saveEnvironments(
    [{ environmentId: SALES, displayName: 'Sales', type: 'Production', dataverseUrl: null }],
    '2026-03-28T00:00:00.000Z',
  );
  await fi.saveFlows([flow(1, 'on'), flow(2, 'on'), flow(3, 'on')], '2026-03-28T00:00:00.000Z');
  await fi.markUnseenDeleted(SALES, '2026-03-28T00:00:00.000Z', '2026-03-28T00:00:00.000Z');
  // Flow 3 was turned off before the previous digest: old news.
  await fi.saveFlows([flow(1, 'on'), flow(2, 'on'), flow(3, 'off')], '2026-03-29T03:00:00.000Z');
  await fi.saveFlows([flow(1, 'suspended'), flow(2, 'off'), flow(3, 'off')], '2026-03-29T12:00:00.000Z');
  const period = periodForSendDay('2026-03-30', { timeZone: 'Europe/Berlin', days: 'daily' });
  const options = {
    period,
    now: new Date('2026-03-30T06:00:00.000Z'),
    late: false,
    riskyConnectors: [],
    coverageSources: [COVERAGE_SOURCE],
  };
  const model = await buildDigestModel(store, { ...options, lateSince: '2026-03-29T06:00:05.000Z' });
  assert.equal(model.stateChanges?.total, 2);
  assert.deepEqual(
    model.stateChanges?.items.map((c) => [c.flowName, c.changeText, c.environment]),
    [
      ['Invoice flow 2', 'Turned off', 'Sales (Production)'],
      ['Invoice flow 1', 'Suspended: data policy violation', 'Sales (Production)'],
    ],
  );
  const text = JSON.stringify(renderDigestCard(model));
  assert.match(text, /State changes/);
  assert.match(text, /Suspended: data policy violation/);
  assert.doesNotMatch(text, /Invoice flow 3/);
  // Nothing new since a later digest: no section at all.
  const quiet = await buildDigestModel(store, { ...options, lateSince: '2026-03-30T05:00:00.000Z' });
  assert.equal(quiet.stateChanges?.total, 0);
  assert.doesNotMatch(JSON.stringify(renderDigestCard(quiet)), /State changes/);
});
