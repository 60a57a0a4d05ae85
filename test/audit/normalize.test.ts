import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalizeRecord, flowIdsFromUrl, splitConnectors, type NormalizeOutcome } from '../../src/audit/normalize.ts';
import type { FlowEvent } from '../../src/model/flow-event.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/audit/${name}`, import.meta.url), 'utf8'));
const blob = fixture('management-blob.json') as Record<string, unknown>[];
const variants = fixture('management-blob-variants.json') as Record<string, unknown>[];
const broken = fixture('management-blob-broken.json') as unknown[];
const graph = fixture('graph-records-page.json') as { value: Record<string, unknown>[] };
const psws = fixture('psws-response.json') as { value: Record<string, unknown>[] };

const TENANT = '2f6d8c1e-3b7a-4e2f-9c51-7a0d4b6e8f13';
const FLOW = '7e2d4a19-8c3b-4f05-a6d1-3b9e5c7f2a40';
const DEFAULT_ENV = `Default-${TENANT}`;

function flow(outcome: NormalizeOutcome): FlowEvent {
  assert.equal(outcome.kind, 'flow', `expected a flow event, got ${JSON.stringify(outcome)}`);
  return (outcome as { event: FlowEvent }).event;
}

function brokenReason(outcome: NormalizeOutcome): string {
  assert.equal(outcome.kind, 'broken', `expected broken, got ${JSON.stringify(outcome)}`);
  return (outcome as { reason: string }).reason;
}

describe('normalizeRecord: Management API blob record (fixture b)', () => {
  test('maps every field of a CreateFlow record', () => {
    const event = flow(normalizeRecord(blob[0]));
    assert.deepEqual(
      { ...event, raw: undefined },
      {
        id: '0b9f3c52-6d1e-4a87-b2c4-91e7f0a3d6b8',
        operation: 'CreateFlow',
        occurredAt: '2026-05-04T09:12:44.000Z',
        actorUpn: 'avery.lee@contoso.example',
        resultStatus: 'Succeeded',
        environmentId: DEFAULT_ENV,
        flowId: FLOW,
        flowName: null,
        detailsUrl: `https://make.powerautomate.com/environments/${DEFAULT_ENV}/flows/${FLOW}/details`,
        connectors: ['Recurrence', 'Office 365 Outlook', 'SharePoint'],
        sharingPermission: null,
        recipientUpn: null,
        licenseName: null,
        initiatedBy: null,
        tenantId: TENANT,
        clientIp: '203.0.113.24',
        raw: undefined,
      },
    );
  });

  test('keeps the raw record as received', () => {
    assert.deepEqual(flow(normalizeRecord(blob[1])).raw, blob[1]);
  });

  test('PutPermissions: SharingPermission as a number, recipient, UserTypeInitiated 1 = user', () => {
    const event = flow(normalizeRecord(blob[2]));
    assert.equal(event.operation, 'PutPermissions');
    assert.equal(event.sharingPermission, 3);
    assert.equal(event.recipientUpn, 'jordan.kim@contoso.example');
    assert.equal(event.initiatedBy, 'user');
    assert.deepEqual(event.connectors, []);
  });
});

