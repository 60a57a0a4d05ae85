/**
 * Coverage sources: the keys under which the store's sync state records what stretch of event
 * time it holds completely. The sync writes one per content type ("mgmt:Audit.General");
 * `flowwatch import` writes IMPORT_COVERAGE_SOURCE for the ranges its files cover, so answers
 * over imported data are judged by what the files say they cover, not by a sync that never ran.
 */
export const SYNC_COVERAGE_SOURCE = 'mgmt:Audit.General';
export const IMPORT_COVERAGE_SOURCE = 'import:files';
/** The days the backfill read from the Graph audit log query API (issue 12). */
export const BACKFILL_COVERAGE_SOURCE = 'graph:auditLog';
