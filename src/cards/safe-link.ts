/**
 * Links on cards go only to Power Platform portals over https. Audit records and the store are
 * untrusted input: a `FlowDetailsUrl` naming any other host is dropped rather than linked.
 * Hosts: commercial, GCC, GCC High and DoD maker and admin portals (audit-apis.md §3.4).
 */
const ALLOWED_HOSTS = new Set([
  'make.powerautomate.com',
  'flow.microsoft.com',
  'admin.powerplatform.microsoft.com',
  'make.powerapps.com',
  // GCC
  'make.gov.powerautomate.us',
  'gov.flow.microsoft.us',
  'make.gov.powerapps.us',
  'gcc.admin.powerplatform.microsoft.us',
  // GCC High
  'make.high.powerautomate.us',
  'high.flow.microsoft.us',
  'make.high.powerapps.us',
  'high.admin.powerplatform.microsoft.us',
  // DoD
  'make.powerautomate.appsplatform.us',
  'flow.appsplatform.us',
  'make.apps.appsplatform.us',
  'admin.appsplatform.us',
]);

/** Legacy regional and admin portals such as emea.flow.microsoft.com, admin.flow.microsoft.com. */
const ALLOWED_SUFFIXES = ['.flow.microsoft.com'];

const ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

/**
 * https, a lower-case host of plain labels, no port or credentials, and a path of letters, digits,
 * `-`, `_`, `~` and `/` (no dot segments, escapes, query or fragment): URL would return such a link
 * unchanged, so it is checked without parsing (a URL object per card row was a tenth of a result
 * card's allocations). Punycode labels are left to URL, which validates them.
 */
const PLAIN_HTTPS_URL = /^https:\/\/(?!xn--)[a-z0-9-]+(?:\.(?!xn--)[a-z0-9-]+)+\/[A-Za-z0-9\-_~/]*$/;

function isAllowedHost(host: string): boolean {
  return (
    ALLOWED_HOSTS.has(host) ||
    ALLOWED_SUFFIXES.some((s) => host.endsWith(s) && /^[a-z0-9-]+$/.test(host.slice(0, -s.length)))
  );
}

/** The URL, normalized, when it is https on an allowed host with no credentials or port; else null. */
export function toSafeLink(url: string | null | undefined): string | null {
  if (!url) return null;
  if (PLAIN_HTTPS_URL.test(url))
    return isAllowedHost(url.slice('https://'.length, url.indexOf('/', 'https://'.length))) ? url : null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return null;
  return isAllowedHost(parsed.hostname.toLowerCase()) ? parsed.href : null;
}

/** The maker portal's flow page, built from ids that look like ids (never from free text). */
export function buildMakerFlowLink(environmentId: string | null, flowId: string | null): string | null {
  if (!environmentId || !flowId || !ID.test(environmentId) || !ID.test(flowId)) return null;
  return `https://make.powerautomate.com/environments/${environmentId}/flows/${flowId}/details`;
}

/** `FlowDetailsUrl` when it is safe, else the maker link from the ids, else no link. */
export function chooseFlowLink(
  detailsUrl: string | null,
  environmentId: string | null,
  flowId: string | null,
): string | null {
  return toSafeLink(detailsUrl) ?? buildMakerFlowLink(environmentId, flowId);
}
