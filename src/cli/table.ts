import { DateTime } from 'luxon';
import { formatTime, type TimeStyle } from '../cards/format-time.ts';
import { plural } from '../model/plural.ts';
import { describeQuery } from '../queries/describe.ts';
import { describeBackfilling } from '../queries/backfill-coverage.ts';
import type { Coverage } from '../queries/coverage.ts';
import { describeOperation } from '../queries/operation-labels.ts';
import type { EventWithFlow, QueryResult } from '../queries/query.ts';

/**
 * Columns of a text table. `min` is the narrowest a column may be squeezed to (default 6);
 * columns with a lower `squeeze` give up room first (default 0).
 */
export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  min?: number;
  squeeze?: number;
}

const GAP = '  ';

/**
 * A fixed-width text table no wider than `maxWidth` characters: columns give up room in
 * `squeeze` order, the widest first, and cells that no longer fit end in "…". Line breaks in
 * cells become spaces.
 */
export function renderTable(columns: TableColumn[], rows: string[][], maxWidth = 120): string {
  const cells = rows.map((row) => columns.map((_, i) => oneLine(row[i] ?? '')));
  const widths = columns.map((c, i) => Math.max(length(c.header), ...cells.map((row) => length(row[i]))));
  const mins = columns.map((c, i) => Math.min(widths[i], c.min ?? 6));
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    const order = (i: number) => columns[i].squeeze ?? 0;
    widths.forEach((w, i) => {
      if (w <= mins[i]) return;
      if (widest === -1 || order(i) < order(widest) || (order(i) === order(widest) && w > widths[widest])) widest = i;
    });
    if (widest === -1) break;
    widths[widest]--;
  }
  const line = (row: string[]) =>
    row
      .map((cell, i) => pad(truncate(cell, widths[i]), widths[i], columns[i].align ?? 'left'))
      .join(GAP)
      .trimEnd();
  const header = line(columns.map((c) => c.header));
  const rule = widths.map((w) => '-'.repeat(w)).join(GAP);
  return [header, rule, ...cells.map(line)].join('\n');
}

/** Cuts text to `width` characters, the last one "…" when something was cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return chars.slice(0, width - 1).join('') + '…';
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const space = ' '.repeat(Math.max(0, width - length(text)));
  return align === 'right' ? space + text : text + space;
}

function length(text: string): number {
  return [...text].length;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// --- a query result as text ------------------------------------------------------------------

export interface ResultTextOptions {
  now: Date;
  /** Connectors to flag (config.riskyConnectors). */
  riskyConnectors?: string[];
  maxWidth?: number;
}

/**
 * A QueryResult for a terminal: what was understood, the exact period in the asked zone, a line
 * when sync coverage is incomplete, then the table (or a "No … between … and …" sentence).
 */
export function renderResultText(result: QueryResult, options: ResultTextOptions): string {
  const zone = result.period.timeZone;
  const maxWidth = options.maxWidth ?? 120;
  const lines = [
    result.understood,
    `Period: ${result.period.label}, ${instant(result.period.from, zone)} to ${instant(result.period.to, zone)}`,
  ];
  if (!result.coverage.complete) lines.push(coverageLine(result.coverage, zone));
  lines.push('');
  const body = isEmpty(result) ? emptyLine(result, options.now) : bodyText(result, options, maxWidth);
  return [...lines, body].join('\n');
}

function bodyText(result: QueryResult, options: ResultTextOptions, maxWidth: number): string {
  const zone = result.period.timeZone;
  const risky = new Set((options.riskyConnectors ?? []).map((c) => c.toLowerCase()));
  if (result.events) {
    // Within one local day the date is in the period line; times alone leave room for the rest.
    const from = DateTime.fromISO(result.period.from, { zone });
    const timeStyle = from.plus({ days: 1 }).toMillis() === Date.parse(result.period.to) ? 'time' : 'shortDayAndTime';
    return [listText(result.events.items, zone, timeStyle, risky, maxWidth), pageLine(result.events, 'event')]
      .filter(Boolean)
      .join('\n');
  }
  if (result.makers) {
    const rows = result.makers.items.map((m) => [
      m.maker || '(unknown)',
      String(m.count),
      m.flows.map((f) => `${f.flowName ?? f.flowId} (${f.count})`).join(', '),
    ]);
    const table = renderTable(
      [
        { header: 'Maker', min: 24, squeeze: 1 },
        { header: 'Events', align: 'right', min: 6 },
        { header: 'Flows (events)', min: 20 },
      ],
      rows,
      maxWidth,
    );
    return [table, pageLine(result.makers, 'maker')].filter(Boolean).join('\n');
  }
  if (result.connectors) {
    const rows = result.connectors.items.map((c) => [
      c.key,
      String(c.count),
      risky.has(c.key.toLowerCase()) ? 'yes' : '',
    ]);
    const table = renderTable(
      [{ header: 'Connector', min: 24 }, { header: 'Events', align: 'right' }, { header: 'Risky' }],
      rows,
      maxWidth,
    );
    return [table, pageLine(result.connectors, 'connector')].filter(Boolean).join('\n');
  }
  if (result.environments) {
    const rows = result.environments.items.map((e) => [e.key || '(unknown)', String(e.count)]);
    const table = renderTable(
      [
        { header: 'Environment', min: 24 },
        { header: 'Events', align: 'right' },
      ],
      rows,
      maxWidth,
    );
    return [table, pageLine(result.environments, 'environment')].filter(Boolean).join('\n');
  }
  const counts = result.counts ?? [];
  const rows = counts.map((c) => [describeOperation(c.key), String(c.count)]);
  rows.push(['Total', String(counts.reduce((sum, c) => sum + c.count, 0))]);
  return renderTable([{ header: 'Operation' }, { header: 'Events', align: 'right' }], rows, maxWidth);
}

