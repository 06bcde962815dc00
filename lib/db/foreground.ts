/**
 * Pages first. The background's slow work that no page waits for (the sentence model's runs, the
 * check of a woken worker's stored library) waits while a page is being read: from its first request (the site switch) through
 * reading it away and matching it, until it asks for its own meaning pass, or for a short hold
 * after its last request (between requests the page reads its article on its own thread). On the
 * 2-core test machine, a pass left running by the page before doubled a demo page's wait for its
 * highlights (162 ms with no model loaded against 315 ms with one).
 *
 * Each tab has at most one meaning pass wanted: the tab's next page request, or closing it, drops it.
 */

/** How long a page may hold the model after its last request: longer than it reads its article in place. */
export const PAGE_HOLD_MS = 1_000;

/** A meaning pass's ticket: wanted until its tab moves on or closes. */
export interface PassTicket {
  wanted(): boolean;
  /** The pass has ended: its tab no longer needs watching. */
  end(): void;
}

export interface Foreground {
  /** Runs one of a page's requests; the tab counts as reading meanwhile and for the hold after. */
  serve<T>(tab: number | null, run: () => Promise<T>): Promise<T>;
  /**
   * The tab counts as reading until its next request (or `ms` at most), and for the hold after: a
   * page that sends its HTML to the offscreen document itself sends the worker nothing while it
   * is read there (lib/messaging/read-away.ts).
   */
  awaitNext(tab: number | null, ms: number): void;
  /** A tab's page asks for its meaning pass: it is drawn, so it holds nothing any more. */
  meaningPass(tab: number | null): PassTicket;
  /** The tab closed. */
  closed(tab: number): void;
  /** Resolves once no page is being read. */
  idle(): Promise<void>;
}

/** The host's clock and timer, and how it reports closed tabs while some pass wants to know. */
export interface ForegroundHost {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  /** Starts calling `closed` for each tab that closes; the returned function stops it. */
  watchClosedTabs?: (closed: (tab: number) => void) => () => void;
  holdMs?: number;
}

/** Creates the tracker. */
export function createForeground(host: ForegroundHost): Foreground {
  const holdMs = host.holdMs ?? PAGE_HOLD_MS;
  /** Per tab: requests under way, and when its hold ends. */
  const reading = new Map<number, { serving: number; until: number }>();
  /** Per tab: the ticket of its wanted pass. */
  const passes = new Map<number, object>();
  let waiters: (() => void)[] = [];
  /** Per tab: ends its wait for its next request (`awaitNext`). */
  const awaiting = new Map<number, () => void>();
  let timerDue = Number.POSITIVE_INFINITY;
  let unwatch: (() => void) | null = null;

  /** When the earliest hold ends, or 0 when nothing holds, or Infinity while a request is served. */
  const busyUntil = (): number => {
    const now = host.now();
    let until = 0;
    for (const [tab, r] of reading) {
      if (r.serving > 0) return Number.POSITIVE_INFINITY;
      if (r.until <= now) reading.delete(tab);
      else until = Math.max(until, r.until);
    }
    return until;
  };
  const wake = () => {
    const until = busyUntil();
    if (until === 0) {
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
      return;
    }
    if (waiters.length && Number.isFinite(until) && until < timerDue) {
      timerDue = until;
      host.setTimeout(
        () => {
          timerDue = Number.POSITIVE_INFINITY;
          wake();
        },
        Math.max(0, until - host.now()),
      );
    }
  };
  const drop = (tab: number) => {
    passes.delete(tab);
    if (passes.size === 0 && unwatch) {
      unwatch();
      unwatch = null;
    }
  };
  const foreground: Foreground = {
    async serve(tab, run) {
      if (tab === null) return run();
      drop(tab);
      const r = reading.get(tab) ?? { serving: 0, until: 0 };
      reading.set(tab, r);
      r.serving += 1;
      awaiting.get(tab)?.();
      try {
        return await run();
      } finally {
        r.serving -= 1;
        // Unless the tab closed or drew meanwhile, it holds for a while after its request.
        if (reading.get(tab) === r) r.until = host.now() + holdMs;
        wake();
      }
    },
    awaitNext(tab, ms) {
      if (tab === null) return;
      void foreground.serve(
        tab,
        () =>
          new Promise<void>((done) => {
            const release = () => {
              if (awaiting.get(tab) === release) awaiting.delete(tab);
              done();
            };
            awaiting.set(tab, release);
            host.setTimeout(release, ms);
          }),
      );
    },
    meaningPass(tab) {
      if (tab === null) return { wanted: () => true, end: () => undefined };
      awaiting.get(tab)?.();
      reading.delete(tab);
      wake();
      const ticket = {};
      passes.set(tab, ticket);
      if (!unwatch && host.watchClosedTabs) unwatch = host.watchClosedTabs(foreground.closed);
      return {
        wanted: () => passes.get(tab) === ticket,
        end: () => {
          if (passes.get(tab) === ticket) drop(tab);
        },
      };
    },
    closed(tab) {
      awaiting.get(tab)?.();
      reading.delete(tab);
      drop(tab);
      wake();
    },
    idle() {
      if (busyUntil() === 0) return Promise.resolve();
      return new Promise((ready) => {
        waiters.push(ready);
        wake();
      });
    },
  };
  return foreground;
}
