const LABELS: Record<string, string> = {
  CreateFlow: 'Created',
  EditFlow: 'Edited',
  DeleteFlow: 'Deleted',
  PutPermissions: 'Shared',
  DeletePermissions: 'Unshared',
  StartAPaidTrial: 'Trial started',
  RenewTrial: 'Trial renewed',
};

/** A short label for an audit operation ("Edited"); operations we do not know keep their name. */
export function operationLabel(operation: string): string {
  return LABELS[operation] ?? operation;
}
