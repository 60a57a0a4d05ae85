/**
 * How a beat (the lease keeper's renewal, the sync loop's interval) schedules its next run, so
 * that tests can drive the beat with their clock instead of waiting on real time.
 */

/**
 * Runs `run` once after `ms` and returns a function that cancels it. `run` settles once the
 * beat's work is done and its next run is scheduled, so a manual timer can await it.
 */
export type SetTimer = (run: () => Promise<void>, ms: number) => () => void;

/**
 * The real timer (setTimeout). `unref` lets the process exit while it is pending; a rejection of
 * `run` is left unhandled, as a crash of the beat should be loud.
 */
export function nodeTimer(options: { unref: boolean }): SetTimer {
  return (run, ms) => {
    const timer = setTimeout(() => void run(), ms);
    if (options.unref) timer.unref();
    return () => clearTimeout(timer);
  };
}
