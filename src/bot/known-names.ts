/**
 * The names this tenant uses that the parser's fixed vocabulary cannot know: connectors its
 * events name (custom ones above all), so a typo in them is corrected like any other word
 * (issue 13). Read from the store at most every REFRESH_MS, since building a corrector indexes
 * every word; when the store cannot answer, the last corrector (or the parser's own) is kept.
 */
import { correctorKnowing } from './commands/parse.ts';
import type { TypoCorrector } from './commands/typos.ts';
import type { Store } from '../store/store.ts';

const REFRESH_MS = 10 * 60_000;
/** As far back as a question may ask (period.ts), so every connector a question could match is known. */
const LOOKBACK_MS = 186 * 86_400_000;

export class KnownNames {
  private corrector: TypoCorrector | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private names = '';

  constructor(
    private readonly store: Pick<Store, 'events'>,
    private readonly now: () => Date,
  ) {}

  /** The corrector for the names known now; undefined until the store has answered once. */
  async typoCorrector(): Promise<TypoCorrector | undefined> {
    const now = this.now().getTime();
    if (now - this.readAt < REFRESH_MS) return this.corrector;
    this.readAt = now;
    try {
      const range = { from: new Date(now - LOOKBACK_MS).toISOString(), to: new Date(now + 86_400_000).toISOString() };
      const connectors = (await this.store.events.countBy(range, 'connector')).map((c) => c.key).sort();
      const names = connectors.join('\n');
      // The same names as before: the corrector built from them still holds.
      if (names !== this.names || !this.corrector) this.corrector = correctorKnowing(connectors);
      this.names = names;
    } catch {
      // The answer will say what the store is doing; the question is still read with the parser's own words.
    }
    return this.corrector;
  }
}