/**
 * One row per event. Columns empty on every row are left out, and so is Environment when all
 * rows share one (it is said above the table instead), so the rest fits 120 characters.
 */
const ENVIRONMENT_COLUMN = 5;

function listText(
  events: EventWithFlow[],
  zone: string,
  timeStyle: TimeStyle,
  risky: Set<string>,
  maxWidth: number,
): string {
  const columns: TableColumn[] = [
    { header: 'Time', min: 12 },
    { header: 'What', min: 13 },
    { header: 'Maker', min: 16, squeeze: 3 },
    { header: 'Flow', min: 16, squeeze: 1 },
    { header: 'State', min: 5, squeeze: 2 },
    { header: 'Environment', min: 11 },
    { header: 'Connectors', min: 16, squeeze: 1 },
    { header: 'Details', min: 16, squeeze: 2 },
  ];
  const rows = events.map((e) => [
    formatTime(e.occurredAt, zone, timeStyle),
    describeOperation(e.operation),
    e.actorUpn ?? '(unknown)',
    e.identity.name ?? e.flowId ?? '(not named in the record)',
    e.identity.stateText ?? '',
    e.identity.environment ?? '',
    connectorList(e.connectors.length > 0 ? e.connectors : (e.flow?.connectors ?? []), risky),
    details(e),
  ]);
  const environments = new Set(rows.map((r) => r[ENVIRONMENT_COLUMN]));
  const sharedEnvironment = environments.size === 1 ? [...environments][0] : '';
  const keep = columns
    .map((_, i) => i !== ENVIRONMENT_COLUMN || environments.size > 1)
    .map((k, i) => k && rows.some((r) => r[i] !== ''));
  const table = renderTable(
    columns.filter((_, i) => keep[i]),
    rows.map((r) => r.filter((_, i) => keep[i])),
    maxWidth,
  );
  const reasons = [
    ...new Set(events.map((e) => e.identity.unnamedBecause ?? (e.flowId ? null : NAMES_NO_FLOW)).filter(Boolean)),
  ];
  const why = reasons.length > 0 ? ['Flow names or states missing:', ...reasons.map((r) => `  ${r}.`)] : [];
  return [sharedEnvironment ? `Environment: ${sharedEnvironment}` : '', table, ...why].filter(Boolean).join('\n');
}

/** Real delete records often carry neither FlowDetailsUrl nor an ObjectId (flow-inventory.md §1). */
const NAMES_NO_FLOW = 'the audit record names no flow (delete records often do not), so nothing can say which';

function isEmpty(result: QueryResult): boolean {
  const page = result.events ?? result.makers ?? result.connectors;
  if (page) return page.total === 0;
  return (result.counts ?? []).every((c) => c.count === 0);
}

/** "No new flows between Mon 23 Nov 2026 00:00 and now, Fri 27 Nov 2026 16:00 (Europe/Berlin)." */
function emptyLine(result: QueryResult, now: Date): string {
  const zone = result.period.timeZone;
  const subject = describeQuery({ ...result.query, shape: 'list' }).replace(/^All flow activity/, 'Flow activity');
  const from = longInstant(result.period.from, zone);
  const to =
    Date.parse(result.period.to) > now.getTime()
      ? `now, ${longInstant(now.toISOString(), zone)}`
      : longInstant(result.period.to, zone);
  const partly = result.coverage.complete ? '' : ', as far as synced';
  return `No ${subject.charAt(0).toLowerCase()}${subject.slice(1)} between ${from} and ${to} (${zone})${partly}.`;
}

export function coverageLine(coverage: Coverage, zone: string): string {
  const { missing, backfilling } = coverage;
  const shown = missing.slice(0, 3).map((r) => `${instant(r.from, zone)} to ${instant(r.to, zone)}`);
  const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
  const line = `Coverage incomplete: audit data not synced yet for ${shown.join('; ')}${more}. The answer may miss events.`;
  return backfilling ? `${line}\n${describeBackfilling(backfilling)}` : line;
}

export function pageLine(page: { items: unknown[]; total: number; offset: number }, noun: string): string {
  if (page.items.length === page.total && page.offset === 0) return '';
  const first = page.items.length === 0 ? page.offset : page.offset + 1;
  return `Showing ${first}–${page.offset + page.items.length} of ${plural(page.total, noun)} (--offset ${page.offset + page.items.length} for more).`;
}

function details(e: EventWithFlow): string {
  if (e.recipientUpn) {
    const permission = e.sharingPermission === 3 ? 'owner' : e.sharingPermission === 2 ? 'run-only' : null;
    return `${e.operation === 'DeletePermissions' ? 'from' : 'to'} ${e.recipientUpn}${permission ? ` (${permission})` : ''}`;
  }
  if (e.licenseName) return e.licenseName;
  if (e.operation === 'DeleteFlow' && e.identity.owner) return `owned by ${e.identity.owner}`;
  return e.resultStatus && e.resultStatus !== 'Succeeded' ? e.resultStatus : '';
}

/** Risky connectors first and marked "(!)", so a cut cell never hides them. */
function connectorList(connectors: string[], risky: Set<string>): string {
  const isRisky = (c: string) => risky.has(c.toLowerCase());
  return [...connectors.filter(isRisky).map((c) => `${c} (!)`), ...connectors.filter((c) => !isRisky(c))].join(', ');
}

function instant(iso: string, zone: string): string {
  return formatTime(iso, zone, 'numeric');
}

function longInstant(iso: string, zone: string): string {
  return formatTime(iso, zone, 'dayAndTimeNoComma');
}
