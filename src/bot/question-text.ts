/**
 * The question a user typed, without the bot's @mention. In channels and group chats the text
 * arrives as "<at>Flowwatch</at> new flows today"; the SDK removes the mention only when the
 * mention entity carries `text`, which some payloads lack (teams-platform.md §2.4), so a regex
 * fallback removes `<at>…</at>` runs that name the bot.
 */
import { TurnContext, type Activity } from 'botbuilder';

interface MentionEntity {
  type?: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

/** The parts of a message activity this module reads. */
export interface MessageTextSource {
  text?: unknown;
  recipient?: { id?: string; name?: string } | undefined;
  entities?: unknown;
}

// [^<>]* and [^<]*: each run stops at the next tag, so text full of unclosed "<at" is scanned once.
const AT_RUN = /<at\b[^<>]*>([^<]*)<\/at>/gi;

/**
 * A message longer than this is not cleaned up at all: it is far over what the parser reads
 * (MAX_QUESTION_CHARS, even with mention markup and &nbsp; around it), so it is handed on as it
 * came, to be refused as too long, without spending the SDK's mention removal on it.
 */
const MAX_MESSAGE_CHARS = 4000;
/** Mentions handed to the SDK's removal (one pass over the text each): a real message has a few. */
const MAX_MENTIONS = 20;

function entitiesOf(activity: MessageTextSource): unknown[] {
  return Array.isArray(activity.entities) ? activity.entities : [];
}

/** Names under which the bot was mentioned: its own name plus the names in its mention entities. */
function botNames(activity: MessageTextSource): Set<string> {
  const names = new Set<string>();
  const botId = activity.recipient?.id;
  if (activity.recipient?.name) names.add(activity.recipient.name.trim().toLowerCase());
  for (const entity of entitiesOf(activity) as Array<MentionEntity | null>) {
    if (entity && entity.type === 'mention' && entity.mentioned?.id === botId && entity.mentioned?.name)
      names.add(entity.mentioned.name.trim().toLowerCase());
  }
  return names;
}

function wellFormedMentions(activity: MessageTextSource): MentionEntity[] {
  return entitiesOf(activity).filter((e): e is MentionEntity => {
    const m = e as MentionEntity | null;
    return (
      m !== null &&
      typeof m === 'object' &&
      m.type === 'mention' &&
      typeof m.text === 'string' &&
      typeof m.mentioned?.id === 'string'
    );
  });
}

function normalizeSpace(text: string): string {
  return text
    .replace(/&nbsp;|\u00a0/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The activity's text with the bot's mention removed and whitespace normalized. Does not modify `activity`. */
export function questionTextOf(activity: MessageTextSource): string {
  const raw = typeof activity.text === 'string' ? activity.text : '';
  if (raw.length > MAX_MESSAGE_CHARS) return raw;
  // The SDK trusts entity shapes (it calls type.toLowerCase(), reads mentioned.id); hand it only well-formed ones.
  // Only what it reads (text, entities, recipient), on a copy it may change: it writes the text back.
  const copy = {
    text: raw,
    entities: wellFormedMentions(activity).slice(0, MAX_MENTIONS),
    recipient: activity.recipient,
  } as unknown as Activity;
  const withoutEntityMention = activity.recipient?.id ? (TurnContext.removeRecipientMention(copy) ?? raw) : raw;
  const names = botNames(activity);
  const cleaned = normalizeSpace(withoutEntityMention).replace(AT_RUN, (run: string, inner: string, offset: number) => {
    const namesBot = names.has(normalizeSpace(inner).toLowerCase());
    // In channels a bot only receives messages that mention it, so a mention that opens the text is the bot's.
    return namesBot || offset === 0 ? ' ' : run;
  });
  return normalizeSpace(cleaned);
}
