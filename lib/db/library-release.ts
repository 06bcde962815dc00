/**
 * Letting an idle prepared library go. Chromium keeps a worker running while events reach it, and
 * the worker hears every tab update (lib/messaging/wake.ts): a tab whose title ticks keeps it
 * running with no page to match, where a stopped worker would have let its library go after 30 s.
 * The next page reads it back from the stored index, as a woken worker does.
 */

/** A prepared library nobody asked for in this long is let go (ms). */
export const LIBRARY_RELEASE_MS = 180_000;

/** What the release looks at: whether a library is held, whether work still waits on it. */
export interface Releasable {
  held: () => boolean;
  /** A change, a write or kept details that still wait on the library. */
  busy: () => boolean;
  release: () => void;
}

/**
 * Releases the library once `releaseMs` passed without a call of the function returned (to be
 * called whenever the library is asked for) and nothing waits on it. One look is due at a time.
 */
export function idleRelease(releaseMs: number, library: Releasable): () => void {
  let lastAsked = 0;
  let due = false;
  const look = () => {
    due = false;
    if (!library.held()) return;
    const idle = Date.now() - lastAsked;
    if (idle < releaseMs || library.busy()) {
      due = true;
      setTimeout(look, Math.max(releaseMs - idle, Math.min(releaseMs, 1_000)));
      return;
    }
    library.release();
  };
  return () => {
    lastAsked = Date.now();
    if (due) return;
    due = true;
    setTimeout(look, releaseMs);
  };
}
