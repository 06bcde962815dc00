/**
 * The overlay container: reads the live article, asks the background to match it, draws the
 * highlights, owns the shadow-root UI and its state, and follows the page (SPA navigation, late
 * content). Everything it attaches goes through WXT's context or is undone by `turnOff()`, which
 * leaves the page's DOM exactly as it was.
 */
import { h, render } from 'preact';
import { describeSelection } from '../../lib/anchoring/index';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { createReadingSkip, isOwnHost, locateArticle, readLiveText, type LiveArticle } from '../../lib/dom/article-region';
import { supportsHighlights } from '../../lib/dom/highlighter';
import { wordDiff } from '../../lib/diff/word-diff';
import { extractArticle } from '../../lib/extract';
import type { ExtractedArticle } from '../../lib/types';
import { matchKey, type AnalyzeResult, type PageInfo } from '../../lib/messages';
import {
  buildHighlights,
  countByKind,
  HIGHLIGHT_KINDS,
  kindWords,
  passageInContext,
  step,
} from '../../lib/overlay/model';
import type { MatchedSource, OverlayState, OverlayStatus } from '../../lib/overlay/tab-messages';
import { createToggleGate, type ToggleOrigin } from '../../lib/overlay/toggle-gate';
import { OVERLAY_CSS } from './overlay-css';
import { OverlayApp } from './OverlayApp';
import type { OverlayContext, RequestFn } from './overlay-context';
import { createHighlightDrawing } from './highlight-drawing';
import { createPageFollow } from './page-follow';
import { createSelectionAnnotator } from './selection-annotator';
import type { CurrentItem, PopoverModel } from './types';

export type { RequestFn } from './overlay-context';

/** The running overlay, as the content script entrypoint wires it. */
export interface Overlay {
  start(): Promise<void>;
  /** Switches the overlay on or off; `origin` lets one keypress seen twice (page key and browser command) count once. */
  toggle(origin?: ToggleOrigin): Promise<void>;
  setSiteEnabled(enabled: boolean): Promise<void>;
  status(): OverlayStatus;
  /** The live article text and page metadata (for "save this page as a source"). */
  article(): { page: PageInfo; text: string } | null;
}

/** Hover delay before a popover opens, and grace time before a hover popover closes. */
const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 350;

