/**
 * The question corpus (test/fixtures/question-corpus.json, issue 13): 200+ phrasings of what admins
 * ask about flows, written from how they ask in forums and issue trackers
 * (../shared/reference/admin-needs.md), each with its meaning. A phrasing read as anything other
 * than its meaning fails the test outright: a wrong answer is worse than "I did not understand".
 * Phrasings whose meaning Flowwatch cannot express yet carry `needs` and must not be understood.
 * The share understood is printed, and may not fall below UNDERSTOOD_AT_LEAST.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_PERIOD, parseQuestion } from '../../src/bot/commands/parse.ts';
import type { FlowQuery, PeriodSpec } from '../../src/queries/query.ts';
import { parseGovernanceQuestion } from '../../src/bot/commands/governance-question.ts';
import type { GovernanceQuery } from '../../src/queries/governance.ts';

type Entry =
  | { q: string; needs: string }
  | { q: string; summary: PeriodSpec; against?: PeriodSpec }
  /** Connections and data policies (issue 12), read by parseGovernanceQuestion before the flow parser. */
  | { q: string; governance: GovernanceQuery }
  | ({ q: string } & Partial<FlowQuery>);

const CORPUS = JSON.parse(
  readFileSync(new URL('../fixtures/question-corpus.json', import.meta.url), 'utf8'),
) as Entry[];

/** The share measured when the corpus was written; raise it as the parser learns more. */
const UNDERSTOOD_AT_LEAST = 0.95;

function meaning(
  entry: Exclude<Entry, { needs: string } | { summary: PeriodSpec } | { governance: GovernanceQuery }>,
): FlowQuery {
  const { q: _q, operations = [], period = DEFAULT_PERIOD, shape = 'list', ...filters } = entry;
  return { operations, period, shape, ...filters };
}

test(`the corpus of ${CORPUS.length} phrasings: nothing misread, and most understood`, (t) => {
  assert.ok(CORPUS.length >= 200);
  const misses: string[] = [];
  const misread: string[] = [];
  for (const entry of CORPUS) {
    // As the bot and the CLI read: a governance question first, then the flow parser.
    const governance = parseGovernanceQuestion(entry.q);
    if ('governance' in entry) {
      if (!governance) misses.push(entry.q);
      else if (!isDeepStrictEqual(governance.query, entry.governance))
        misread.push(
          `"${entry.q}": read as ${JSON.stringify(governance.query)}, means ${JSON.stringify(entry.governance)}`,
        );
      continue;
    }
    if (governance) {
      misread.push(`"${entry.q}" is no governance question: read as ${JSON.stringify(governance.query)}`);
      continue;
    }
    const outcome = parseQuestion(entry.q);
    if ('needs' in entry) {
      if (outcome.kind === 'query')
        misread.push(`"${entry.q}" needs ${entry.needs}: read as ${JSON.stringify(outcome.query)}`);
      misses.push(`${entry.q} (needs ${entry.needs})`);
    } else if ('summary' in entry) {
      if (outcome.kind === 'summary') {
        const read = { period: outcome.period, against: outcome.against };
        const meant = { period: entry.summary, against: entry.against };
        if (!isDeepStrictEqual(read, meant))
          misread.push(`"${entry.q}": a summary of ${JSON.stringify(read)}, means ${JSON.stringify(meant)}`);
      } else if (outcome.kind === 'query')
        misread.push(`"${entry.q}" asks for a summary: read as ${JSON.stringify(outcome.query)}`);
      else misses.push(entry.q);
    } else if (outcome.kind === 'query') {
      const expected = meaning(entry);
      if (!isDeepStrictEqual(outcome.query, expected))
        misread.push(`"${entry.q}": read as ${JSON.stringify(outcome.query)}, means ${JSON.stringify(expected)}`);
    } else {
      misses.push(entry.q);
    }
  }
  assert.deepEqual(misread, [], 'misread phrasings');
  const understood = (CORPUS.length - misses.length) / CORPUS.length;
  t.diagnostic(`understood ${CORPUS.length - misses.length} of ${CORPUS.length} (${(understood * 100).toFixed(1)}%)`);
  for (const miss of misses) t.diagnostic(`not understood: ${miss}`);
  assert.ok(understood >= UNDERSTOOD_AT_LEAST, `understood ${(understood * 100).toFixed(1)}%`);
});
