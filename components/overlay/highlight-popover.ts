/**
 * The popover of a highlight and the ways to reach it: owns the hover timers (open after a short
 * hover, close after a grace time so the pointer can cross into the popover), the click that pins
 * a popover, the keyboard user's current item with the navigator's focus, and what the popover
 * offers: the source in context, saving the match as an annotation, or dismissing it as no match.
 * Kept together because they share one rule: at most one popover, and focus returns to where the
 * keyboard user was.
 */
import { describeSelection } from '../../lib/anchoring/index';
import { isOwnHost } from '../../lib/dom/article-region';
import { diffReadable } from '../../lib/diff/compare';
import { wordDiff } from '../../lib/diff/word-diff';
import { matchKey } from '../../lib/messages';
import { kindWords, passageInContext, step } from '../../lib/overlay/model';
import type { Match } from '../../lib/types';
import type { HighlightDrawing } from './highlight-drawing';
import type { Lifetime } from './lifetime';
import type { OverlayContext } from './overlay-context';
import type { PopoverAnchor } from './popover-placement';
import type { ActorQuotes, CurrentItem, PopoverModel } from './types';

/** Hover delay before a popover opens, and grace time before a hover popover closes. */
const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 350;

/** What the popover asks of the coordinator. */
export interface PopoverHooks {
  /** Whether hover popovers must stay away: the reader is selecting text or has a selection offered. */
  hoverBlocked(): boolean;
  /** The reader dismissed `match` (already removed from the drawing): drop it from the analysis. */
  dismissed(match: Match): void;
}

/** What the overlay UI shows of the popover and the keyboard position. */
export interface PopoverView {
  current: CurrentItem | null;
  focusTick: number;
  popover: PopoverModel | null;
}

/** The popover and keyboard navigation of one overlay. */
export interface HighlightPopover {
  /** Registers hover and click on the page for the switch-on `life` (trusted input only). */
  listen(life: Lifetime): void;
  view(): PopoverView;
  isOpen(): boolean;
  /** Opens the keyboard user's current item, pinned (Enter on the navigator). */
  openCurrent(): void;
  /** Closes the popover; `returnFocus` gives the focus back to the navigator. */
  close(returnFocus: boolean): void;
  /** Moves the keyboard user to the next (1) or previous (-1) highlight. */
  move(direction: 1 | -1): void;
  /** Saves the open match as an annotation of the reader's. */
  save(): Promise<void>;
  /** Drops the open match as no match, here and (through the background) on the next visit. */
  dismiss(): Promise<void>;
  /** The pointer entered or left the popover: a hover popover stays while it is inside. */
  pointerInside(inside: boolean): void;
  /** Keeps the popover next to its highlight after the page scrolled. */
  followScroll(): void;
  /** Forgets the keyboard position and closes the popover: the items they pointed into are gone. */
  reset(): void;
}

