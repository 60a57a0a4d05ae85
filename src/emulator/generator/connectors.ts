/**
 * Connector display names as `FlowConnectorNames` lists them ("Recurrence, Office 365 Outlook,
 * SharePoint"; audit-apis.md fixture (b)), and how an edit changes a flow's set.
 */
import type { Random } from '../random.ts';

const TRIGGER_ONLY: ReadonlyArray<readonly [string | null, number]> = [
  ['Recurrence', 35],
  ['Request', 12],
  [null, 53],
];

const ACTIONS: ReadonlyArray<readonly [string, number]> = [
  ['Office 365 Outlook', 10],
  ['SharePoint', 10],
  ['Microsoft Teams', 8],
  ['Approvals', 6],
  ['Office 365 Users', 6],
  ['Excel Online (Business)', 5],
  ['OneDrive for Business', 5],
  ['Dataverse', 4],
  ['SQL Server', 2],
  ['HTTP', 3],
  ['HTTP with Microsoft Entra ID', 1],
  // Custom connectors carry whatever name their maker gave them.
  ['Contoso Orders API', 1],
  ['Fabrikam Inventory Connector', 1],
];

/** Edits add HTTP far more often than its share of new flows: the case admins watch for. */
const ADDED_BY_EDIT: ReadonlyArray<readonly [string, number]> = [...ACTIONS, ['HTTP', 8]];

export function pickInitialConnectors(rng: Random): string[] {
  const trigger = rng.weighted(TRIGGER_ONLY);
  const names: string[] = trigger ? [trigger] : [];
  const wanted = names.length + rng.int(1, 4);
  // Bounded tries: a repeated pick is skipped, so a flow may end up with fewer actions.
  for (let tries = 0; tries < 12 && names.length < wanted; tries++) {
    const name = rng.weighted(ACTIONS);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The set after an edit: mostly unchanged, sometimes one connector added or removed. */
export function editConnectors(rng: Random, current: readonly string[]): string[] {
  const change = rng.weighted([
    ['same', 60],
    ['add', 28],
    ['remove', 12],
  ] as const);
  if (change === 'add') {
    const name = rng.weighted(ADDED_BY_EDIT);
    return current.includes(name) ? [...current] : [...current, name];
  }
  if (change === 'remove' && current.length > 1) {
    const removable = current.filter((c) => c !== 'Recurrence' && c !== 'Request');
    if (removable.length > 1) {
      const drop = rng.pick(removable);
      return current.filter((c) => c !== drop);
    }
  }
  return [...current];
}
