/**
 * What an alert rule is on, from the words after "alert on" in chat (src/bot/commands/alert-command.ts)
 * or one item of ALERT_DEFAULT_RULES (src/config/alert-config.ts): one parser, so a default rule
 * means what the same words mean in chat. Pure and linear: each pattern is anchored with no
 * nested repetition.
 */
import type { AlertCommand } from './alert-rule.ts';

const UPN = /^[^\s@]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/;
const CONNECTOR_NAME = /^[\p{L}\p{N}][\p{L}\p{N} .()&/+-]{0,79}$/u;

/** `raw`: the words as written (a connector keeps its casing); an 'add', 'premium' or 'invalid' command. */
export function parseAlertTarget(raw: readonly string[]): AlertCommand {
  const text = raw.map((w) => w.toLowerCase()).join(' ');
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