/** Creates the popover part; nothing opens until `listen()` or a key the coordinator passes on. */
export function createHighlightPopover(
  oc: OverlayContext,
  drawing: HighlightDrawing,
  hooks: PopoverHooks,
): HighlightPopover {
  const { doc, win, request } = oc;
  let current = -1;
  let focusTick = 0;
  /** The navigator shows once the user moves with the keyboard, not after a mouse click. */
  let keyboardMode = false;
  let popover: PopoverModel | null = null;
  let pointerInPopover = false;
  let hoverTimer = 0;
  let closeTimer = 0;
  let moveQueued = false;
  let lastPoint = { x: 0, y: 0 };

  const onMouseMove = (e: MouseEvent) => {
    lastPoint = { x: e.clientX, y: e.clientY };
    // One hit test per frame, however fast the pointer moves.
    if (moveQueued || !oc.isActive() || drawing.items().length === 0) return;
    moveQueued = true;
    oc.life().requestAnimationFrame(() => {
      moveQueued = false;
      if (pointerInPopover) return;
      // While the reader drags a selection or has one to annotate, hover popovers would cover it.
      if (hooks.hoverBlocked()) {
        oc.life().clearTimeout(hoverTimer);
        return;
      }
      const i = drawing.itemAtPoint(lastPoint.x, lastPoint.y);
      oc.life().clearTimeout(hoverTimer);
      if (i >= 0) {
        oc.life().clearTimeout(closeTimer);
        if (popover?.item.id === drawing.items()[i]!.id) return;
        if (popover?.pinned) return;
        hoverTimer = oc.life().setTimeout(() => void openPopover(i, false), HOVER_OPEN_MS);
      } else if (popover && !popover.pinned) {
        scheduleHoverClose();
      }
    });
  };

  const scheduleHoverClose = () => {
    oc.life().clearTimeout(closeTimer);
    closeTimer = oc.life().setTimeout(() => {
      if (popover && !popover.pinned && !pointerInPopover) closePopover(false);
    }, HOVER_CLOSE_MS);
  };

  const onClick = (e: MouseEvent) => {
    if (!oc.isActive() || drawing.items().length === 0) return;
    if (e.composedPath().some((n) => n instanceof Element && isOwnHost(n))) return;
    // The click that ends a drag-selection is the user selecting, not asking for a popover.
    if (doc.getSelection()?.isCollapsed === false) return;
    const i = drawing.itemAtPoint(e.clientX, e.clientY);
    if (i >= 0) {
      current = i;
      void openPopover(i, true);
    } else if (popover) closePopover(false);
  };

  const moveTo = (i: number) => {
    const range = drawing.rangeAt(i);
    if (i < 0 || !range) return;
    current = i;
    keyboardMode = true;
    closePopover(false);
    drawing.focus(range);
    const el = range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', inline: 'nearest' });
    focusTick += 1;
    oc.renderUi();
  };

  /** The passage of item `i`, for the popover's placement next to it (./popover-placement.ts). */
  const anchorOf = (i: number): PopoverAnchor => {
    const range = drawing.rangeAt(i)!;
    return {
      getBoundingClientRect: () => range.getBoundingClientRect(),
      getClientRects: () => range.getClientRects(),
      contextElement: range.startContainer.parentElement,
    };
  };

  /** Shows what is known at once (source title, word diff), then the details the background sends. */
  const openPopover = async (i: number, pinned: boolean) => {
    const item = drawing.items()[i];
    const result = oc.result();
    if (!item || !result) return;
    // A pointer that rested on a passage before the click left a hover open counting: it would
    // replace this popover with an unpinned one (closing when the pointer leaves, Saved undone).
    oc.life().clearTimeout(hoverTimer);
    oc.life().clearTimeout(closeTimer);
    const sources = result.sources;
    const diff = item.kind === 'actor' ? [] : wordDiff(item.match.pageText, item.match.sourceText);
    popover = {
      item,
      anchor: anchorOf(i),
      pinned,
      loading: true,
      error: null,
      source: item.kind === 'actor' ? null : (sources[item.match.sourceId] ?? null),
      context: null,
      diff,
      comparison: null,
      actor: null,
      saved: 'idle',
    };
    oc.renderUi();
    const id = item.id;
    // Each answer is dropped when another popover was opened meanwhile.
    try {
      if (item.kind === 'actor') {
        const d = await request('actor.details', { name: item.actor.name });
        if (popover?.item.id !== id) return;
        popover = {
          ...popover,
          loading: false,
          actor: {
            role: d.actor?.role ?? item.actor.role,
            sourceCount: d.sourceCount,
            quotes: groupQuotes(
              d.quotes.map((q) => ({
                title: sources[q.sourceId]?.title ?? q.sourceId,
                text: q.text,
              })),
            ),
          },
        };
      } else {
        const m = item.match;
        // A paraphrase's word diff is a wall of struck-out words: what the passages share says more.
        const compare = diffReadable(diff)
          ? null
          : request('passage.compare', { page: m.pageText, source: m.sourceText }).catch(
              () => null,
            );
        const src = await request('source.get', { id: m.sourceId });
        const comparison = await compare;
        if (popover?.item.id !== id) return;
        popover = {
          ...popover,
          loading: false,
          comparison,
          context: src ? passageInContext(src.text, m.sourceStart, m.sourceEnd) : null,
          error: src ? null : 'This source is no longer in your library.',
        };
      }
    } catch (e) {
      if (popover?.item.id !== id) return;
      popover = {
        ...popover,
        loading: false,
        error: `Could not load the details: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    oc.renderUi();
  };

  const closePopover = (returnFocus: boolean) => {
    oc.life().clearTimeout(hoverTimer);
    oc.life().clearTimeout(closeTimer);
    if (!popover) return;
    popover = null;
    pointerInPopover = false;
    if (returnFocus && current >= 0) focusTick += 1;
    oc.renderUi();
  };

  const saveCurrent = async () => {
    const live = oc.live();
    if (!popover || popover.item.kind === 'actor' || !live) return;
    const item = popover.item;
    popover = { ...popover, saved: 'saving' };
    oc.renderUi();
    let saved: PopoverModel['saved'] = 'saved';
    try {
      const source = oc.result()?.sources[item.match.sourceId];
      await request('annotation.save', {
        draft: {
          url: win.location.href,
          pageTitle: oc.pageInfo()?.title ?? doc.title ?? null,
          selectors: describeSelection(live.block.text, item.start, item.end),
          note: `${kindWords(item.kind)}${source ? ` from “${source.title}”${source.outlet ? ` (${source.outlet})` : ''}` : ''}`,
          tags: ['sourcelight', item.kind],
        },
      });
      // Underlined as saved right away, as it will be on the next visit.
      const range = drawing.rangeAt(drawing.items().indexOf(item));
      if (range) drawing.addSaved(range.cloneRange());
    } catch (e) {
      saved = /unknown request|no handler|not available/i.test(String(e))
        ? 'unavailable'
        : 'failed';
    }
    if (popover?.item.id === item.id) {
      popover = { ...popover, saved };
      oc.renderUi();
    }
  };

  const dismissCurrent = async () => {
    if (!popover || popover.item.kind === 'actor' || !oc.result()) return;
    const item = popover.item;
    const key = matchKey(item.match);
    // Drop it right away: the user said so; the background remembers it for the next visit.
    drawing.remove(item);
    current = -1;
    // The popover goes with the pointer inside it: no pointer-leave will come to say so, and hover
    // popovers must open again right away.
    oc.life().clearTimeout(hoverTimer);
    oc.life().clearTimeout(closeTimer);
    popover = null;
    pointerInPopover = false;
    oc.announce('Marked as not a match.');
    hooks.dismissed(item.match);
    oc.renderUi();
    try {
      await request('match.dismiss', { url: win.location.href, key });
    } catch (e) {
      oc.announce(
        `Could not remember “Not a match”: ${e instanceof Error ? e.message : String(e)}`,
      );
      oc.renderUi();
    }
  };

  return {
    listen(life) {
      // Script-made pointer events never open a popover (the lifetime drops them).
      life.on(doc, 'mousemove', onMouseMove, { passive: true });
      life.on(doc, 'click', onClick, { capture: true });
    },
    view() {
      const items = drawing.items();
      const cur: CurrentItem | null =
        keyboardMode && current >= 0 && items[current]
          ? { index: current, total: items.length, item: items[current]! }
          : null;
      return { current: cur, focusTick, popover };
    },
    isOpen: () => popover !== null,
    openCurrent() {
      if (current >= 0) void openPopover(current, true);
    },
    close: closePopover,
    move(direction) {
      moveTo(step(drawing.items().length, current, direction));
    },
    save: saveCurrent,
    dismiss: dismissCurrent,
    pointerInside(inside) {
      pointerInPopover = inside;
      if (inside) oc.life().clearTimeout(closeTimer);
      else scheduleHoverClose();
    },
    followScroll() {
      // The popover follows its passage by itself (./popover-placement.ts).
    },
    reset() {
      current = -1;
      closePopover(false);
    },
  };
}

/**
 * An actor's quotes grouped under their source's title, in the order the sources come, each quote
 * without the comma or stop the sentence around it left at its end ("… costs the port,").
 */
export function groupQuotes(quotes: { title: string; text: string }[], max = 4): ActorQuotes[] {
  const groups: ActorQuotes[] = [];
  let shown = 0;
  for (const q of quotes) {
    if (shown >= max) break;
    const text = q.text.trim().replace(/[\s,;:]+$/u, '');
    if (!text) continue;
    let g = groups.find((x) => x.sourceTitle === q.title);
    if (!g) groups.push((g = { sourceTitle: q.title, quotes: [] }));
    if (!g.quotes.includes(text)) {
      g.quotes.push(text);
      shown++;
    }
  }
  return groups;
}
