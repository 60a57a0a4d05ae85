/**
 * Connector display names by API name. Audit records' `FlowConnectorNames` list display names
 * ("Recurrence, Office 365 Outlook, SharePoint"; audit-apis.md fixture (b)), while Dataverse
 * `clientdata.properties.connectionReferences` names each connector by `api.name`
 * (`shared_sharepointonline`; reference flow-inventory.md §3). One table, so the emulator writes
 * and the inventory reads the same names and an event and its flow agree.
 * API names are those of the Power Platform connectors reference (learn.microsoft.com/connectors).
 */
const DISPLAY_NAMES: Readonly<Record<string, string>> = {
  shared_office365: 'Office 365 Outlook',
  shared_sharepointonline: 'SharePoint',
  shared_teams: 'Microsoft Teams',
  shared_approvals: 'Approvals',
  shared_office365users: 'Office 365 Users',
  shared_excelonlinebusiness: 'Excel Online (Business)',
  shared_onedriveforbusiness: 'OneDrive for Business',
  shared_commondataserviceforapps: 'Dataverse',
  shared_sql: 'SQL Server',
  shared_webcontents: 'HTTP with Microsoft Entra ID',
};

/** Built-in operations are no connection references; Dataverse names them by trigger/action type. */
const BUILT_IN: Readonly<Record<string, string>> = { Recurrence: 'Recurrence', Request: 'Request', Http: 'HTTP' };

const API_NAMES = new Map(Object.entries(DISPLAY_NAMES).map(([api, display]) => [display, api]));

/** The display name of a connection reference; `fallback` (its own displayName) for custom connectors. */
export function connectorDisplayName(apiName: string, fallback?: string | null): string {
  return DISPLAY_NAMES[apiName] ?? BUILT_IN[apiName] ?? fallback ?? apiName;
}

/** The API name of a display name, or null for a built-in trigger or action (HTTP, Recurrence, Request). */
export function connectorApiName(displayName: string): string | null {
  return API_NAMES.get(displayName) ?? null;
}

/** The built-in kind ("Recurrence", "Request", "Http") Dataverse's definition gives a display name, if any. */
export function builtInKind(displayName: string): string | null {
  return Object.entries(BUILT_IN).find(([, d]) => d === displayName)?.[0] ?? null;
}
