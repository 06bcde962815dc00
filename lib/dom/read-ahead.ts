/**
 * Reading the live page while its article is read away from it. A big page's HTML goes to the
 * extension for Readability (50-200 ms there), and the page's main thread would wait idle; after
 * the answer, finding the article in the live page and reading its text took another 15-75 ms on
 * the critical path. Neither needs the answer's paragraphs to start: the fingerprints of every
 * paragraph-like element and the reading text of the whole body (with each element's range of
 * pieces) are read meanwhile, and the article's container and text are then cut from them. On
 * wikipedia-2 that step went from 45-75 ms to 6-9 (bench/timeline.ts).
 *
 * What was read ahead is used only while the page has not changed it. A mutation observer runs
 * from before the first read: a change to a paragraph (or one added or removed) sends the locating
 * back to the live page, and a change inside the article's container (or an attribute of it or of
 * an ancestor, which can hide it) sends its reading back. Changes elsewhere (ads, menus) do not
 * matter. Style sheets that arrive meanwhile leave no record; they change a reading taken a moment
 * later as much as this one.
 */
import {
  isOwnHost,
  isParagraph,
  MIN_EVIDENCE,
  PARAGRAPHS,
  type Paragraphs,
  locateWithin,
  paragraphsWalk,
  rootWalk,
} from './article-region';
import { blockTextWalk, type BlockText, type PieceRange, type TextPiece } from './block-text';
import { runSliced, STEPS_PER_PAUSE } from './sliced';

/** The attributes the reading's skip rule looks at (./article-region.ts `createReadingSkip`). */
export const SKIP_ATTRIBUTES = ['class', 'id', 'hidden', 'aria-hidden', 'role', 'style'];

/** The part of a MutationObserver this module uses (the overlay's lifetime disconnects it at dispose). */
export interface ChangeLog {
  takeRecords(): MutationRecord[];
  disconnect(): void;
}

/** Watches `target` with `init`, calling back with records (the overlay passes its lifetime's observer). */
export type Observe = (
  target: Node,
  init: MutationObserverInit,
  callback: (records: MutationRecord[]) => void,
) => ChangeLog;

/** More changes than this while reading ahead: the page is too busy to tell them apart, read afresh. */
const MAX_RECORDS = 5_000;

/** A reading of the live page taken while its article is read elsewhere. */
export interface ReadAhead {
  /** Resolves when the reading is done (true) or was stopped first (false). */
  readonly done: Promise<boolean>;
  /** Stops reading (at its next pause); what was read stays usable. */
  stop(): void;
  /** Stops watching the page; nothing read ahead is used after this. */
  release(): void;
  /**
   * The article's container from the paragraphs read ahead, as `locateArticle` finds it now (in
   * slices); undefined when they were not all read, the page changed one, or the run went stale.
   */
  locate(articleText: string): Promise<{ root: Element; coverage: number } | null | undefined>;
  /**
   * `root`'s live text as `readLiveText` reads it now (cut in slices), or null when that cannot be
   * told (read afresh).
   */
  textOf(root: Element): Promise<BlockText | null>;
}

/** Where the reading pauses, and whether it is still wanted (./article-region.ts `Slicing`). */
interface Pacing {
  pause: () => Promise<void>;
  stale: () => boolean;
  sliceMs?: number;
}

