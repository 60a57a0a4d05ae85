import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AuditFileError, parseAuditFile } from '../../src/audit/import-file.ts';

const read = (name: string): string => readFileSync(new URL(`../fixtures/audit/${name}`, import.meta.url), 'utf8');

describe('parseAuditFile', () => {
  test('reads a Management API content blob (a JSON array) with positions', () => {
    const parsed = parseAuditFile(read('management-blob.json'), 'blob.json');
    assert.equal(parsed.format, 'management-blob');
    assert.deepEqual(
      parsed.records.map((r) => [r.kind, r.position.index, r.position.file]),
      [
        ['flow', 0, 'blob.json'],
        ['flow', 1, 'blob.json'],
        ['flow', 2, 'blob.json'],
      ],
    );
  });

  test('separates flow, other-workload and broken records of one blob', () => {
    const parsed = parseAuditFile(read('management-blob-variants.json'), 'variants.json');
    assert.deepEqual(
      parsed.records.map((r) => r.kind),
      ['flow', 'flow', 'other-workload', 'flow', 'flow', 'flow', 'flow', 'flow'],
    );
  });

  test('reports each broken record with its index and keeps the good ones', () => {
    const parsed = parseAuditFile(read('management-blob-broken.json'), 'broken.json');
    const broken = parsed.records.filter((r) => r.kind === 'broken').map((r) => r.position.index);
    assert.deepEqual(broken, [1, 2, 3, 4, 5]);
    assert.deepEqual(
      parsed.records.filter((r) => r.kind === 'flow').map((r) => r.position.index),
      [0, 6],
    );
  });

  test('reads a Graph auditLogRecord page', () => {
    const parsed = parseAuditFile(read('graph-records-page.json'), 'graph.json');
    assert.equal(parsed.format, 'graph-records');
    assert.deepEqual(
      parsed.records.map((r) => r.kind),
      ['flow', 'flow', 'broken'],
    );
    assert.equal(parsed.records[2].position.index, 2);
  });

  test('reads a legacy psws response with AuditData as a JSON string', () => {
    const parsed = parseAuditFile(read('psws-response.json'), 'psws.json');
    assert.equal(parsed.format, 'psws');
    const first = parsed.records[0];
    assert.equal(first.kind, 'flow');
    assert.equal(first.kind === 'flow' && first.event.id, 'a41e6d07-93c2-4b5f-8d1a-6f0c2e9b7354');
  });

  test('a psws row whose AuditData is cut off is broken; the rows around it are not', () => {
    const parsed = parseAuditFile(read('psws-response-broken-row.json'), 'psws.json');
    assert.deepEqual(
      parsed.records.map((r) => r.kind),
      ['flow', 'broken', 'flow'],
    );
  });

  test('an empty psws page (end of a session) has no records', () => {
    const parsed = parseAuditFile(
      '{"odata.metadata":"https://outlook.office365.com/psws/service.svc/$metadata#UnifiedAuditLog","value":[]}',
      'end.json',
    );
    assert.equal(parsed.format, 'psws');
    assert.deepEqual(parsed.records, []);
  });

  test('tolerates a byte-order mark', () => {
    assert.equal(parseAuditFile(`\uFEFF${read('management-blob.json')}`, 'bom.json').records.length, 3);
  });

  test('detects Graph by auditData objects even without @odata.context', () => {
    const page = JSON.parse(read('graph-records-page.json')) as Record<string, unknown>;
    delete page['@odata.context'];
    assert.equal(parseAuditFile(JSON.stringify(page), 'g.json').format, 'graph-records');
  });

  for (const [name, text, pattern] of [
    ['invalid JSON', '[{"Id":', /not valid JSON/],
    ['a bare string', '"hello"', /neither an array/],
    ['an object without value', '{"records":[]}', /without a "value" array/],
    ['an empty value without markers', '{"value":[]}', /cannot tell the format/],
    ['rows of an unknown shape', '{"value":[{"foo":1}]}', /neither auditData/],
  ] as const) {
    test(`refuses ${name} with a file-level error naming the file`, () => {
      assert.throws(
        () => parseAuditFile(text, 'bad.json'),
        (error: unknown) => error instanceof AuditFileError && error.file === 'bad.json' && pattern.test(error.message),
      );
    });
  }
});