describe('normalizeRecord: field variants', () => {
  const [stringPermission, trial, powerApps, duplicate, deleteNoUrl, unknownOp, oddConnectors, badUrl] = variants;

  test('SharingPermission as the string "2"', () => {
    assert.equal(flow(normalizeRecord(stringPermission)).sharingPermission, 2);
  });

  test('the misspelled UserTypeInititated = 2 means admin', () => {
    assert.equal(flow(normalizeRecord(stringPermission)).initiatedBy, 'admin');
  });

  test('UserTypeInitiated as the string "2" means admin', () => {
    assert.equal(flow(normalizeRecord(deleteNoUrl)).initiatedBy, 'admin');
  });

  test('RecordType as the string "30" is a Flow record', () => {
    assert.equal(normalizeRecord(stringPermission).kind, 'flow');
  });

  test('Workload MicrosoftFlow without any RecordType is a Flow record', () => {
    assert.equal(normalizeRecord(oddConnectors).kind, 'flow');
  });

  test('UserType as a string ("Admin", "Regular") does not matter', () => {
    assert.equal(normalizeRecord(stringPermission).kind, 'flow');
    assert.equal(normalizeRecord(oddConnectors).kind, 'flow');
  });

  test('actor and recipient UPNs are lower-cased', () => {
    const event = flow(normalizeRecord(stringPermission));
    assert.equal(event.actorUpn, 'avery.lee@contoso.example');
    assert.equal(event.recipientUpn, 'sam.ortiz@contoso.example');
  });

  test('actorUpn falls back to UserId when UserUPN is absent', () => {
    assert.equal(flow(normalizeRecord(oddConnectors)).actorUpn, 'jordan.kim@contoso.example');
  });

  test('StartAPaidTrial without FlowDetailsUrl keeps the licence name and has no flow ids', () => {
    const event = flow(normalizeRecord(trial));
    assert.equal(event.operation, 'StartAPaidTrial');
    assert.equal(event.licenseName, 'Power Automate Premium trial');
    assert.equal(event.environmentId, null);
    assert.equal(event.flowId, null);
    assert.equal(event.detailsUrl, null);
  });

  test('DeleteFlow without FlowDetailsUrl is a Flow event with null ids', () => {
    const event = flow(normalizeRecord(deleteNoUrl));
    assert.equal(event.operation, 'DeleteFlow');
    assert.equal(event.flowId, null);
  });

  test('DeleteFlow naming its flow only in ObjectId: URL, bare GUID and environment/flow forms', () => {
    const url = `https://make.powerautomate.com/environments/${DEFAULT_ENV}/flows/${FLOW}/details`;
    const forms: [string, string | null][] = [
      [url, DEFAULT_ENV],
      [FLOW, null],
      [`${DEFAULT_ENV}/${FLOW}`, DEFAULT_ENV],
    ];
    for (const [objectId, environmentId] of forms) {
      const event = flow(normalizeRecord({ ...deleteNoUrl, ObjectId: objectId }));
      assert.deepEqual([event.flowId, event.environmentId], [FLOW, environmentId], objectId);
      // The link stays what the record gave: none (a built link would claim a page that is gone).
      assert.equal(event.detailsUrl, null);
    }
  });

  test('an ObjectId that is not one of those forms names no flow (no guess)', () => {
    for (const objectId of ['', 'Invoice approvals', 'a/b/c', `x/not-a-guid`, 'https://example.com/flows']) {
      const event = flow(normalizeRecord({ ...deleteNoUrl, ObjectId: objectId }));
      assert.equal(event.flowId, null, objectId);
    }
  });

  test('FlowDetailsUrl wins over ObjectId', () => {
    const other = '11111111-2222-4333-8444-555555555555';
    assert.equal(flow(normalizeRecord({ ...variants[3], ObjectId: other })).flowId, FLOW);
  });

  test('a Graph record without ObjectId in auditData uses the envelope objectId', () => {
    const { ObjectId: _drop, ...auditData } = { ...deleteNoUrl };
    void _drop;
    const row = { id: 'g-1', service: 'MicrosoftFlow', objectId: FLOW, auditData };
    assert.equal(flow(normalizeRecord(row)).flowId, FLOW);
  });

  test('an operation we do not know yet is kept as given', () => {
    assert.equal(flow(normalizeRecord(unknownOp)).operation, 'ExportFlowPackage');
  });

  test('a non-Flow record is other-workload with its workload name', () => {
    assert.deepEqual(normalizeRecord(powerApps), { kind: 'other-workload', workload: 'PowerApps' });
  });

  test('a duplicate record normalizes to the same id as the original', () => {
    assert.equal(flow(normalizeRecord(duplicate)).id, flow(normalizeRecord(blob[0])).id);
  });

  test('FlowConnectorNames: trimmed, empties dropped, order kept, duplicates removed', () => {
    assert.deepEqual(flow(normalizeRecord(oddConnectors)).connectors, ['HTTP', 'Office 365 Outlook', 'SharePoint']);
  });

  test('ids parsed from a FlowDetailsUrl on another host and last segment', () => {
    const event = flow(normalizeRecord(oddConnectors));
    assert.equal(event.environmentId, '3b1c9a7e-2d4f-4e6a-9b8c-7d6e5f4a3b2c');
    assert.equal(event.flowId, '5f4e3d2c-1b0a-4c9d-8e7f-6a5b4c3d2e1f');
  });

  test('FlowDisplayName becomes flowName when present', () => {
    assert.equal(flow(normalizeRecord(oddConnectors)).flowName, 'Invoice approvals');
  });

  test('CreationTime already in UTC with Z stays the same instant', () => {
    assert.equal(flow(normalizeRecord(oddConnectors)).occurredAt, '2026-05-04T12:00:00.000Z');
  });

  test('CreationTime with fractional seconds and no zone is UTC', () => {
    assert.equal(flow(normalizeRecord(unknownOp)).occurredAt, '2026-05-04T11:30:00.500Z');
  });

  test('CreationTime with an offset is converted to UTC', () => {
    const event = flow(normalizeRecord({ ...blob[0], CreationTime: '2026-05-04T11:12:44+02:00' }));
    assert.equal(event.occurredAt, '2026-05-04T09:12:44.000Z');
  });

  test('a FlowDetailsUrl that is not a URL gives no detailsUrl and no ids', () => {
    const event = flow(normalizeRecord(badUrl));
    assert.equal(event.detailsUrl, null);
    assert.equal(event.flowId, null);
  });

  test('a javascript: FlowDetailsUrl is not kept as a link', () => {
    assert.equal(flow(normalizeRecord({ ...blob[0], FlowDetailsUrl: 'javascript:alert(1)' })).detailsUrl, null);
  });
});

