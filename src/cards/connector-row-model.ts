import type { GroupCount } from '../model/event-query.ts';
import { plural } from '../model/plural.ts';
import type { CardContext } from './card-context.ts';
import { assessConnector } from './connector-risk.ts';
import { describeEnvironment } from './describe-environment.ts';
import { plainText } from './plain-text.ts';
import type { EnvironmentCount } from '../queries/query.ts';

/** Everything cards/result-connector.json binds to, for one connector (or one environment: a name and a count). */
export interface ConnectorRowModel {
  connector: string;
  color: string;
  flag: string;
  countText: string;
}

export function buildConnectorRow(count: GroupCount, ctx: Pick<CardContext, 'riskyConnectors'>): ConnectorRowModel {
  const risk = assessConnector(count.key, ctx.riskyConnectors);
  return {
    connector: plainText(count.key, 80) || '(no connector name)',
    color: risk === 'risky' ? 'Attention' : risk === 'nonMicrosoft' ? 'Warning' : 'Default',
    flag: risk === 'risky' ? '  ⚠ risky' : risk === 'nonMicrosoft' ? '  ⚠ not Microsoft' : '',
    countText: plural(count.count, 'event'),
  };
}

/** An environment's row has the connector row's shape: its name (audit records give only ids) and its count. */
export function buildEnvironmentRow(count: EnvironmentCount): ConnectorRowModel {
  const name = plainText(count.label, 150) || describeEnvironment(count.key || null);
  return {
    connector: name.charAt(0).toUpperCase() + name.slice(1),
    color: 'Default',
    flag: '',
    countText: plural(count.count, 'event'),
  };
}
