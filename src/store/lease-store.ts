/**
 * Named leases in the shared database: what lets one replica sync and one send each digest
 * (src/replicas/ keeps, renews and releases them). A claim is one conditional upsert, so two
 * replicas asking at the same moment cannot both win.
 */
export interface LeaseStore {
  /**
   * Takes a free or expired lease, or renews `holder`'s own, until now + ttlMs; says whether
   * `holder` holds it afterwards and, when not, who does.
   */
  claim(name: string, holder: string, ttlMs: number, now: Date): Promise<LeaseClaim>;
  /** Gives the lease up if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
}

export interface LeaseClaim {
  /** True when `holder` holds the lease after the call. */
  won: boolean;
  /** Who holds it after the call: `holder` when won, else the other unexpired holder (null when not known). */
  holder: string | null;
}
