import type { ConnectorTag, FlowRef } from '../model/digest-model.ts';
import { plainText } from './plain-text.ts';

const TONE_COLORS = { good: 'Good', warning: 'Warning', attention: 'Attention' } as const;

/**
 * A TextRun as the card carries it; the template inserts these objects as they are. Only
 * properties that differ from the defaults are set, which keeps a busy digest well under the
 * size limit.
 */
export interface Run {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  color?: 'Attention' | 'Warning' | 'Good' | 'Accent';
  isSubtle?: true;
  underline?: true;
  /** Only https links on Power Platform hosts (safeLink.ts) become actions. */
  selectAction?: { type: 'Action.OpenUrl'; url: string; title: string };
}

export const plain = (text: string, extra: Omit<Partial<Run>, 'type' | 'text'> = {}): Run => ({
  type: 'TextRun',
  text,
  ...extra,
});
export const subtle = (text: string): Run => plain(text, { isSubtle: true });
export const bold = (text: string): Run => plain(text, { weight: 'Bolder' });
const link = (text: string, url: string): Run =>
  plain(text, {
    weight: 'Bolder',
    color: 'Accent',
    underline: true,
    selectAction: { type: 'Action.OpenUrl', url, title: 'Open the flow' },
  });

export function flowRun(flow: FlowRef): Run {
  const name = plainText(flow.flowName, 120) || (flow.flowId ? `Flow ${plainText(flow.flowId, 64)}` : 'Unknown flow');
  return flow.link ? link(name, flow.link) : bold(name);
}

/** " · Suspended: data policy violation", coloured by state; nothing when the inventory does not know the flow. */
export function stateRuns(flow: FlowRef): Run[] {
  if (!flow.stateText) return [];
  const color = !flow.stateTone || flow.stateTone === 'default' ? undefined : TONE_COLORS[flow.stateTone];
  return [subtle(' · '), plain(plainText(flow.stateText, 120), color ? { color } : {})];
}

export function statusRun(status: string | null): Run {
  const s = plainText(status, 40) || 'status unknown';
  if (/^succeeded$/i.test(s)) return plain(s, { color: 'Good' });
  return /fail/i.test(s) ? plain(s, { color: 'Attention' }) : plain(s);
}

export function connectorRun(c: { connector?: string; name?: string; risk: ConnectorTag['risk'] }): Run {
  const name = plainText(c.name ?? c.connector ?? '', 80);
  if (c.risk === 'risky') return plain(`⚠ ${name} (risky)`, { color: 'Attention', weight: 'Bolder' });
  if (c.risk === 'nonMicrosoft') return plain(`${name} (not Microsoft)`, { color: 'Warning' });
  return plain(name);
}

export function connectorLine(label: string, connectors: ConnectorTag[]): Run[] {
  if (connectors.length === 0) return [subtle(`${label}none recorded`)];
  return [
    subtle(label),
    ...connectors.flatMap((c, i) => (i === 0 ? [connectorRun(c)] : [subtle(', '), connectorRun(c)])),
  ];
}

export function connectorChange(
  added: ConnectorTag[] | null,
  removed: ConnectorTag[] | null,
  current: ConnectorTag[],
): Run[][] {
  if (added === null || removed === null) return [connectorLine('Connectors (no earlier state known): ', current)];
  if (added.length === 0 && removed.length === 0) return [[subtle('Connectors unchanged')]];
  return [
    ...(added.length > 0 ? [connectorLine('Added: ', added)] : []),
    ...(removed.length > 0 ? [connectorLine('Removed: ', removed)] : []),
  ];
}

/** Untrusted text cut and cleaned, or the fallback when there is none. */
export function textOr(value: string | null, fallback: string): string {
  return plainText(value, 120) || fallback;
}
