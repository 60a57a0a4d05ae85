/** Display names makers give flows. */
import type { Random } from '../random.ts';

const PATTERNS = [
  'Approval for {x}',
  'Save {x} attachments to SharePoint',
  'Daily {x} report',
  'Notify Teams about new {x}',
  'Sync {x} to SQL',
  'Forward {x} emails',
  'Archive old {x}',
  'Weekly {x} reminder',
  'Copy {x} to OneDrive',
  'Escalate overdue {x}',
];
const SUBJECTS = [
  'invoices',
  'expense reports',
  'purchase orders',
  'leave requests',
  'new hires',
  'support tickets',
  'contracts',
  'timesheets',
  'site visits',
  'vendor forms',
];

export function pickFlowName(rng: Random): string {
  return rng.pick(PATTERNS).replace('{x}', rng.pick(SUBJECTS));
}
