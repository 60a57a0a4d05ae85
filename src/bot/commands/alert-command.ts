/**
 * The chat commands that manage a channel's alerts, read before the question parser (like the
 * digest's). Pure and linear: the text is cut to MAX_COMMAND_CHARS and split on spaces once; what
 * follows "alert on" is read by parseAlertTarget (src/model/alert-target.ts), as ALERT_DEFAULT_RULES is.
 *
 *   alert on HTTP                        a connector or its family (HTTP, HTTP Webhook, …)
 *   alert on custom connectors           custom or third-party connectors
 *   alert on premium connectors          answered: the inventory does not know tiers
 *   alert on sharing with guests         a flow shared with someone outside the tenant's domains
 *   alert on new flows by <maker UPN>
 *   alerts off | alerts status
 */
import type { AlertCommand } from '../../model/alert-rule.ts';
import { parseAlertTarget } from '../../model/alert-target.ts';

export type { AlertCommand } from '../../model/alert-rule.ts';

export const ALERT_USAGE =
  'Say "alert on HTTP" (any connector or family), "alert on custom connectors", "alert on sharing with guests", "alert on new flows by someone@contoso.com", "alerts status" or "alerts off".';

/** Longer than this a message is not an alert command (a connector name is at most 80 characters). */
const MAX_COMMAND_CHARS = 200;

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
  return parseAlertTarget(raw.slice(skip));
}
