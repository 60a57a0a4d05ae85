/** Subscription state per content type (audit-apis.md §1.4). Webhooks are not emulated. */
export const CONTENT_TYPES = [
  'Audit.AzureActiveDirectory',
  'Audit.Exchange',
  'Audit.SharePoint',
  'Audit.General',
  'DLP.All',
] as const;

export type SubscriptionState = 'enabled' | 'disabled' | 'none';

export class Subscriptions {
  private readonly states = new Map<string, Exclude<SubscriptionState, 'none'>>();

  /** Exact match on purpose: a client that gets the spelling wrong should find out here. */
  static isContentType(contentType: string): boolean {
    return (CONTENT_TYPES as readonly string[]).includes(contentType);
  }

  state(contentType: string): SubscriptionState {
    return this.states.get(contentType) ?? 'none';
  }

  /** False when it was already enabled (the service answers AF20024). */
  start(contentType: string): boolean {
    if (this.states.get(contentType) === 'enabled') return false;
    this.states.set(contentType, 'enabled');
    return true;
  }

  stop(contentType: string): void {
    if (this.states.has(contentType)) this.states.set(contentType, 'disabled');
  }

  list(): Array<{ contentType: string; status: string; webhook: null }> {
    return [...this.states].map(([contentType, status]) => ({ contentType, status, webhook: null }));
  }
}
