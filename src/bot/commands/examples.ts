/**
 * Example questions: the help card lists them, and unknown text is answered with the ones
 * closest to it. Each one parses (test/commands/parse.test.ts checks).
 */
export const EXAMPLE_QUESTIONS: readonly string[] = [
  'new flows today',
  'who edited flows this week',
  'deleted flows yesterday',
  'permission changes last 7 days',
  'who shared flows this month',
  'unshared flows last week',
  'trials this month',
  'flows using HTTP this week',
  'flows using HTTP with Microsoft Entra ID last 30 days',
  'flows by avery@contoso.com last week',
  'how many flows were created this week',
  'connectors used this week',
  'connectors used in new flows this month',
  'new flows in Europe/Berlin yesterday',
  'edited flows since 2026-11-01',
  'deleted flows on 2026-11-20',
];
