/**
 * Parse time of the worst questions (issue 15): each adversarial text at the largest accepted
 * size, through parseQuestion as the bot calls it, and a Teams-sized paste (28 KB) both as the bot
 * gets it (refused) and parsed anyway (parseUnbounded), which shows the parser is linear.
 */
import { MAX_QUESTION_CHARS, parseQuestion, parseUnbounded } from '../src/bot/commands/parse.ts';
import { ADVERSARIAL_QUESTIONS, filled } from '../test/fixtures/adversarial-questions.ts';

export interface ParseFigures {
  worstAccepted: { name: string; ms: number };
  pastedRefusedMs: number;
  worstUnbounded: { name: string; ms: number };
}

/** Median milliseconds of `run` over `rounds` calls. */
function medianMs(run: () => void, rounds: number): number {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

function worst(ms: (unit: string) => number): { name: string; ms: number } {
  return Object.entries(ADVERSARIAL_QUESTIONS)
    .map(([name, unit]) => ({ name, ms: ms(unit) }))
    .reduce((a, b) => (b.ms > a.ms ? b : a));
}

export function benchParse(pasteChars = 28_000): ParseFigures {
  return {
    worstAccepted: worst((unit) => {
      const text = filled(unit, MAX_QUESTION_CHARS);
      return medianMs(() => parseQuestion(text), 101);
    }),
    pastedRefusedMs: medianMs(() => parseQuestion(filled('a ', pasteChars)), 101),
    worstUnbounded: worst((unit) => {
      const text = filled(unit, pasteChars);
      return medianMs(() => parseUnbounded(text), 5);
    }),
  };
}
