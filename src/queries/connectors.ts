/**
 * Connector display names as they appear in `FlowConnectorNames` (audit-apis.md §3.3), so a
 * question that says "http" or "sharepoint" filters on the spelling the records carry. A name
 * not in this list is still accepted, taken as the user wrote it.
 */
export const KNOWN_CONNECTORS = [
  'Approvals',
  'Azure Blob Storage',
  'Azure Key Vault',
  'Content Conversion',
  'Dropbox',
  'Excel Online (Business)',
  'Gmail',
  'Google Drive',
  'HTTP',
  'HTTP Webhook',
  'HTTP with Microsoft Entra ID',
  'Mail',
  'Microsoft Dataverse',
  'Microsoft Entra ID',
  'Microsoft Forms',
  'Microsoft Teams',
  'Microsoft To Do (Business)',
  'Notifications',
  'Office 365 Groups',
  'Office 365 Outlook',
  'Office 365 Users',
  'OneDrive',
  'OneDrive for Business',
  'Outlook.com',
  'Planner',
  'Power BI',
  'Recurrence',
  'Request',
  'Salesforce',
  'SharePoint',
  'Slack',
  'SQL Server',
  'Twitter',
] as const;

/** Former or informal names, lower-case, mapped to the current display name. */
const ALIASES: Record<string, string> = {
  'http with azure ad': 'HTTP with Microsoft Entra ID',
  'http with azure active directory': 'HTTP with Microsoft Entra ID',
  'http with entra id': 'HTTP with Microsoft Entra ID',
  'azure ad': 'Microsoft Entra ID',
  'azure active directory': 'Microsoft Entra ID',
  'entra id': 'Microsoft Entra ID',
  'common data service': 'Microsoft Dataverse',
  dataverse: 'Microsoft Dataverse',
  teams: 'Microsoft Teams',
  outlook: 'Office 365 Outlook',
  excel: 'Excel Online (Business)',
  forms: 'Microsoft Forms',
  'sharepoint online': 'SharePoint',
  'http request': 'HTTP',
  sql: 'SQL Server',
  'sql database': 'SQL Server',
  'azure sql': 'SQL Server',
};

/**
 * What admins mean by a connector name that heads a family: "flows using HTTP" asks about every
 * way a flow calls out over HTTP, not only the connector named exactly "HTTP". The names are
 * those FlowConnectorNames carries. A family's other members, said in full, mean just themselves.
 */
const FAMILIES: Record<string, readonly string[]> = {
  HTTP: ['HTTP', 'HTTP with Microsoft Entra ID', 'HTTP Webhook'],
  OneDrive: ['OneDrive', 'OneDrive for Business'],
};

/** The connector names a question about `connector` covers: its family, else the name itself. */
export function connectorNamesFor(connector: string): string[] {
  const known = BY_LOWER.get(connector.trim().toLowerCase()) ?? connector;
  return [...(FAMILIES[known] ?? [known])];
}

const BY_LOWER = new Map<string, string>([
  ...KNOWN_CONNECTORS.map((name) => [name.toLowerCase(), name] as [string, string]),
  ...Object.entries(ALIASES),
]);

/** Every word of the known names and aliases, lower-case. */
export const CONNECTOR_NAME_WORDS = [...new Set([...BY_LOWER.keys()].flatMap((name) => name.split(' ')))];

/** Words in the longest known name or alias: no name can use more of a question than this. */
const MAX_NAME_WORDS = Math.max(...[...BY_LOWER.keys()].map((name) => name.split(' ').length));

/**
 * The longest known connector name (or alias) that the words from `start` start with,
 * case-insensitively, with how many words it used; null when none fits. "HTTP with Microsoft
 * Entra ID by …" gives the Entra connector, not plain HTTP. Looks at MAX_NAME_WORDS words at
 * most, so a call costs the same however long the question is.
 */
export function matchConnectorPrefix(words: string[], start = 0): { name: string; wordCount: number } | null {
  for (let n = Math.min(MAX_NAME_WORDS, words.length - start); n > 0; n--) {
    const name = BY_LOWER.get(
      words
        .slice(start, start + n)
        .join(' ')
        .toLowerCase(),
    );
    if (name) return { name, wordCount: n };
  }
  return null;
}