/** Starts reading `doc`'s body ahead; null when there is nothing to read or no way to watch it. */
export function readAhead(
  doc: Document,
  skip: (el: Element) => boolean,
  observe: Observe,
  pacing: Pacing,
): ReadAhead | null {
  const body = doc.body;
  if (!body) return null;
  const records: MutationRecord[] = [];
  let overflow = false;
  let stopped = false;
  let released = false;
  const keep = (list: MutationRecord[]) => {
    if (overflow) return;
    if (records.length + list.length > MAX_RECORDS) overflow = true;
    else records.push(...list);
  };
  let log: ChangeLog;
  try {
    log = observe(
      body,
      {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: SKIP_ATTRIBUTES,
      },
      keep,
    );
  } catch {
    return null;
  }
  const changes = (): MutationRecord[] | null => {
    if (released) return null;
    keep(log.takeRecords());
    return overflow ? null : records;
  };

  // Records already found not to touch a paragraph (each is looked at once).
  let clearedUpTo = 0;
  const paragraphsChanged = (): boolean => {
    const seen = changes();
    if (!seen) return true;
    for (; clearedUpTo < seen.length; clearedUpTo++)
      if (touchesParagraphs(seen[clearedUpTo]!)) return true;
    return false;
  };

  let paragraphs: Paragraphs | null = null;
  const readings: { block: BlockText; ranges: Map<Element, PieceRange> }[] = [];
  const stale = () => stopped || pacing.stale();
  const run = async (): Promise<boolean> => {
    paragraphs = await runSliced(paragraphsWalk(body), pacing.pause, stale, pacing.sliceMs);
    if (!paragraphs) return false;
    // Only the part of the page that holds nearly all its paragraphs: reading the whole body slowed
    // Readability, which runs meanwhile on the other core of a 2-core machine, by more than it saved.
    // The article's container is then found inside it, or read afresh.
    const walk = rootWalk(body, allParagraphs(paragraphs), paragraphs);
    const found = await runSliced(walk, pacing.pause, stale, pacing.sliceMs);
    if (stale()) return false;
    const guess = found?.root ?? body;
    // That part first, then apart each element the skip rule passed over (and so on inside them):
    // `readLiveText` never skips its container, and a container can sit inside an element the rule
    // skips (engadget's whole page is inside a "nav_drawer" panel).
    const tops: Element[] = [guess];
    for (let top = tops.shift(); top; top = tops.shift()) {
      const ranges = new Map<Element, PieceRange>();
      const skipped: Element[] = [];
      const container = top;
      const reading = blockTextWalk(top, {
        skip: (el) => el !== container && skip(el),
        ranges,
        skipped,
      });
      const block = await runSliced(reading, pacing.pause, stale, pacing.sliceMs);
      if (!block) return false;
      readings.push({ block, ranges });
      for (const el of skipped) if (!isOwnHost(el)) tops.push(el);
    }
    return true;
  };
  const done = run().catch(() => false);

  return {
    done,
    stop() {
      stopped = true;
    },
    release() {
      stopped = true;
      if (released) return;
      released = true;
      log.disconnect();
    },
    async locate(articleText) {
      if (!paragraphs || paragraphsChanged() || !body.isConnected) return undefined;
      const walk = locateWithin(body, articleText, paragraphs);
      const at = await runSliced(walk, pacing.pause, pacing.stale, pacing.sliceMs);
      // A change while it was worked out counts as much as one before.
      if (paragraphsChanged() || pacing.stale()) return undefined;
      return at;
    },
    async textOf(root) {
      if (!changes() || !root.isConnected || !body.contains(root)) return null;
      const reading = readings.find((r) => r.ranges.has(root));
      if (!reading) return null;
      const walk = cutWalk(reading.block, reading.ranges.get(root)!);
      const block = await runSliced(walk, pacing.pause, pacing.stale, pacing.sliceMs);
      const seen = changes();
      if (!block || !seen || !root.isConnected) return null;
      if (seen.some((r) => changesReadingOf(r, root))) return null;
      return block;
    },
  };
}

/** Every paragraph long enough to be evidence, as if the article held them all. */
function allParagraphs(paragraphs: Paragraphs): { prints: Map<string, number>; total: number } {
  const prints = new Map<string, number>();
  let total = 0;
  for (const [i, print] of paragraphs.prints.entries()) {
    const length = paragraphs.lengths[i]!;
    if (length < MIN_EVIDENCE || prints.has(print)) continue;
    prints.set(print, length);
    total += length;
  }
  return { prints, total };
}

/** Whether a change can alter a paragraph's fingerprint or which elements are paragraphs. */
function touchesParagraphs(r: MutationRecord): boolean {
  if (r.type === 'attributes') return false;
  const at = r.target.nodeType === 1 ? (r.target as Element) : r.target.parentElement;
  // A detached text node's change: where it was is not known any more.
  if (!at) return true;
  if (at.closest(PARAGRAPHS)) return true;
  if (r.type !== 'childList') return false;
  for (const list of [r.addedNodes, r.removedNodes])
    for (const n of Array.from(list)) {
      if (n.nodeType !== 1) continue;
      const el = n as Element;
      if (isParagraph(el) || el.querySelector(PARAGRAPHS)) return true;
    }
  return false;
}

/**
 * Whether a change can alter `root`'s reading: anything inside it, or an attribute of it or of an
 * ancestor (a class or style there can hide it all).
 */
function changesReadingOf(r: MutationRecord, root: Element): boolean {
  const t = r.target;
  if (t === root || root.contains(t)) return true;
  return r.type === 'attributes' && t.contains(root);
}

/**
 * The text and pieces of one element's range, as a reading of that element alone gives them: the
 * pieces moved to the range's first character, a few thousand at a time (the invented 5 MB page
 * has 800,000 of them).
 */
function* cutWalk(block: BlockText, [first, end]: PieceRange): Generator<void, BlockText> {
  if (first >= end) return { text: '', pieces: [] };
  const from = block.pieces[first]!.start;
  const last = block.pieces[end - 1]!;
  const text = block.text.slice(from, last.start + last.length);
  if (from === 0) return { text, pieces: block.pieces.slice(first, end) };
  const pieces: TextPiece[] = new Array(end - first);
  for (let i = first; i < end; i++) {
    if ((i - first + 1) % (STEPS_PER_PAUSE * 16) === 0) yield;
    const p = block.pieces[i]!;
    pieces[i - first] = {
      node: p.node,
      start: p.start - from,
      nodeStart: p.nodeStart,
      length: p.length,
    };
  }
  return { text, pieces };
}
