/**
 * Annotating the reader's own selection: owns the "Annotate" button offered next to a selection
 * of article text, its note and tags form, and the save. It tracks whether a mouse drag is still
 * under way so the button appears once the selection is done (keyboard selections after a quiet
 * time), and it protects a form the reader is writing in: neither a new selection nor a re-read
 * of the page replaces it, so a note is never thrown away.
 */
import { describeSelection, type Selector } from '../../lib/anchoring/index';
import { isOwnHost } from '../../lib/dom/article-region';
import { selectionOffsets } from '../../lib/overlay/selection';
import type { HighlightDrawing } from './highlight-drawing';
import type { Lifetime } from './lifetime';
import type { OverlayContext } from './overlay-context';
import type { SelectionSaveModel } from './types';

/** Quiet time after the selection last changed before offering to annotate it (keyboard selections). */
const SELECTION_SETTLE_MS = 300;
/** How long "Saved" stays on the annotation form before it closes. */
const SAVED_NOTICE_MS = 1200;

/** What a save would store, kept apart from the view model so the form never holds Ranges. */
interface SelectionDraft {
  selectors: Selector[];
  range: Range;
  /** The page the selection was made on, and its title. */
  url: string;
  pageTitle: string | null;
}

/** The selection annotator of one overlay. */
export interface SelectionAnnotator {
  /** Registers the listeners that follow the reader's selection for the switch-on `life`. */
  listen(life: Lifetime): void;
  /** The button or form to render, or null when nothing is offered. */
  view(): SelectionSaveModel | null;
  /** Whether the reader is dragging a selection or has one offered: hover popovers would cover it. */
  busy(): boolean;
  /** Opens the form for the current selection (the button, or Alt+Shift+S); says so when there is none. */
  open(): void;
  /** Closes the button or form without saving. */
  close(): void;
  /** Saves the open form's selection with the reader's note and comma-separated tags. */
  save(note: string, tags: string): Promise<void>;
  /** Keeps the button or form next to the selection after the page scrolled. */
  followScroll(): void;
  /** Drops the offer because the article changed, unless the form holds the reader's writing. */
  forgetOffer(): void;
  /** Drops everything, form included, and a pending offer (the overlay is turning off). */
  reset(): void;
}

