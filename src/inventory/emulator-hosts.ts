/**
 * The inventory's hosts when the sources are the local tenant emulator (demo mode, tests): every
 * API at the emulator's URL, scopes as a real commercial tenant writes them (the emulator checks
 * each token's audience against them).
 */
import { INVENTORY_HOSTS, type InventoryHosts } from '../config/inventory-config.ts';

export function emulatorInventoryHosts(emulatorUrl: string): InventoryHosts {
  const url = emulatorUrl.replace(/\/+$/, '');
  return { ...INVENTORY_HOSTS.commercial, flowBaseUrl: url, bapBaseUrl: url, graphBaseUrl: url };
}