describe('normalizeRecord: other sources', () => {
  test('Graph auditLogRecord: reads auditData and keeps it as raw', () => {
    const record = graph.value[0];
    const event = flow(normalizeRecord(record));
    assert.equal(event.id, '0b9f3c52-6d1e-4a87-b2c4-91e7f0a3d6b8');
    assert.equal(event.flowId, FLOW);
    assert.deepEqual(event.connectors, ['Recurrence', 'Office 365 Outlook', 'SharePoint']);
    assert.deepEqual(event.raw, record.auditData);
  });

  test('Graph auditLogRecord: missing auditData fields come from the envelope', () => {
    const event = flow(normalizeRecord(graph.value[1]));
    assert.equal(event.occurredAt, '2026-05-04T09:40:00.000Z');
    assert.equal(event.actorUpn, 'admin@contoso.example');
    assert.equal(event.clientIp, '203.0.113.30');
    assert.equal(event.initiatedBy, 'admin');
  });

  test('Graph service MicrosoftFlow counts as Flow even when auditData has no RecordType', () => {
    assert.equal(
      normalizeRecord({
        id: 'g1',
        createdDateTime: '2026-05-04T09:00:00Z',
        operation: 'EditFlow',
        service: 'MicrosoftFlow',
        auditData: { Id: 'g1' },
      }).kind,
      'flow',
    );
  });

  test('psws row: AuditData as a JSON string is parsed', () => {
    const event = flow(normalizeRecord(psws.value[0]));
    assert.equal(event.operation, 'EditFlow');
    assert.deepEqual(event.connectors, ['Recurrence', 'Office 365 Outlook', 'SharePoint', 'HTTP']);
  });
});

describe('normalizeRecord: broken records', () => {
  const [, notObject, noId, badTime, noTime, noOperation, fine] = broken;

  test('a record that is not an object', () => {
    assert.match(brokenReason(normalizeRecord(notObject)), /JSON object/);
    assert.match(brokenReason(normalizeRecord(null)), /JSON object/);
    assert.match(brokenReason(normalizeRecord([1])), /JSON object/);
  });

  test('no Id', () => {
    assert.match(brokenReason(normalizeRecord(noId)), /no Id/);
  });

  test('an invalid CreationTime', () => {
    assert.match(brokenReason(normalizeRecord(badTime)), /CreationTime.*yesterday/);
  });

  test('no CreationTime', () => {
    assert.match(brokenReason(normalizeRecord(noTime)), /CreationTime/);
  });

  test('an impossible date is not silently shifted', () => {
    assert.match(brokenReason(normalizeRecord({ ...blob[0], CreationTime: '2026-02-30T10:00:00' })), /CreationTime/);
  });

  test('no Operation', () => {
    assert.match(brokenReason(normalizeRecord(noOperation)), /Operation/);
  });

  test('neither RecordType nor Workload', () => {
    assert.match(
      brokenReason(normalizeRecord({ Id: 'x', CreationTime: '2026-05-04T09:00:00', Operation: 'EditFlow' })),
      /RecordType nor Workload/,
    );
  });

  test('a psws AuditData string that is not JSON', () => {
    assert.match(brokenReason(normalizeRecord({ AuditData: '{"Id":"cut' })), /AuditData/);
  });

  test('the good record among the broken ones still normalizes', () => {
    assert.equal(normalizeRecord(fine).kind, 'flow');
  });
});

describe('helpers', () => {
  test('flowIdsFromUrl reads segment names case-insensitively and decodes them', () => {
    assert.deepEqual(flowIdsFromUrl('https://flow.microsoft.com/manage/Environments/env%201/Flows/f1/details'), {
      environmentId: 'env 1',
      flowId: 'f1',
    });
    assert.deepEqual(flowIdsFromUrl('https://make.powerautomate.com/environments/e1'), {
      environmentId: 'e1',
      flowId: null,
    });
  });

  test('splitConnectors accepts an array too', () => {
    assert.deepEqual(splitConnectors(['A', ' B ', 'A', '']), ['A', 'B']);
    assert.deepEqual(splitConnectors(undefined), []);
  });
});
