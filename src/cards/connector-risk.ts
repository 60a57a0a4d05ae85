/**
 * Which connectors a card flags. `risky`: named in RISKY_CONNECTORS (case-insensitive).
 * `nonMicrosoft`: a name we do not recognize as a Microsoft connector or built-in operation.
 *
 * Why the heuristic: `FlowConnectorNames` carries display names only (audit-apis.md §3), with
 * no publisher and no "custom" marker. Microsoft's connectors keep fixed display names, while a
 * custom connector carries whatever its maker called it. So a name missing from the list below
 * is a custom connector or a third-party one: either way data may leave Microsoft 365, which is
 * worth an admin's look, and the card says "not a Microsoft connector", not "custom".
 */
export type ConnectorRisk = 'risky' | 'nonMicrosoft' | 'none';

const KNOWN_MICROSOFT_CONNECTORS = new Set(
  [
    // Built-in triggers and actions
    'Recurrence', 'Schedule', 'Request', 'Response', 'Button', 'Manually trigger a flow', 'Flow button for mobile',
    'HTTP', 'HTTP Webhook', 'HTTP with Microsoft Entra ID', 'HTTP with Microsoft Entra ID (preauthorized)', 'HTTP with Azure AD',
    'Control', 'Condition', 'Variables', 'Data Operation', 'Data Operations', 'Compose', 'Date Time', 'Number Functions',
    'Text Functions', 'Notifications', 'Mail', 'Approvals', 'Content Conversion', 'OpenApiConnection', 'RSS', 'SMTP', 'FTP',
    'SFTP', 'SFTP - SSH', 'File System', 'MSN Weather', 'Bing Search', 'Bing Maps',
    // Microsoft 365
    'Office 365 Outlook', 'Outlook.com', 'Outlook Tasks', 'Office 365 Users', 'Office 365 Groups', 'Office 365 Groups Mail',
    'SharePoint', 'OneDrive', 'OneDrive for Business', 'Microsoft Teams', 'Excel Online (Business)', 'Excel Online (OneDrive)',
    'Word Online (Business)', 'OneNote (Business)', 'Microsoft Forms', 'Planner', 'Microsoft To-Do (Business)',
    'Microsoft To Do (Business)', 'Microsoft To-Do (Consumer)', 'Microsoft Bookings', 'Microsoft Loop', 'Shifts for Microsoft Teams',
    'Viva Engage', 'Yammer', 'Microsoft Kaizala', 'Microsoft 365 message center', 'Microsoft Graph Security',
    // Power Platform and Dynamics
    'Microsoft Dataverse', 'Dataverse', 'Microsoft Dataverse (legacy)', 'Common Data Service', 'Common Data Service (current environment)',
    'Dynamics 365', 'Dynamics 365 Business Central', 'Dynamics 365 Customer Voice', 'Dynamics 365 Sales Insights',
    'Power BI', 'Power Apps', 'Power Apps for Admins', 'Power Apps for Makers', 'Power Automate Management',
    'Power Automate for Admins', 'Power Platform for Admins', 'Power Platform for Admins V2', 'Power Query Dataflows',
    'Power Virtual Agents', 'Microsoft Copilot Studio', 'AI Builder', 'Desktop flows', 'Power Pages',
    // Azure and security
    'Microsoft Entra ID', 'Azure AD', 'Azure Blob Storage', 'Azure File Storage', 'Azure Queues', 'Azure Table Storage',
    'Azure Key Vault', 'Azure DevOps', 'Azure Automation', 'Azure Resource Manager', 'Azure Data Factory', 'Azure Event Grid',
    'Azure Event Hubs', 'Event Hubs', 'Service Bus', 'Azure Cosmos DB', 'Azure Log Analytics', 'Azure Monitor Logs',
    'Azure Data Explorer', 'Azure OpenAI', 'Azure AI Document Intelligence', 'Form Recognizer', 'Computer Vision API',
    'Text Analytics', 'Microsoft Translator', 'Microsoft Translator V2', 'Translator V3', 'SQL Server',
    'Microsoft Sentinel', 'Microsoft Defender for Cloud Apps', 'Microsoft Defender ATP', 'Microsoft Intune',
  ].map((name) => name.toLowerCase()),
);

export function assessConnector(name: string, riskyConnectors: readonly string[]): ConnectorRisk {
  const key = name.trim().toLowerCase();
  if (riskyConnectors.some((r) => r.trim().toLowerCase() === key)) return 'risky';
  return KNOWN_MICROSOFT_CONNECTORS.has(key) ? 'none' : 'nonMicrosoft';
}
