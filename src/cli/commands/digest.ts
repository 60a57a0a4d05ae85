/**
 * `flowwatch digest --preview [--date YYYY-MM-DD] [--tz ZONE] [--out DIR] [--no-sync]`: builds the
 * daily digest card for one local day from the store (syncing first when that day is not covered
 * yet) and writes the card JSON and an HTML page that renders it with the Adaptive Cards
 * renderer, so an admin can look at a digest without Teams.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderDigestCard } from '../../cards/digest-card.ts';
import { cardSizeBytes } from '../../cards/card-size.ts';
import { describeReplacedCharts } from '../../cards/chart-elements.ts';
import { loadConfig, type Config } from '../../config/load-config.ts';
import { buildDigestModel } from '../../digest/build-digest-model.ts';
import { renderPreviewHtml } from '../../digest/preview-html.ts';
import { currentPeriod, periodOfDay } from '../../digest/schedule.ts';
import type { DigestModel, DigestPeriod } from '../../model/digest-model.ts';
import { canonicalTimeZone } from '../../queries/period.ts';
import { COVERAGE_SOURCES } from '../../queries/run.ts';
import type { Store } from '../../store/store.ts';

export const summary = 'preview the daily digest card: flowwatch digest --preview [--date YYYY-MM-DD]';

const HELP = `usage: flowwatch digest --preview [--date YYYY-MM-DD] [--tz ZONE] [--out DIR] [--no-sync]

Builds the daily digest for one local day from the audit events Flowwatch has stored and
writes two files: the Adaptive Card JSON and an HTML page rendering it (open it in a browser).
When the day is not fully synced yet, syncs once first (unless --no-sync).

  --preview     required: write the preview (digests are sent by \`flowwatch serve\`, on schedule
                or through POST /api/digest)
  --date DAY    the local day to cover (default: yesterday in the zone)
  --tz ZONE     IANA time zone (default DIGEST_TIMEZONE)
  --out DIR     where to write digest-DAY.json and digest-DAY.html (default ./preview)
  --no-sync     use what is stored, without syncing first

Exit code: 0 written, 2 options not understood, 1 anything else.`;

export interface DigestCliRuntime {
  store: Store;
  syncOnce(): Promise<unknown>;
  close(): Promise<void>;
}

export interface DigestCliDeps {
  loadConfig: () => Config;
  openRuntime: (config: Config) => Promise<DigestCliRuntime>;
  now: () => Date;
  out: (text: string) => void;
  err: (text: string) => void;
  /** The renderer's script, when the caller has it (tests); read from node_modules otherwise. */
  rendererScript?: string;
}

export async function run(args: string[]): Promise<number> {
  return digest(args, {
    loadConfig: () => loadConfig(),
    openRuntime: async (config) => (await import('../../runtime/runtime.ts')).openRuntime(config),
    now: () => new Date(),
    out: (text) => console.log(text),
    err: (text) => console.error(text),
  });
}

interface Options {
  preview: boolean;
  date?: string;
  tz?: string;
  out: string;
  sync: boolean;
  help: boolean;
}

