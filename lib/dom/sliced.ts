/**
 * Long DOM walks in short tasks. A walk is written once, as a generator that pauses (`yield`) every
 * so often; run to its end it is the plain synchronous function, and run sliced it gives the page
 * its main thread back whenever a slice has used its time. Pausing is a promise the caller makes
 * (the overlay's "yield to the page"), so this module holds no timers of its own.
 */

/** Steps a walk takes between two looks at the clock (each look is a `yield`). */
export const STEPS_PER_PAUSE = 256;

/** How long a slice may run before the page gets its thread back (a long task is 50 ms). */
export const SLICE_MS = 12;

/** Runs a walk to its end at once. */
export function runToEnd<T>(walk: Generator<void, T>): T {
  for (;;) {
    const r = walk.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs a walk in slices of about `sliceMs`, awaiting `pause()` between them. `stale()` is asked at
 * every pause: when it says the result is no longer wanted (a newer run, the overlay switched off),
 * the walk stops and the result is null.
 */
export async function runSliced<T>(
  walk: Generator<void, T>,
  pause: () => Promise<void>,
  stale: () => boolean = () => false,
  sliceMs = SLICE_MS,
): Promise<T | null> {
  let started = performance.now();
  for (;;) {
    const r = walk.next();
    if (r.done) return r.value;
    if (performance.now() - started < sliceMs) continue;
    await pause();
    if (stale()) return null;
    started = performance.now();
  }
}
