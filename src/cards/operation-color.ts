/** Adaptive Card colour of an operation's label: additions green, removals red, sharing amber. */
export function operationColor(operation: string): 'Good' | 'Accent' | 'Attention' | 'Warning' | 'Default' {
  switch (operation) {
    case 'CreateFlow':
      return 'Good';
    case 'EditFlow':
      return 'Accent';
    case 'DeleteFlow':
      return 'Attention';
    case 'PutPermissions':
    case 'DeletePermissions':
      return 'Warning';
    default:
      return 'Default';
  }
}
