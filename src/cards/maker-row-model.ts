import { plural } from '../model/plural.ts';
import type { MakerGroup } from '../queries/query.ts';
import { describeEnvironment } from './describe-environment.ts';
import { plainText } from './plain-text.ts';
import { chooseFlowLink } from './safe-link.ts';

const MAX_FLOWS_PER_MAKER = 8;

/** Everything cards/result-maker.json binds to, for one maker. */
export interface MakerRowModel {
  maker: string;
  countText: string;
  flows: Array<{ flow: string; hasLink: boolean; link: string; detail: string }>;
}

export function buildMakerRow(group: MakerGroup): MakerRowModel {
  const flows = group.flows.slice(0, MAX_FLOWS_PER_MAKER).map((f) => {
    const link = chooseFlowLink(f.detailsUrl, f.environmentId, f.flowId);
    const where = f.environment ?? (f.environmentId ? describeEnvironment(f.environmentId) : null);
    const env = where ? ` in ${plainText(where, 150)}` : '';
    const state = f.stateText ? `, ${plainText(f.stateText, 120)}` : '';
    return {
      flow: plainText(f.flowName, 150) || `flow ${plainText(f.flowId, 100)}`,
      hasLink: link !== null,
      link: link ?? '',
      detail: `(${plural(f.count, 'event')}${state})${env}`,
    };
  });
  const hidden = group.flows.length - flows.length;
  if (hidden > 0) flows.push({ flow: `and ${plural(hidden, 'more flow')}`, hasLink: false, link: '', detail: '' });
  return {
    maker: plainText(group.maker, 120) || 'unknown user',
    countText: plural(group.count, 'event'),
    flows,
  };
}