/** Creates the overlay for `doc`; nothing is attached until `start()`. */
export function createOverlay(ctx: ContentScriptContext, doc: Document, request: RequestFn): Overlay {
  const win = doc.defaultView!;
  const host = win.location.hostname;
  const skip = createReadingSkip(win);
  let active = false;
  let siteEnabled = true;
  let state: OverlayState = 'working';
  let error: string | null = null;
  let ui: ShadowRootContentScriptUi<void> | null = null;
  let generation = 0;
  let runs = 0;
  let live: LiveArticle | null = null;
  let pageInfo: PageInfo | null = null;
  let result: AnalyzeResult | null = null;
  let analyzedText = '';
  let current = -1;
  let focusTick = 0;
  /** The navigator shows once the user moves with the keyboard, not after a mouse click. */
  let keyboardMode = false;
  let popover: PopoverModel | null = null;
  let announcement = '';
  let pointerInPopover = false;
  let hoverTimer = 0;
  let closeTimer = 0;
  const allowToggle = createToggleGate();
  const oc: OverlayContext = {
    ctx,
    doc,
    win,
    request,
    isActive: () => active,
    live: () => live,
    pageInfo: () => pageInfo,
    result: () => result,
    renderUi: () => renderUi(),
    announce: (text) => {
      announcement = text;
    },
  };
  const drawing = createHighlightDrawing(oc);
  const selection = createSelectionAnnotator(oc, drawing);
  const follow = createPageFollow(oc, {
    rerun: () => analyze(),
    forgetArticle: () => {
      result = null;
      analyzedText = '';
      clearDrawing();
    },
  });

  // ---------- UI ----------

  const renderUi = () => {
    if (!ui?.mounted && !ui?.shadowHost.isConnected) return;
    const items = drawing.items();
    const cur: CurrentItem | null = keyboardMode && current >= 0 && items[current] ? { index: current, total: items.length, item: items[current]! } : null;
    render(
      h(OverlayApp, {
        current: cur,
        focusTick,
        popover,
        announcement,
        onOpenCurrent: () => {
          if (current >= 0) void openPopover(current, true);
        },
        onClose: () => closePopover(true),
        onSave: () => void saveCurrent(),
        onDismiss: () => void dismissCurrent(),
        selectionSave: selection.view(),
        onOpenSelectionSave: selection.open,
        onSaveSelection: (note: string, tags: string) => void selection.save(note, tags),
        onCancelSelectionSave: () => selection.close(),
        onPopoverPointer: (inside: boolean) => {
          pointerInPopover = inside;
          if (inside) win.clearTimeout(closeTimer);
          else scheduleHoverClose();
        },
      }),
      ui.uiContainer,
    );
  };

  const setState = (next: OverlayState) => {
    state = next;
    // For the benchmark: when each run finished, whatever its outcome.
    if (next !== 'working') performance.mark('sourcelight:done');
    const el = ui?.shadowHost;
    if (!el) return;
    el.setAttribute('data-sourcelight-state', next);
    el.setAttribute('data-sourcelight-runs', String(runs));
    const counts = countByKind(drawing.items());
    for (const kind of HIGHLIGHT_KINDS) el.setAttribute(`data-count-${kind}`, String(counts[kind]));
    if (error) el.setAttribute('data-sourcelight-error', error);
    else el.removeAttribute('data-sourcelight-error');
  };

  const mountUi = async () => {
    if (!doc.body) return;
    if (!ui) {
      ui = await createShadowRootUi(ctx, {
        name: 'sourcelight-overlay',
        position: 'inline',
        // After <body>, not inside it: the page's `body > :last-child` rules and scripts walking
        // the body never meet our host.
        anchor: () => doc.documentElement,
        append: 'last',
        css: OVERLAY_CSS,
        // Key presses inside the popover must not reach the page's own shortcuts.
        isolateEvents: true,
        onMount: () => undefined,
        onRemove: () => {
          if (ui) render(null, ui.uiContainer);
        },
      });
      ctx.addEventListener(ui.shadow, 'keydown', onKeyDown as EventListener);
      ui.shadowHost.setAttribute('aria-label', 'Sourcelight highlights');
    }
    if (!ui.shadowHost.isConnected) ui.mount();
    renderUi();
  };

  // ---------- Reading and drawing ----------

  const yieldToPage = () => new Promise<void>((ok) => ctx.setTimeout(ok, 0));

  const analyze = async () => {
    const gen = ++generation;
    error = null;
    setState('working');
    await yieldToPage();
    if (gen !== generation || !active) return;
    try {
      performance.mark('sourcelight:extract-start');
      const article = extractArticle(doc, { url: win.location.href });
      performance.measure('sourcelight:readability', 'sourcelight:extract-start');
      // Readability and the live-text walk are separate tasks, so the page can paint in between.
      await yieldToPage();
      if (gen !== generation || !active) return;
      performance.mark('sourcelight:live-start');
      const at = article.isArticle ? locateArticle(doc, article.text) : null;
      await yieldToPage();
      if (gen !== generation || !active) return;
      const found: LiveArticle | null = at && at.root.isConnected ? { ...at, block: readLiveText(at.root, skip) } : null;
      performance.measure('sourcelight:live-text', 'sourcelight:live-start');
      performance.measure('sourcelight:extract', 'sourcelight:extract-start');
      pageInfo = pageInfoOf(win.location.href, article);
      if (!found) {
        live = null;
        clearDrawing();
        runs += 1;
        setState('not-article');
        return;
      }
      const text = found.block.text;
      // Same text and every drawn span still in the page: nothing to redraw (no flicker).
      if (drawing.isDrawn() && result && text === analyzedText && live && drawing.spansLive()) {
        runs += 1;
        setState('ready');
        return;
      }
      await yieldToPage();
      if (gen !== generation || !active) return;
      if (!result || text !== analyzedText) {
        performance.mark('sourcelight:match-start');
        const answer = await request('page.analyze', { page: pageInfo, text });
        performance.measure('sourcelight:match', 'sourcelight:match-start');
        if (gen !== generation || !active) return;
        result = answer;
        analyzedText = text;
        if (!answer.enabled) {
          siteEnabled = false;
          turnOff();
          return;
        }
      }
      performance.mark('sourcelight:highlight-start');
      const layout = await drawing.layout(found.block.pieces, buildHighlights(result.report, text.length), () => gen !== generation || !active);
      if (!layout) return;
      live = found;
      drawing.adopt(found, layout);
      current = -1;
      closePopover(false);
      drawing.drawItems();
      await drawing.drawSaved(text, found, () => gen !== generation);
      performance.measure('sourcelight:highlight', 'sourcelight:highlight-start');
      performance.mark('sourcelight:drawn');
      runs += 1;
      setState('ready');
      ui?.shadowHost.setAttribute('data-sourcelight-drawn-ms', String(Math.round(performance.now())));
      const n = drawing.items().length;
      announcement = n ? `Sourcelight: ${n} highlight${n === 1 ? '' : 's'} on this page. Alt+Shift+N goes to the next one.` : '';
      renderUi();
    } catch (e) {
      if (gen !== generation) return;
      error = e instanceof Error ? e.message : String(e);
      runs += 1;
      setState('error');
    }
  };

  /** Forgets what was drawn: highlight items, their ranges and the keyboard position. */
  const forgetDrawn = () => {
    drawing.forget();
    current = -1;
  };

  const clearDrawing = () => {
    forgetDrawn();
    closePopover(false);
    // An open annotation form keeps its own selectors: the user's note is not thrown away.
    selection.forgetOffer();
    drawing.clear();
    renderUi();
  };

  // ---------- Pointer and keyboard ----------

  let moveQueued = false;
  let lastPoint = { x: 0, y: 0 };
  const onMouseMove = (e: MouseEvent) => {
    lastPoint = { x: e.clientX, y: e.clientY };
    if (moveQueued || !active || drawing.items().length === 0) return;
    moveQueued = true;
    ctx.requestAnimationFrame(() => {
      moveQueued = false;
      if (pointerInPopover) return;
      // While the reader drags a selection or has one to annotate, hover popovers would cover it.
      if (selection.busy()) {
        win.clearTimeout(hoverTimer);
        return;
      }
      const i = drawing.itemAtPoint(lastPoint.x, lastPoint.y);
      win.clearTimeout(hoverTimer);
      if (i >= 0) {
        win.clearTimeout(closeTimer);
        if (popover?.item.id === drawing.items()[i]!.id) return;
        if (popover?.pinned) return;
        hoverTimer = ctx.setTimeout(() => void openPopover(i, false), HOVER_OPEN_MS);
      } else if (popover && !popover.pinned) {
        scheduleHoverClose();
      }
    });
  };

  const scheduleHoverClose = () => {
    win.clearTimeout(closeTimer);
    closeTimer = ctx.setTimeout(() => {
      if (popover && !popover.pinned && !pointerInPopover) closePopover(false);
    }, HOVER_CLOSE_MS);
  };

  const onClick = (e: MouseEvent) => {
    if (!active || drawing.items().length === 0) return;
    if (e.composedPath().some((n) => n instanceof Element && isOwnHost(n))) return;
    // The click that ends a drag-selection is the user selecting, not asking for a popover.
    if (doc.getSelection()?.isCollapsed === false) return;
    const i = drawing.itemAtPoint(e.clientX, e.clientY);
    if (i >= 0) {
      current = i;
      void openPopover(i, true);
    } else if (popover) closePopover(false);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Alt+Shift types characters on some layouts: never take keys from a field the user types in.
    if (isEditable(e.composedPath()[0])) return;
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey) {
      if (e.code === 'KeyH') {
        e.preventDefault();
        if (!e.repeat) void toggle('key');
        return;
      }
      if (e.code === 'KeyS' && active) {
        e.preventDefault();
        selection.open();
        return;
      }
      if ((e.code === 'KeyN' || e.code === 'KeyP') && active && drawing.items().length > 0) {
        e.preventDefault();
        e.stopPropagation();
        moveTo(step(drawing.items().length, current, e.code === 'KeyN' ? 1 : -1));
        return;
      }
    }
    if (e.key === 'Escape' && popover) {
      e.preventDefault();
      closePopover(true);
    } else if (e.key === 'Escape' && selection.view()) {
      e.preventDefault();
      selection.close();
    }
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
    renderUi();
  };

  const place = (i: number, pinned: boolean): { top: number; left: number } => {
    const rect = drawing.rangeAt(i)!.getBoundingClientRect();
    const width = Math.min(400, win.innerWidth - 16);
    const left = Math.max(8, Math.min(rect.left, win.innerWidth - width - 8));
    const below = rect.bottom + 8;
    const top = below + 260 < win.innerHeight || rect.top < 300 ? below : Math.max(8, rect.top - 8 - 300);
    return { top: Math.max(8, top), left: pinned ? left : left };
  };

  const openPopover = async (i: number, pinned: boolean) => {
    const item = drawing.items()[i];
    if (!item || !result) return;
    win.clearTimeout(closeTimer);
    const sources = result.sources;
    popover = {
      item,
      ...place(i, pinned),
      pinned,
      loading: true,
      error: null,
      source: item.kind === 'actor' ? null : sources[item.match.sourceId] ?? null,
      context: null,
      diff: item.kind === 'actor' ? [] : wordDiff(item.match.pageText, item.match.sourceText),
      actor: null,
      saved: 'idle',
    };
    renderUi();
    const id = item.id;
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
            quotes: d.quotes.map((q) => ({ sourceTitle: sources[q.sourceId]?.title ?? q.sourceId, text: q.text })),
          },
        };
      } else {
        const src = await request('source.get', { id: item.match.sourceId });
        if (popover?.item.id !== id) return;
        popover = {
          ...popover,
          loading: false,
          context: src ? passageInContext(src.text, item.match.sourceStart, item.match.sourceEnd) : null,
          error: src ? null : 'This source is no longer in your library.',
        };
      }
    } catch (e) {
      if (popover?.item.id !== id) return;
      popover = { ...popover, loading: false, error: `Could not load the details: ${e instanceof Error ? e.message : String(e)}` };
    }
    renderUi();
  };

  const closePopover = (returnFocus: boolean) => {
    win.clearTimeout(hoverTimer);
    win.clearTimeout(closeTimer);
    if (!popover) return;
    popover = null;
    pointerInPopover = false;
    if (returnFocus && current >= 0) focusTick += 1;
    renderUi();
  };

  const saveCurrent = async () => {
    if (!popover || popover.item.kind === 'actor' || !live) return;
    const item = popover.item;
    popover = { ...popover, saved: 'saving' };
    renderUi();
    let saved: PopoverModel['saved'] = 'saved';
    try {
      const source = result?.sources[item.match.sourceId];
      await request('annotation.save', {
        draft: {
          url: win.location.href,
          pageTitle: pageInfo?.title ?? doc.title ?? null,
          selectors: describeSelection(live.block.text, item.start, item.end),
          note: `${kindWords(item.kind)}${source ? ` from “${source.title}”${source.outlet ? ` (${source.outlet})` : ''}` : ''}`,
          tags: ['sourcelight', item.kind],
        },
      });
      // Underlined as saved right away, as it will be on the next visit.
      const range = drawing.rangeAt(drawing.items().indexOf(item));
      if (range) drawing.addSaved(range.cloneRange());
    } catch (e) {
      saved = /unknown request|no handler|not available/i.test(String(e)) ? 'unavailable' : 'failed';
    }
    if (popover?.item.id === item.id) {
      popover = { ...popover, saved };
      renderUi();
    }
  };

  const dismissCurrent = async () => {
    if (!popover || popover.item.kind === 'actor' || !result) return;
    const item = popover.item;
    const key = matchKey(item.match);
    // Drop it right away: the user said so; the background remembers it for the next visit.
    result = { ...result, report: { ...result.report, matches: result.report.matches.filter((m) => m !== item.match) } };
    drawing.remove(item);
    current = -1;
    popover = null;
    announcement = 'Marked as not a match.';
    setState('ready');
    renderUi();
    try {
      await request('match.dismiss', { url: win.location.href, key });
    } catch (e) {
      announcement = `Could not remember “Not a match”: ${e instanceof Error ? e.message : String(e)}`;
      renderUi();
    }
  };

  // ---------- On and off ----------

  const turnOn = async () => {
    if (active) return;
    if (!supportsHighlights(doc) || !doc.body) {
      error = 'This browser cannot draw CSS highlights.';
      state = 'error';
      return;
    }
    active = true;
    drawing.attach();
    try {
      await mountUi();
    } catch (e) {
      // E.g. the page itself defined `<sourcelight-overlay>` with a shadow root of its own
      // (tests/fixtures/hostile/squatter.html): give up quietly and leave the page as it was.
      turnOff();
      ui = null;
      error = `Sourcelight cannot show its highlights on this page: ${e instanceof Error ? e.message : String(e)}`;
      state = 'error';
      return;
    }
    follow.observe(doc.body);
    await analyze();
  };

  const turnOff = () => {
    generation += 1;
    active = false;
    follow.stop();
    closePopover(false);
    drawing.detach();
    forgetDrawn();
    selection.reset();
    setState('off');
    ui?.remove();
  };

  const toggle = async (origin: ToggleOrigin = 'other') => {
    if (!allowToggle(origin, Date.now())) return;
    if (active) turnOff();
    else await turnOn();
  };

  ctx.onInvalidated(() => {
    // Extension updated or disabled: leave the page as we found it.
    turnOff();
  });

  return {
    async start() {
      ctx.addEventListener(win, 'keydown', onKeyDown as EventListener, { capture: true });
      ctx.addEventListener(doc, 'mousemove', onMouseMove as EventListener, { passive: true });
      ctx.addEventListener(doc, 'click', onClick as EventListener, { capture: true });
      selection.listen();
      follow.listen();
      ctx.addEventListener(win, 'scroll', () => {
        selection.followScroll();
        if (popover && drawing.items().length) {
          const i = drawing.items().indexOf(popover.item);
          if (i >= 0) {
            popover = { ...popover, ...place(i, popover.pinned) };
            renderUi();
          }
        }
      }, { passive: true });
      try {
        siteEnabled = await request('site.isEnabled', { host });
      } catch (e) {
        // No background answer: stay quiet rather than break the page.
        error = e instanceof Error ? e.message : String(e);
        state = 'error';
        return;
      }
      if (siteEnabled) await turnOn();
      else state = 'off';
    },
    toggle,
    async setSiteEnabled(enabled: boolean) {
      siteEnabled = enabled;
      if (enabled) await turnOn();
      else turnOff();
    },
    status(): OverlayStatus {
      const bySource = new Map<string, MatchedSource>();
      for (const item of drawing.items()) {
        if (item.kind === 'actor') continue;
        const id = item.match.sourceId;
        const meta = result?.sources[id];
        const entry = bySource.get(id) ?? { id, title: meta?.title ?? id, outlet: meta?.outlet ?? null, matches: 0 };
        entry.matches += 1;
        bySource.set(id, entry);
      }
      return {
        host,
        url: win.location.href,
        state: active ? state : 'off',
        siteEnabled,
        counts: countByKind(drawing.items()),
        sources: [...bySource.values()].sort((a, b) => b.matches - a.matches),
        error,
      };
    },
    article() {
      if (pageInfo && live) return { page: pageInfo, text: live.block.text };
      // Not analysed (the overlay is off on this site) or no live article found: read it now.
      const article = extractArticle(doc, { url: win.location.href });
      const page: PageInfo = pageInfo ?? pageInfoOf(win.location.href, article);
      return { page, text: article.text };
    },
  };
}

/** Whether an event target is a text field or editable content of the page. */
function isEditable(target: EventTarget | undefined): boolean {
  if (!target || !(target as Element).tagName) return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toUpperCase();
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/** What the background records about a page: its address and the article's metadata. */
function pageInfoOf(url: string, article: ExtractedArticle): PageInfo {
  return { url, title: article.title, siteName: article.siteName, published: article.published, byline: article.byline, lang: article.lang };
}
