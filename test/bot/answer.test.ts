import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerQuery } from '../../src/bot/answer.ts';
import type { ListedFlowEvent } from '../../src/model/flow-event.ts';
import type { EventWithFlow, FlowQuery } from '../../src/queries/query.ts';
import type { Store } from '../../src/store/store.ts';
import { textRuns } from '../helpers/card-walk.ts';
import { event } from '../cards/fixtures.ts';

const NOW = new Date('2026-05-04T12:00:00.000Z');
const QUERY: FlowQuery = { operations: ['CreateFlow'], period: { kind: 'today' }, shape: 'list' };

function listed(overrides: Partial<ListedFlowEvent> = {}): ListedFlowEvent {
  // The fixture is a stored event with its flow; the store lists events without either.
  const {
    flow: _flow,
    identity: _identity,
    raw: _raw,
    ...rest
  } = event({ flowName: 'Invoice intake', ...overrides }) as EventWithFlow & {
    raw?: unknown;
  };
  return rest;
}

/** The few reads a list answer makes, over fixed rows. */
function storeOf(rows: ListedFlowEvent[]): Store {
  const store = {
    events: {
      countBy: async () => [{ key: 'CreateFlow', count: rows.length }],
      listEvents: async () => rows,
    },
    syncState: {
      getCoverage: async () => [{ from: '2026-05-01T00:00:00.000Z', to: NOW.toISOString() }],
      listFailedBlobs: async () => [],
    },
    inventory: { getFlows: async () => [] },
    flowIdentity: { getFlowIdentities: async () => [], listEnvironments: async () => [] },
  };
  return store as unknown as Store;
}

const deps = (rows: ListedFlowEvent[]) => ({ store: storeOf(rows), now: () => NOW, riskyConnectors: [] });

describe('answerQuery', () => {
  test('renders the card inside the turn: what it returns is the card itself, plain JSON', async () => {
    const card = await answerQuery(QUERY, 0, { timeZone: 'Europe/Berlin' }, deps([listed()]));
    assert.equal(card.type, 'AdaptiveCard');
    assert.deepEqual(JSON.parse(JSON.stringify(card)), card);
    assert.ok(textRuns(card).includes('Invoice intake'));
  });

  test('leaves the rows the store returned as they were (each answer copies them)', async () => {
    const row = listed();
    const before = structuredClone(row);
    await answerQuery(QUERY, 0, { timeZone: 'Europe/Berlin' }, deps([row]));
    assert.deepEqual(row, before);
    assert.equal('flow' in row, false);
  });

  test('a card that cannot render rejects the answer, so the turn fails instead of sending an empty card', async () => {
    const broken = { ...listed(), connectors: undefined } as unknown as ListedFlowEvent;
    await assert.rejects(answerQuery(QUERY, 0, { timeZone: 'Europe/Berlin' }, deps([broken])));
  });
});
