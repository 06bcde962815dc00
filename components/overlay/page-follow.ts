/**
 * Following the page: decides *when* the article must be read again, never how. It owns the
 * MutationObserver on the body, the settle and max-wait timers that batch a burst of changes
 * into one re-read, and the reaction to SPA navigation (WXT's `wxt:locationchange`). News pages
 * keep changing after load (late paragraphs, ads, live tickers), so this is kept apart from the
 * reading pipeline, which it only triggers through `rerun`.
 */
import { isOwnHost, type LiveArticle } from '../../lib/dom/article-region';
import type { Lifetime } from './lifetime';
import type { OverlayContext } from './overlay-context';

/** Quiet time after the last relevant DOM change before re-reading the article. */
const SETTLE_MS = 400;
/** Re-read at the latest after this long even if the page keeps changing. */
const MAX_WAIT_MS = 3000;

/** What page-following asks of the coordinator. */
export interface PageFollowHooks {
  /** Reads the article again and redraws (the coordinator's analysis run). */
  rerun(): Promise<void>;
  /** The document now shows another article: drop the old analysis and everything drawn for it. */
  forgetArticle(): void;
}

/** Watches the page while the overlay is on; everything it starts, `stop()` ends. */
export interface PageFollow {
  /** Registers the SPA navigation listener (through WXT's context, which starts its URL watcher); idempotent. */
  listen(): void;
  /** Starts watching `body` for changes that may alter the article, until `life` ends. */
  observe(life: Lifetime, body: HTMLElement): void;
  /** Stops watching and drops a pending re-read, so nothing runs after the overlay is off. */
  stop(): void;
}

/** Creates the page follower; nothing is watched until `listen()` and `observe()`. */
export function createPageFollow(oc: OverlayContext, hooks: PageFollowHooks): PageFollow {
  const { win } = oc;
  let observer: MutationObserver | null = null;
  let href = win.location.href;
  let watching = false;
  let settleTimer = 0;
  let firstPendingAt = 0;

  const scheduleRerun = () => {
    if (!oc.isActive()) return;
    const now = Date.now();
    if (!settleTimer) firstPendingAt = now;
    oc.life().clearTimeout(settleTimer);
    const wait = Math.max(0, Math.min(SETTLE_MS, firstPendingAt + MAX_WAIT_MS - now));
    settleTimer = oc.life().setTimeout(() => {
      settleTimer = 0;
      void hooks.rerun();
    }, wait);
  };

  const onLocationChange = () => {
    // A new article on the same document: forget the old one entirely.
    hooks.forgetArticle();
    scheduleRerun();
  };

  return {
    listen() {
      if (watching) return;
      watching = true;
      // WXT's URL watcher starts only for a listener registered through its context, which also
      // removes it with the content script. Its event is script-made (never trusted), and a page
      // could dispatch one too: only an address that really changed, read a task later (the
      // Navigation API tells before the address changes), counts.
      oc.ctx.addEventListener(win, 'wxt:locationchange', () => {
        if (!oc.isActive()) return;
        oc.life().setTimeout(() => {
          if (win.location.href === href) return;
          href = win.location.href;
          onLocationChange();
        }, 0);
      });
    },
    observe(life, body) {
      observer = life.observe(
        body,
        { childList: true, subtree: true, characterData: true },
        (records) => {
          if (relevant(records, oc.live())) scheduleRerun();
        },
      );
    },
    stop() {
      oc.life().clearTimeout(settleTimer);
      settleTimer = 0;
      observer?.disconnect();
      observer = null;
    },
  };
}

/**
 * Whether a batch of mutations may have changed the article. Our own UI never counts (it would
 * re-read forever); outside the known article root, only a change bringing or taking a sizeable
 * block of text does, so ads and widgets elsewhere on the page cause no re-read.
 */
function relevant(records: MutationRecord[], live: LiveArticle | null): boolean {
  for (const r of records) {
    const target = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
    if (target && ownUi(target)) continue;
    if (r.type === 'characterData') {
      if (!live || live.root.contains(r.target)) return true;
      continue;
    }
    const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
    for (const n of nodes) {
      if (n.nodeType === 1 && isOwnHost(n as Element)) continue;
      if (
        !live?.root.isConnected ||
        live.root.contains(r.target) ||
        (n.textContent?.length ?? 0) >= 200
      )
        return true;
    }
  }
  return false;
}

/** Whether `el` is inside the overlay's own shadow host. */
function ownUi(el: Element): boolean {
  for (let a: Element | null = el; a; a = a.parentElement) if (isOwnHost(a)) return true;
  return false;
}
