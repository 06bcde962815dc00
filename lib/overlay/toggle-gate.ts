/**
 * One keypress, one toggle. Alt+Shift+H reaches the overlay two ways: the page's own key handler
 * and the browser command `toggle-overlay` (forwarded by the background). A browser that delivers
 * the same keypress both ways would switch the overlay off and straight back on; the gate lets the
 * first through and drops the other within a short window. Pure, so tests drive the clock.
 */

/** Where a toggle request came from. */
export type ToggleOrigin = 'key' | 'command' | 'other';

/** Two deliveries of one keypress arrive well within this many milliseconds of each other. */
export const SAME_KEYPRESS_MS = 500;

/** Returns `allow(origin, now)`: false when this request is the second delivery of a keypress already acted on. */
export function createToggleGate(
  windowMs = SAME_KEYPRESS_MS,
): (origin: ToggleOrigin, now: number) => boolean {
  let last: { origin: ToggleOrigin; at: number } | null = null;
  return (origin, now) => {
    const twin =
      last !== null &&
      origin !== 'other' &&
      last.origin !== 'other' &&
      last.origin !== origin &&
      now - last.at < windowMs;
    // A dropped twin consumes the pair, so the next genuine keypress always counts.
    last = twin ? null : { origin, at: now };
    return !twin;
  };
}
