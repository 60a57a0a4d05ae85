/**
 * Where the inventory's sources live, per cloud, and how often a full pass runs. Hosts are those
 * of Microsoft.PowerApps.Administration.PowerShell's endpoint switch (prod, usgov, usgovhigh, dod:
 * api.flow.microsoft.com, gov.api.flow.microsoft.us, high.api.flow.microsoft.us,
 * api.flow.appsplatform.us; BAP likewise) and its resource map (gov/high.service.flow.microsoft.us);
 * Graph national clouds from Learn "Microsoft Graph national cloud deployments". Every one can be
 * overridden (INVENTORY_*_BASE_URL, INVENTORY_*_SCOPE), e.g. to point at the emulator.
 */
import type { Cloud } from './audit-tenant-config.ts';
import { get, int, oneOf, url, type Env } from './env-readers.ts';

export interface InventoryHosts {
  flowBaseUrl: string;
  flowScope: string;
  bapBaseUrl: string;
  bapScope: string;
  graphBaseUrl: string;
  graphScope: string;
}

export interface InventoryConfig {
  hosts: InventoryHosts;
  /** Hours between full passes (a targeted refresh runs whenever new events name an unknown flow). */
  intervalHours: number;
  /** Resolve owners Graph knows and no CreateFlow names (User.Read.All); off: object ids only. */
  graphLookup: boolean;
  /** Requests at once for targeted refreshes and owner look-ups. */
  concurrency: number;
}

export const INVENTORY_HOSTS: Record<Cloud, InventoryHosts> = {
  commercial: hosts(
    'https://api.flow.microsoft.com',
    'https://service.flow.microsoft.com/',
    'https://api.bap.microsoft.com',
    'https://graph.microsoft.com',
  ),
  gcc: hosts(
    'https://gov.api.flow.microsoft.us',
    'https://gov.service.flow.microsoft.us/',
    'https://gov.api.bap.microsoft.us',
    'https://graph.microsoft.com',
  ),
  gcchigh: hosts(
    'https://high.api.flow.microsoft.us',
    'https://high.service.flow.microsoft.us/',
    'https://high.api.bap.microsoft.us',
    'https://graph.microsoft.us',
  ),
  dod: hosts(
    'https://api.flow.appsplatform.us',
    'https://service.flow.appsplatform.us/',
    'https://api.bap.appsplatform.us',
    'https://dod-graph.microsoft.us',
  ),
};

/** The Flow scope keeps the resource's trailing slash: `https://service.flow.microsoft.com//.default`. */
function hosts(flow: string, flowResource: string, bap: string, graph: string): InventoryHosts {
  return {
    flowBaseUrl: flow,
    flowScope: `${flowResource}/.default`,
    bapBaseUrl: bap,
    bapScope: `${bap}/.default`,
    graphBaseUrl: graph,
    graphScope: `${graph}/.default`,
  };
}

export function loadInventoryConfig(env: Env, cloud: Cloud): InventoryConfig {
  const base = INVENTORY_HOSTS[cloud];
  return {
    hosts: {
      flowBaseUrl: url(env, 'INVENTORY_FLOW_API_BASE_URL') ?? base.flowBaseUrl,
      flowScope: get(env, 'INVENTORY_FLOW_SCOPE') ?? base.flowScope,
      bapBaseUrl: url(env, 'INVENTORY_BAP_API_BASE_URL') ?? base.bapBaseUrl,
      bapScope: get(env, 'INVENTORY_BAP_SCOPE') ?? base.bapScope,
      graphBaseUrl: url(env, 'INVENTORY_GRAPH_BASE_URL') ?? base.graphBaseUrl,
      graphScope: get(env, 'INVENTORY_GRAPH_SCOPE') ?? base.graphScope,
    },
    intervalHours: int(env, 'INVENTORY_INTERVAL_HOURS', 6, 1, 168),
    graphLookup: oneOf(env, 'INVENTORY_GRAPH_LOOKUP', ['on', 'off'], 'on') === 'on',
    concurrency: int(env, 'INVENTORY_CONCURRENCY', 4, 1, 32),
  };
}
