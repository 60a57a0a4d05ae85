import type { KnownOperation } from '../model/flow-event.ts';

/**
 * Friendly names of the Purview Power Automate activities (audit-apis.md §3; admin-needs.md §0):
 * the one wording that cards, the digest and the CLI all show.
 */
const OPERATION_LABELS: Record<KnownOperation, string> = {
  CreateFlow: 'Created',
  EditFlow: 'Edited',
  DeleteFlow: 'Deleted',
  PutPermissions: 'Shared',
  DeletePermissions: 'Unshared',
  StartAPaidTrial: 'Started trial',
  RenewTrial: 'Renewed trial',
};

/** What an empty answer says, per operation asked about. */
const NOTHING_FOUND: Record<KnownOperation, string> = {
  CreateFlow: 'No new flows',
  EditFlow: 'No edited flows',
  DeleteFlow: 'No deleted flows',
  PutPermissions: 'No flows shared',
  DeletePermissions: 'No sharing removed from flows',
  StartAPaidTrial: 'No paid trials started',
  RenewTrial: 'No trials renewed',
};

function isKnown(operation: string): operation is KnownOperation {
  return Object.hasOwn(OPERATION_LABELS, operation);
}

/** "Created" for CreateFlow …; an unknown operation is shown as given. */
export function describeOperation(operation: string): string {
  return isKnown(operation) ? OPERATION_LABELS[operation] : operation;
}

/** "No new flows" when only CreateFlow was asked about; "No flow activity" for several or all. */
export function describeNothingFound(operations: string[]): string {
  const [only] = operations;
  if (operations.length === 1 && only !== undefined) {
    return isKnown(only) ? NOTHING_FOUND[only] : `No ${only} events`;
  }
  return 'No flow activity';
}
