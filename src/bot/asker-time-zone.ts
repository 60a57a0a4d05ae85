/**
 * The asker's IANA time zone. Teams sends it on every activity as `localTimezone`, and clients
 * also put it in a `clientInfo` entity (teams-platform.md §2; DESIGN.md "Queries"); a missing or
 * unknown zone falls back to the configured default.
 */
import { isKnownTimeZone } from '../model/known-time-zone.ts';

interface TimeZoneSource {
  localTimezone?: unknown;
  entities?: unknown;
}

function validZone(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 && isKnownTimeZone(value) ? value : null;
}

function clientInfoZone(entities: unknown): string | null {
  if (!Array.isArray(entities)) return null;
  for (const entity of entities as Array<{ type?: unknown; timezone?: unknown } | null>) {
    if (entity && entity.type === 'clientInfo') {
      const zone = validZone(entity.timezone);
      if (zone) return zone;
    }
  }
  return null;
}

export function askerTimeZone(activity: TimeZoneSource, fallback: string): string {
  return validZone(activity.localTimezone) ?? clientInfoZone(activity.entities) ?? fallback;
}
