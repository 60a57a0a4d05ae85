import { canonicalTimeZone } from '../queries/period.ts';
import type { DigestDaysSetting } from '../store/bot-state-store.ts';

/**
 * The chat commands that manage a channel's digest. The bot checks them before the question
 * parser, so "digest status" is never read as a question about flows.
 *
 *   digest here                                 subscribe this channel (config defaults)
 *   digest off                                  stop it
 *   digest at 08:00 [Europe/Berlin] [weekdays]  set time, zone and days (subscribes if needed)
 *   digest status                               what is set and when the next one goes out
 */
export type DigestCommand =
  | { kind: 'here' }
  | { kind: 'off' }
  | { kind: 'status' }
  | { kind: 'at'; time: string; timeZone: string | null; days: DigestDaysSetting | null }
  /** Starts with "digest" but is none of the above: the answer explains the commands. */
  | { kind: 'invalid'; problem: string };

export const DIGEST_USAGE =
  'Say "digest here" to get the daily digest in this channel, "digest at 08:00 Europe/Berlin weekdays" to set when, "digest status" to see what is set, or "digest off" to stop it.';

const DAYS: Record<string, DigestDaysSetting> = {
  weekdays: 'weekdays',
  workdays: 'weekdays',
  daily: 'daily',
  'every day': 'daily',
  everyday: 'daily',
};

/** The digest command in a message's text (mention already removed); null when it is not one. */
export function parseDigestCommand(text: string): DigestCommand | null {
  const words = text
    .trim()
    .replace(/[.!?]+$/, '')
    .split(/\s+/)
    .filter(Boolean);
  if (words[0]?.toLowerCase() !== 'digest') return null;
  const rest = words.slice(1);
  const lower = rest.map((w) => w.toLowerCase());
  if (rest.length === 0 || (rest.length === 1 && lower[0] === 'status')) return { kind: 'status' };
  if (rest.length === 1 && lower[0] === 'here') return { kind: 'here' };
  if (rest.length === 1 && (lower[0] === 'off' || lower[0] === 'stop')) return { kind: 'off' };
  if (lower[0] !== 'at') return { kind: 'invalid', problem: `I don't know "digest ${rest.join(' ').slice(0, 60)}".` };
  return parseAt(rest.slice(1));
}

function parseAt(words: string[]): DigestCommand {
  const timeMatch = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(words[0] ?? '');
  const hour = Number(timeMatch?.[1]);
  const minute = Number(timeMatch?.[2] ?? '0');
  if (!timeMatch || hour > 23 || minute > 59)
    return {
      kind: 'invalid',
      problem: `"${(words[0] ?? '').slice(0, 20)}" is not a time of day; use HH:MM, e.g. 08:00.`,
    };
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  let timeZone: string | null = null;
  let days: DigestDaysSetting | null = null;
  let rest = words.slice(1);
  const daysText = rest.join(' ').toLowerCase();
  for (const [phrase, setting] of Object.entries(DAYS)) {
    if (daysText === phrase || daysText.endsWith(` ${phrase}`)) {
      days = setting;
      rest = rest.slice(0, rest.length - phrase.split(' ').length);
      break;
    }
  }
  if (rest.length > 1)
    return {
      kind: 'invalid',
      problem: `I could not read "${rest.join(' ').slice(0, 60)}"; say e.g. "digest at 08:00 Europe/Berlin weekdays".`,
    };
  if (rest.length === 1) {
    timeZone = canonicalTimeZone(rest[0]);
    if (!timeZone)
      return {
        kind: 'invalid',
        problem: `"${rest[0].slice(0, 40)}" is not a time zone I know; use an IANA name such as Europe/Berlin or America/New_York.`,
      };
  }
  return { kind: 'at', time, timeZone, days };
}