function readOptions(args: string[]): Options | { error: string } {
  try {
    const { values } = parseArgs({
      args,
      options: {
        preview: { type: 'boolean' },
        date: { type: 'string' },
        tz: { type: 'string' },
        out: { type: 'string' },
        'no-sync': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date))
      return { error: `--date "${values.date}" is not YYYY-MM-DD` };
    return {
      preview: values.preview ?? false,
      ...(values.date !== undefined ? { date: values.date } : {}),
      ...(values.tz !== undefined ? { tz: values.tz } : {}),
      out: values.out ?? 'preview',
      sync: !values['no-sync'],
      help: values.help ?? false,
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The command with its surroundings passed in, so tests can run it against any store. */
export async function digest(args: string[], deps: DigestCliDeps): Promise<number> {
  const options = readOptions(args);
  if ('error' in options) {
    deps.err(`flowwatch digest: ${options.error}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    deps.out(HELP);
    return 0;
  }
  if (!options.preview) {
    deps.err(`flowwatch digest: say --preview to write a preview\n\n${HELP}`);
    return 2;
  }
  const config = deps.loadConfig();
  const period = choosePeriod(options, config, deps);
  if (period === null) return 2;

  const runtime = await deps.openRuntime(config);
  try {
    const model = await buildPreviewModel(runtime, period, options, config, deps);
    const card = renderDigestCard(model);
    const files = writePreview(card, model, period, options, deps);
    deps.out(
      [
        `Digest for ${model.periodLabel}: ${model.newFlows.total} new, ${model.editedFlows.total} edited, ${model.deletedFlows.total} deleted flows; card ${cardSizeBytes(card)} bytes.`,
        model.coverage.complete ? '' : 'Sync has not covered the whole day: the card says so.',
        describeReplacedCharts(card),
        `  card: ${files.jsonFile}`,
        `  page: ${files.htmlFile}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
    return 0;
  } finally {
    await runtime.close();
  }
}

/** The local day to preview (--date, or yesterday in --tz); null once the error is printed. */
function choosePeriod(options: Options, config: Config, deps: DigestCliDeps): DigestPeriod | null {
  const timeZone = canonicalTimeZone(options.tz ?? config.digest.timeZone);
  if (!timeZone) {
    deps.err(`flowwatch digest: --tz "${options.tz}" is not an IANA time zone; use a name like Europe/Berlin`);
    return null;
  }
  try {
    return options.date ? periodOfDay(options.date, timeZone) : currentPeriod(deps.now(), { timeZone, days: 'daily' });
  } catch (error) {
    deps.err(`flowwatch digest: ${(error as Error).message}`);
    return null;
  }
}

/** The digest of `period` from the store, synced once first when the day is not covered yet. */
async function buildPreviewModel(
  runtime: DigestCliRuntime,
  period: DigestPeriod,
  options: Options,
  config: Config,
  deps: DigestCliDeps,
): Promise<DigestModel> {
  const build = () =>
    buildDigestModel(runtime.store, {
      period,
      now: deps.now(),
      late: false,
      lateSince: null,
      riskyConnectors: config.riskyConnectors,
      coverageSources: COVERAGE_SOURCES,
      staleAfterMs: 3 * config.sync.intervalMs,
    });
  const model = await build();
  if (model.coverage.complete || !options.sync) return model;
  try {
    await runtime.syncOnce();
    return await build();
  } catch (error) {
    // The stored digest is still worth a look; its card says the sync is behind.
    deps.err(`flowwatch digest: sync failed (${(error as Error).message}); previewing what is stored`);
    return model;
  }
}

/** Writes digest-DAY.json (the card) and digest-DAY.html (a page rendering it) into --out. */
function writePreview(
  card: Record<string, unknown>,
  model: DigestModel,
  period: DigestPeriod,
  options: Options,
  deps: DigestCliDeps,
): { jsonFile: string; htmlFile: string } {
  const dir = path.resolve(options.out);
  mkdirSync(dir, { recursive: true });
  const jsonFile = path.join(dir, `digest-${period.key}.json`);
  const htmlFile = path.join(dir, `digest-${period.key}.html`);
  writeFileSync(jsonFile, `${JSON.stringify(card, null, 2)}\n`);
  const note =
    `Flowwatch digest preview for ${model.periodLabel}, built ${deps.now().toISOString()}. Buttons do nothing here. ${describeReplacedCharts(card)}`.trim();
  writeFileSync(
    htmlFile,
    renderPreviewHtml(card, {
      title: `Flowwatch digest ${period.key}`,
      note,
      ...(deps.rendererScript ? { rendererScript: deps.rendererScript } : {}),
    }),
  );
  return { jsonFile, htmlFile };
}