/** Creates the selection annotator; it offers nothing until `listen()`. */
export function createSelectionAnnotator(
  oc: OverlayContext,
  drawing: HighlightDrawing,
): SelectionAnnotator {
  const { doc, win, request } = oc;
  /** The "Annotate" button and form for the user's own selection (view model), and what it would save. */
  let selectionSave: SelectionSaveModel | null = null;
  let selectionDraft: SelectionDraft | null = null;
  let selectionTimer = 0;
  let recheckTimer = 0;
  /** A mouse button is down on the page: a selection is still being dragged. */
  let selecting = false;
  let selectionsOffered = 0;
  /** The form holds something the user is writing or saving: a new selection must not replace it. */
  const formInUse = () => Boolean(selectionSave?.open && selectionSave.status !== 'saved');

  /** The current page selection as something to annotate, or null when it holds no article text. */
  const readSelection = (): { model: SelectionSaveModel; draft: SelectionDraft } | null => {
    const live = oc.live();
    const sel = doc.getSelection();
    if (!live?.root.isConnected || !sel || sel.isCollapsed || sel.rangeCount === 0) return null;
    const at = selectionOffsets(live.block.text, live.block.pieces, sel.getRangeAt(0));
    const range = at && drawing.rangeFor(live.block.pieces, at.start, at.end);
    if (!at || !range) return null;
    return {
      model: {
        id: ++selectionsOffered,
        ...placeSelectionSave(range, false),
        quote: live.block.text.slice(at.start, at.end),
        open: false,
        status: 'idle',
        error: null,
      },
      // The page it belongs to is taken now: a form kept open through navigation still saves to it.
      draft: {
        selectors: describeSelection(live.block.text, at.start, at.end),
        range,
        url: win.location.href,
        pageTitle: oc.pageInfo()?.title ?? doc.title ?? null,
      },
    };
  };

  /** Just below the end of the selection, kept inside the viewport (above it near the bottom). */
  const placeSelectionSave = (range: Range, open: boolean): { top: number; left: number } => {
    const rects = range.getClientRects();
    const end = rects[rects.length - 1] ?? range.getBoundingClientRect();
    const width = open ? Math.min(320, win.innerWidth - 16) : 110;
    const height = open ? 250 : 36;
    const left = Math.max(
      8,
      Math.min(end.right - Math.min(width, 110), win.innerWidth - width - 8),
    );
    const below = end.bottom + 6;
    const top = below + height < win.innerHeight ? below : Math.max(8, end.top - 6 - height);
    return { top, left };
  };

  /**
   * The reader ended a selection gesture (a trusted mouseup or selecting key): offer the selection.
   * A selection the page's script makes on its own is never offered.
   */
  const afterUserSelects = () => {
    if (!oc.isActive() || formInUse()) return;
    oc.life().clearTimeout(selectionTimer);
    selectionTimer = oc.life().setTimeout(() => offerSelection(true), SELECTION_SETTLE_MS);
  };

  /** The selection changed (by anyone): an offer that no longer fits it goes; nothing new is offered. */
  const onSelectionChange = () => {
    if (!oc.isActive() || formInUse() || !selectionSave) return;
    oc.life().clearTimeout(recheckTimer);
    recheckTimer = oc.life().setTimeout(() => offerSelection(false), SELECTION_SETTLE_MS);
  };

  /** Shows (`mayShow`) the "Annotate" button for the current selection, or hides it when it no longer fits. */
  const offerSelection = (mayShow: boolean) => {
    if (!oc.isActive() || selecting || formInUse()) return;
    const next = readSelection();
    if (!mayShow) {
      if (selectionSave && next?.model.quote !== selectionSave.quote) {
        selectionSave = null;
        selectionDraft = null;
        oc.renderUi();
      }
      return;
    }
    if (!next && !selectionSave) return;
    selectionSave = next?.model ?? null;
    selectionDraft = next?.draft ?? null;
    oc.renderUi();
  };

  const openSelectionSave = () => {
    if (formInUse()) return;
    const next =
      readSelection() ??
      (selectionSave && !selectionSave.open && selectionDraft
        ? { model: selectionSave, draft: selectionDraft }
        : null);
    if (!next) {
      oc.announce('Select text in the article first, then annotate it.');
      oc.renderUi();
      return;
    }
    selectionDraft = next.draft;
    selectionSave = { ...next.model, ...placeSelectionSave(next.draft.range, true), open: true };
    oc.renderUi();
  };

  const closeSelectionSave = () => {
    if (!selectionSave) return;
    selectionSave = null;
    selectionDraft = null;
    oc.renderUi();
  };

  const saveSelection = async (note: string, tags: string) => {
    const draft = selectionDraft;
    if (!selectionSave || !draft || selectionSave.status === 'saving') return;
    selectionSave = { ...selectionSave, status: 'saving', error: null };
    oc.renderUi();
    try {
      await request('annotation.save', {
        draft: {
          url: draft.url,
          pageTitle: draft.pageTitle,
          selectors: draft.selectors,
          note,
          tags: tags.split(','),
        },
      });
    } catch (e) {
      // The form stays open with the note as typed, so nothing is lost.
      if (selectionDraft === draft && selectionSave) {
        selectionSave = {
          ...selectionSave,
          status: 'failed',
          error: e instanceof Error ? e.message : String(e),
        };
        oc.renderUi();
      }
      return;
    }
    // Underlined only where it was made: after navigation its text is gone from the page.
    if (oc.isActive() && draft.url === win.location.href && draft.range.startContainer.isConnected)
      drawing.addSaved(draft.range);
    oc.announce('Annotation saved.');
    if (selectionDraft === draft && selectionSave) {
      selectionSave = { ...selectionSave, status: 'saved' };
      oc.life().setTimeout(() => {
        if (selectionDraft === draft) closeSelectionSave();
      }, SAVED_NOTICE_MS);
    }
    oc.renderUi();
  };

  return {
    listen(life) {
      // Trusted input only (the lifetime drops script-made events).
      life.on(doc, 'selectionchange', onSelectionChange);
      life.on<MouseEvent>(
        doc,
        'mousedown',
        (e) => {
          if (e.button === 0 && !e.composedPath().some((n) => n instanceof Element && isOwnHost(n)))
            selecting = true;
        },
        { capture: true },
      );
      life.on(
        win,
        'mouseup',
        () => {
          if (!selecting) return;
          selecting = false;
          afterUserSelects();
        },
        { capture: true },
      );
      life.on<KeyboardEvent>(
        win,
        'keyup',
        (e) => {
          // Shift with arrows or Home/End, or select-all, selects text from the keyboard.
          if (e.key === 'Shift' || e.shiftKey || ((e.ctrlKey || e.metaKey) && e.key === 'a'))
            afterUserSelects();
        },
        { capture: true },
      );
    },
    view: () => selectionSave,
    busy: () => selecting || Boolean(selectionSave),
    open: openSelectionSave,
    close: closeSelectionSave,
    save: saveSelection,
    followScroll() {
      if (selectionSave && selectionDraft) {
        selectionSave = {
          ...selectionSave,
          ...placeSelectionSave(selectionDraft.range, selectionSave.open),
        };
        oc.renderUi();
      }
    },
    forgetOffer() {
      if (!formInUse()) {
        selectionSave = null;
        selectionDraft = null;
      }
    },
    reset() {
      oc.life().clearTimeout(selectionTimer);
      oc.life().clearTimeout(recheckTimer);
      selecting = false;
      selectionSave = null;
      selectionDraft = null;
    },
  };
}
