import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Emulator } from '../../src/emulator/emulator.ts';
import { resolveOptions, type EmulatorOptions } from '../../src/emulator/options.ts';
import type { Blob } from '../../src/emulator/content/blob-catalog.ts';
import { KNOWN_OPERATIONS } from '../../src/model/flow-event.ts';
import { NOW } from './helpers.ts';

type AuditRecord = Record<string, unknown>;

function tenant(options: EmulatorOptions = {}): Emulator {
  return new Emulator(resolveOptions({ now: () => NOW, ...options }));
}

function allBlobs(e: Emulator, nowMs = Number.POSITIVE_INFINITY): Blob[] {
  return e.catalog.page(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, nowMs, null, Number.MAX_SAFE_INTEGER)!
    .blobs;
}

function recordsOf(e: Emulator, blob: Blob): AuditRecord[] {
  return JSON.parse(e.catalog.body(blob).toString('utf8')) as AuditRecord[];
}

const isFlow = (r: AuditRecord) => r['Workload'] === 'MicrosoftFlow';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('emulator tenant generator', () => {
  const e = tenant({ seed: 11 });
  const blobs = allBlobs(e);
  const perBlob = blobs.map((b) => ({ blob: b, records: recordsOf(e, b) }));
  const flowRecords = perBlob.flatMap((p) => p.records.filter(isFlow));

  test('the same seed gives the same blobs, bodies and ground truth', () => {
    const again = tenant({ seed: 11 });
    const againBlobs = allBlobs(again);
    assert.deepEqual(
      againBlobs.map((b) => b.contentId),
      blobs.map((b) => b.contentId),
    );
    for (const i of [0, 1, Math.floor(blobs.length / 2), blobs.length - 1]) {
      assert.equal(again.catalog.body(againBlobs[i]).toString(), e.catalog.body(blobs[i]).toString());
    }
    assert.deepEqual(
      again.catalog.retrievableFlowRecords(NOW.getTime()),
      e.catalog.retrievableFlowRecords(NOW.getTime()),
    );
  });

  test('another seed gives another tenant', () => {
    const other = tenant({ seed: 12 });
    const ids = new Set(e.catalog.retrievableFlowRecords(NOW.getTime()).map((r) => r['Id']));
    const otherIds = other.catalog.retrievableFlowRecords(NOW.getTime()).map((r) => r['Id']);
    assert.ok(otherIds.length > 0);
    assert.equal(otherIds.filter((id) => ids.has(id)).length, 0);
  });

  test('Flow records have the common schema shape of fixture (b)', () => {
    assert.ok(flowRecords.length > 500, `only ${flowRecords.length} Flow records`);
    for (const r of flowRecords) {
      assert.match(String(r['CreationTime']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      assert.match(String(r['Id']), GUID);
      assert.equal(r['RecordType'], 30);
      assert.equal(r['OrganizationId'], e.options.tenantId);
      assert.match(String(r['UserUPN']), /^[a-z]+\.[a-z]+\d*@contoso\.example$/);
      assert.ok(
        !['avery.lee@contoso.example', 'jordan.kim@contoso.example'].includes(String(r['UserUPN'])),
        'fixture users are reserved for hand-added records',
      );
      assert.equal(r['UserId'], r['UserUPN']);
      assert.ok(['Succeeded', 'Failed'].includes(String(r['ResultStatus'])));
    }
    assert.deepEqual(Object.keys(flowRecords.find((r) => r['Operation'] === 'CreateFlow')!).slice(0, 13), [
      'CreationTime',
      'Id',
      'Operation',
      'OrganizationId',
      'RecordType',
      'ResultStatus',
      'UserKey',
      'UserType',
      'Version',
      'Workload',
      'ClientIP',
      'ObjectId',
      'UserId',
    ]);
  });

  test('all seven operations appear, with the field variants real records show', () => {
    const ops = new Set(flowRecords.map((r) => r['Operation']));
    assert.deepEqual([...ops].sort(), [...KNOWN_OPERATIONS].sort());

    const shares = flowRecords.filter(
      (r) => r['Operation'] === 'PutPermissions' || r['Operation'] === 'DeletePermissions',
    );
    assert.ok(
      shares.every(
        (r) => [2, 3, '2', '3'].includes(r['SharingPermission'] as number) && typeof r['RecipientUPN'] === 'string',
      ),
    );
    assert.ok(shares.some((r) => typeof r['SharingPermission'] === 'string'));
    assert.ok(shares.some((r) => typeof r['SharingPermission'] === 'number'));

    const initiated = flowRecords.filter((r) => r['Operation'] === 'DeleteFlow' || r['Operation'] === 'PutPermissions');
    assert.ok(initiated.every((r) => [1, 2].includes((r['UserTypeInitiated'] ?? r['UserTypeInititated']) as number)));
    assert.ok(initiated.some((r) => 'UserTypeInitiated' in r));
    assert.ok(initiated.some((r) => 'UserTypeInititated' in r));

    const deletes = flowRecords.filter((r) => r['Operation'] === 'DeleteFlow');
    assert.ok(deletes.some((r) => !('FlowDetailsUrl' in r)));
    assert.ok(deletes.some((r) => 'FlowDetailsUrl' in r));

    const trials = flowRecords.filter((r) => r['Operation'] === 'StartAPaidTrial' || r['Operation'] === 'RenewTrial');
    assert.ok(trials.every((r) => typeof r['LicenseDisplayName'] === 'string' && !('FlowDetailsUrl' in r)));

    assert.ok(flowRecords.some((r) => typeof r['UserType'] === 'string'));
    assert.ok(flowRecords.some((r) => typeof r['UserType'] === 'number'));
    assert.ok(flowRecords.some((r) => r['ResultStatus'] === 'Failed'));
    // No real record carries a flow name (flow-inventory.md §1): the inventory gives names.
    assert.ok(flowRecords.every((r) => !('FlowDisplayName' in r)));
  });

  test('FlowDetailsUrl uses three hosts, the documented path, and both kinds of environment', () => {
    const urls = flowRecords.map((r) => r['FlowDetailsUrl']).filter((u): u is string => typeof u === 'string');
    const hosts = new Set(urls.map((u) => new URL(u).host));
    assert.deepEqual([...hosts].sort(), [
      'admin.powerplatform.microsoft.com',
      'flow.microsoft.com',
      'make.powerautomate.com',
    ]);
    for (const u of urls) {
      // The admin center's flow page ends in /flowDetails, the maker portals' in /details.
      const { host, pathname } = new URL(u);
      const page = host === 'admin.powerplatform.microsoft.com' ? 'flowDetails' : 'details';
      assert.match(pathname, new RegExp(`^/environments/[^/]+/flows/[0-9a-f-]{36}/${page}$`), u);
    }
    const environments = new Set(urls.map((u) => new URL(u).pathname.split('/')[2]));
    assert.ok(environments.has(`Default-${e.options.tenantId}`));
    assert.ok([...environments].some((env) => GUID.test(env)));
  });

  test('edits change connectors: some edit adds HTTP to a flow created without it', () => {
    const flowIdOf = (r: AuditRecord) =>
      String((r['FlowDetailsUrl'] as string | undefined) ?? '')
        .split('/flows/')[1]
        ?.split('/')[0];
    const createdWithout = new Set(
      flowRecords
        .filter((r) => r['Operation'] === 'CreateFlow' && !String(r['FlowConnectorNames']).split(', ').includes('HTTP'))
        .map(flowIdOf),
    );
    const added = flowRecords.filter(
      (r) =>
        r['Operation'] === 'EditFlow' &&
        createdWithout.has(flowIdOf(r)) &&
        String(r['FlowConnectorNames']).split(', ').includes('HTTP'),
    );
    assert.ok(added.length > 0);
    // Both custom connectors of the generated tenant show up in seed 11's flows.
    assert.ok(flowRecords.some((r) => String(r['FlowConnectorNames']).includes('Contoso Orders API')));
    assert.ok(flowRecords.some((r) => String(r['FlowConnectorNames']).includes('Fabrikam Inventory Connector')));
  });

  test('about 90% of Audit.General records come from other workloads', () => {
    const all = perBlob.flatMap((p) => p.records);
    const share = (all.length - flowRecords.length) / all.length;
    assert.ok(share > 0.87 && share < 0.93, `other-workload share ${share}`);
    const types = new Set(all.filter((r) => !isFlow(r)).map((r) => r['RecordType']));
    for (const t of [20, 45, 256, 66, 22, 21, 54]) assert.ok(types.has(t), `RecordType ${t} missing`);
  });

  test('blobs hold 1..maxRecordsPerBlob records, none created before its records happened, none more than 24 h after', () => {
    for (const { blob, records } of perBlob) {
      assert.ok(records.length >= 1 && records.length <= 100, `blob of ${records.length}`);
      for (const r of records) {
        const happened = Date.parse(`${String(r['CreationTime'])}Z`);
        assert.ok(happened <= blob.createdMs, `${String(r['Id'])} happened after its blob`);
        assert.ok(
          blob.createdMs - happened < 24 * 3_600_000,
          `${String(r['Id'])} published ${(blob.createdMs - happened) / 3_600_000} h late`,
        );
      }
    }
  });

  test('some Flow records arrive hours late and some are published twice', () => {
    const lateHours = perBlob.flatMap(({ blob, records }) =>
      records.filter(isFlow).map((r) => (blob.createdMs - Date.parse(`${String(r['CreationTime'])}Z`)) / 3_600_000),
    );
    assert.ok(lateHours.some((h) => h > 2));
    assert.ok(lateHours.filter((h) => h < 2).length > lateHours.length * 0.8);
    const blobsPerId = new Map<string, number>();
    for (const r of flowRecords) blobsPerId.set(String(r['Id']), (blobsPerId.get(String(r['Id'])) ?? 0) + 1);
    assert.ok([...blobsPerId.values()].some((n) => n === 2));
  });

  test('with lateRate and duplicateRate 0 there are neither late nor repeated records', () => {
    const calm = tenant({ seed: 11, lateRate: 0, duplicateRate: 0, flowsPerDay: 20 });
    const records = allBlobs(calm).flatMap((b) =>
      recordsOf(calm, b)
        .filter(isFlow)
        .map((r) => ({ r, created: b.createdMs })),
    );
    assert.ok(records.length > 100);
    assert.equal(new Set(records.map((x) => x.r['Id'])).size, records.length);
    assert.ok(records.every((x) => x.created - Date.parse(`${String(x.r['CreationTime'])}Z`) < 2 * 3_600_000));
  });

  test('totalRecords generates about that many Audit.General records', () => {
    const bench = tenant({ seed: 5, totalRecords: 20_000, days: 3 });
    const count = allBlobs(bench).reduce((n, b) => n + b.recordIndexes.length + b.otherCount, 0);
    assert.ok(Math.abs(count - 20_000) < 1_000, `generated ${count}`);
  });
});
