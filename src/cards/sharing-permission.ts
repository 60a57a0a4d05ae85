/**
 * `SharingPermission`: 3 = Owner (read/write), 2 = Run-only user (audit-apis.md §3, "Caveats":
 * only 2 and 3 are documented, and the value may arrive as a number or a string).
 */
export function describeSharingPermission(permission: number | null): string | null {
  if (permission === null) return null;
  if (permission === 3) return 'Owner (can edit)';
  if (permission === 2) return 'Run-only user';
  return `Permission ${permission}`;
}
