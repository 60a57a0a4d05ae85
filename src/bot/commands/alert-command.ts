/**
 * The chat commands that manage a channel's alerts, read before the question parser (like the
 * digest's). Pure and linear: the text is cut to MAX_COMMAND_CHARS, split on spaces once, and
 * each pattern is anchored with no nested repetition.
 *
 *   alert on HTTP                        a connector or its family (HTTP, HTTP Webhook, …)
 *   alert on custom connectors           custom or third-party connectors
 *   alert on premium connectors          answered: the inventory does not know tiers
 *   alert on sharing with guests         a flow shared with someone outside the tenant's domains
 *   alert on new flows by <maker UPN>
 *   alerts off | alerts status
 */
import type { AlertCommand } from '../../model/alert-rule.ts';

export type { AlertCommand } from '../../model/alert-rule.ts';

export const ALERT_USAGE =
  'Say "alert on HTTP" (any connector or family), "alert on custom connectors", "alert on sharing with guests", "alert on new flows by someone@contoso.com", "alerts status" or "alerts off".';

/** Longer than this a message is not an alert command (a connector name is at most 80 characters). */
const MAX_COMMAND_CHARS = 200;
const UPN = /^[^\s@]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/;
const CONNECTOR_NAME = /^[\p{L}\p{N}][\p{L}\p{N} .()&/+-]{0,79}$/u;

function target(words: string[], raw: string[]): AlertCommand {
  const text = words.join(' ');
  if (/^(custom|third-party|third party|non-microsoft)( connectors?)?$/.test(text))
    return { kind: 'add', rule: { kind: 'custom', value: '' } };
  if (/^premium( connectors?)?$/.test(text)) return { kind: 'premium' };
  if (/^(sharing|shares|flows shared|shared flows) with (guests?|external users|externals|outsiders)$/.test(text))
    return { kind: 'add', rule: { kind: 'guests', value: '' } };
  const maker = /^(new )?flows (created )?by (\S+)$/.exec(text);
  if (maker) {
    const upn = maker[3];
    return UPN.test(upn)
      ? { kind: 'add', rule: { kind: 'maker', value: upn } }
      : { kind: 'invalid', problem: `"${upn.slice(0, 80)}" is not a user principal name (name@domain).` };
  }
  const name = raw
    .join(' ')
    .replace(/ connectors?$/i, '')
    .trim();
  if (!CONNECTOR_NAME.test(name))
    return { kind: 'invalid', problem: 'That is not a connector name Flowwatch can alert on.' };
  return { kind: 'add', rule: { kind: 'connector', value: name } };
}

/** The alert command in a message's text (mention removed); null when it is not one. */
export function parseAlertCommand(text: string): AlertCommand | null {
  if (text.length > MAX_COMMAND_CHARS) return null;
  const raw = text
    .trim()
    .replace(/[.!?]+$/, '')
    .split(/\s+/)
    .filter(Boolean);
  const words = raw.map((w) => w.toLowerCase());
  if (words[0] !== 'alert' && words[0] !== 'alerts') return null;
  const rest = words.slice(1).join(' ');
  if (rest === '' || rest === 'status') return { kind: 'status' };
  if (rest === 'off' || rest === 'stop' || rest === 'disable' || rest === 'none') return { kind: 'off' };
  const on = /^(on|for|about|me on|me about) /.exec(rest);
  if (!on) return { kind: 'invalid', problem: 'Flowwatch did not understand that alert command.' };
  const skip = 1 + on[1].split(' ').length;
  return target(words.slice(skip), raw.slice(skip));
}
