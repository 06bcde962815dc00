/**
 * The overlay's coordinator: owns the on/off switch and the run's state machine (working, ready,
 * not-article, off, error), the shadow-root UI and its single `render()`, and the analysis run
 * that reads the live article and asks the background to match it. The rest has one owner each,
 * wired here through an explicit OverlayContext:
 * - highlight-drawing.ts: the highlighter, items → Ranges, saved annotations, hit-testing;
 * - highlight-popover.ts: hover, click and keyboard navigation, the popover, save/dismiss of a match;
 * - selection-annotator.ts: "Annotate" for the reader's own selection;
 * - page-follow.ts: when to read the article again (DOM changes, SPA navigation).
 * Everything attached goes through WXT's context or is undone by `turnOff()`, which leaves the
 * page's DOM exactly as it was.
 */
import { h, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  createShadowRootUi,
  type ShadowRootContentScriptUi,
} from 'wxt/utils/content-script-ui/shadow-root';
import {
  createReadingSkip,
  locateArticleSliced,
  readLiveTextSliced,
  type LiveArticle,
} from '../../lib/dom/article-region';
import { supportsHighlights } from '../../lib/dom/highlighter';
import { extractArticle } from '../../lib/extract';
import { readArticle } from '../../lib/extract-offpage';
import type { AnalyzeResult, PageInfo } from '../../lib/messages';
import { buildHighlights, countByKind, HIGHLIGHT_KINDS } from '../../lib/overlay/model';
import type { MatchedSource, OverlayState, OverlayStatus } from '../../lib/overlay/tab-messages';
import { createToggleGate, type ToggleOrigin } from '../../lib/overlay/toggle-gate';
import type { ExtractedArticle } from '../../lib/types';
import { createHighlightDrawing } from './highlight-drawing';
import { createHighlightPopover } from './highlight-popover';
import type { OverlayContext, RequestFn } from './overlay-context';
import { OVERLAY_CSS } from './overlay-css';
import { OverlayApp } from './OverlayApp';
import { createPageFollow } from './page-follow';
import { createSelectionAnnotator } from './selection-annotator';

export type { RequestFn } from './overlay-context';

/** The running overlay, as the content script entrypoint wires it. */
export interface Overlay {
  start(): Promise<void>;
  /** Switches the overlay on or off; `origin` lets one keypress seen twice (page key and browser command) count once. */
  toggle(origin?: ToggleOrigin): Promise<void>;
  setSiteEnabled(enabled: boolean): Promise<void>;
  status(): OverlayStatus;
  /** Matches the page again, e.g. after sources arrived by team sync. */
  refresh(): Promise<void>;
  /** The live article text and page metadata (for "save this page as a source"). */
  article(): { page: PageInfo; text: string } | null;
}

/** Creates the overlay for `doc`; nothing is attached until `start()`. */
export function createOverlay(
  ctx: ContentScriptContext,
  doc: Document,
  request: RequestFn,
): Overlay {
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
  let announcement = '';
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
  const popovers = createHighlightPopover(oc, drawing, {
    hoverBlocked: () => selection.busy(),
    dismissed: (match) => {
      if (result)
        result = {
          ...result,
          report: { ...result.report, matches: result.report.matches.filter((m) => m !== match) },
        };
      setState('ready', false);
    },
  });
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
    const { current, focusTick, popover } = popovers.view();
    render(
      h(OverlayApp, {
        current,
        focusTick,
        popover,
        announcement,
        onOpenCurrent: () => popovers.openCurrent(),
        onClose: () => popovers.close(true),
        onSave: () => void popovers.save(),
        onDismiss: () => void popovers.dismiss(),
        selectionSave: selection.view(),
        onOpenSelectionSave: selection.open,
        onSaveSelection: (note: string, tags: string) => void selection.save(note, tags),
        onCancelSelectionSave: () => selection.close(),
        onPopoverPointer: (inside: boolean) => popovers.pointerInside(inside),
      }),
      ui.uiContainer,
    );
  };

  /** `endsRun`: the state is the outcome of reading the page (not of turning off or dismissing a match). */
  const setState = (next: OverlayState, endsRun = next !== 'working') => {
    state = next;
    // For the benchmark: when each run finished, whatever its outcome.
    if (endsRun) performance.mark('sourcelight:done');
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

  // ---------- Reading the article ----------

  const yieldToPage = () => new Promise<void>((ok) => ctx.setTimeout(ok, 0));

  /**
   * One run: read the article, match it (unless the text is unchanged), draw. Every await may see
   * a newer run or the overlay turned off; `generation` lets the stale run stop without a trace.
   */
  const analyze = async () => {
    const gen = ++generation;
    error = null;
    setState('working');
    await yieldToPage();
    if (gen !== generation || !active) return;
    try {
      performance.mark('sourcelight:extract-start');
      // When the page looks like an article, a waking background builds its library while Readability runs.
      const prepare = () => void request('library.prepare', {}).catch(() => undefined);
      // A big page is read away from it (Readability would hold the page for its whole run).
      const read = await readArticle(doc, {
        url: win.location.href,
        onReaderable: prepare,
        extractAway: (html, url) => request('page.extract', { html, url }),
        setTimer: (f, ms) => ctx.setTimeout(f, ms),
      });
      const article = read.article;
      if (read.where === 'page')
        performance.measure('sourcelight:readability', 'sourcelight:extract-start');
      else {
        performance.measure('sourcelight:extract-away', 'sourcelight:extract-start');
        measureDuration('sourcelight:readability', read.readabilityMs);
      }
      if (read.fallback) console.debug(`Sourcelight read this page in place: ${read.fallback}.`);
      if (gen !== generation || !active) return;
      // Readability and the live-text walk are separate tasks, so the page can paint in between; on
      // a long article the walk itself is cut into short tasks.
      await yieldToPage();
      if (gen !== generation || !active) return;
      performance.mark('sourcelight:live-start');
      const slicing = { pause: yieldToPage, stale: () => gen !== generation || !active };
      const at = article.isArticle ? await locateArticleSliced(doc, article.text, slicing) : null;
      await yieldToPage();
      if (gen !== generation || !active) return;
      const block = at?.root.isConnected ? await readLiveTextSliced(at.root, skip, slicing) : null;
      if (gen !== generation || !active) return;
      const found: LiveArticle | null =
        at && block && at.root.isConnected ? { ...at, block } : null;
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
        // The background's own matching time, without messaging and storage: what the benchmarks compare with Readability.
        if (answer.timings) measureDuration('sourcelight:matcher', answer.timings.matchMs);
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
      const layout = await drawing.layout(
        found.block.pieces,
        buildHighlights(result.report, text.length),
        () => gen !== generation || !active,
      );
      if (!layout) return;
      live = found;
      drawing.adopt(found, layout);
      popovers.reset();
      drawing.drawItems();
      await drawing.drawSaved(text, found, () => gen !== generation);
      performance.measure('sourcelight:highlight', 'sourcelight:highlight-start');
      performance.mark('sourcelight:drawn');
      runs += 1;
      setState('ready');
      ui?.shadowHost.setAttribute(
        'data-sourcelight-drawn-ms',
        String(Math.round(performance.now())),
      );
      const n = drawing.items().length;
      announcement = n
        ? `Sourcelight: ${n} highlight${n === 1 ? '' : 's'} on this page. Alt+Shift+N goes to the next one.`
        : '';
      renderUi();
    } catch (e) {
      if (gen !== generation) return;
      error = e instanceof Error ? e.message : String(e);
      runs += 1;
      setState('error');
    }
  };

  /** Forgets and undraws the article's highlights (no article now, or another one on its way). */
  const clearDrawing = () => {
    drawing.forget();
    popovers.reset();
    // An open annotation form keeps its own selectors: the user's note is not thrown away.
    selection.forgetOffer();
    drawing.clear();
    renderUi();
  };

  // ---------- Keyboard ----------

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
        popovers.move(e.code === 'KeyN' ? 1 : -1);
        return;
      }
    }
    if (e.key === 'Escape' && popovers.isOpen()) {
      e.preventDefault();
      popovers.close(true);
    } else if (e.key === 'Escape' && selection.view()) {
      e.preventDefault();
      selection.close();
    }
  };

  // ---------- On and off ----------

  const turnOn = async () => {
    if (active) return;
    if (!supportsHighlights(doc) || !doc.body) {
      error = 'This browser cannot draw CSS highlights.';
      setState('error');
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
      setState('error');
      return;
    }
    follow.observe(doc.body);
    await analyze();
  };

  const turnOff = () => {
    generation += 1;
    active = false;
    follow.stop();
    popovers.close(false);
    drawing.detach();
    drawing.forget();
    popovers.reset();
    selection.reset();
    setState('off', false);
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
      popovers.listen();
      selection.listen();
      follow.listen();
      ctx.addEventListener(
        win,
        'scroll',
        () => {
          selection.followScroll();
          popovers.followScroll();
        },
        { passive: true },
      );
      try {
        siteEnabled = await request('site.isEnabled', { host });
      } catch (e) {
        // No background answer: stay quiet rather than break the page.
        error = e instanceof Error ? e.message : String(e);
        setState('error');
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
        const entry = bySource.get(id) ?? {
          id,
          title: meta?.title ?? id,
          outlet: meta?.outlet ?? null,
          matches: 0,
        };
        entry.matches += 1;
        bySource.set(id, entry);
      }
      return {
        host,
        url: win.location.href,
        // A failure to start leaves the overlay inactive; the popup must still say it failed.
        state: active || state === 'error' ? state : 'off',
        siteEnabled,
        counts: countByKind(drawing.items()),
        sources: [...bySource.values()].sort((a, b) => b.matches - a.matches),
        error,
      };
    },
    async refresh() {
      if (!active) return;
      // Forget the last answer: the same text must be matched against the changed library.
      result = null;
      await analyze();
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

/** Records a time measured elsewhere (the background's matching, Readability away from the page) as a performance measure. */
function measureDuration(name: string, ms: number): void {
  try {
    performance.measure(name, { start: performance.now(), duration: ms });
  } catch {
    // A browser without User Timing level 3 only loses a benchmark figure.
  }
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
  return {
    url,
    title: article.title,
    siteName: article.siteName,
    published: article.published,
    byline: article.byline,
    lang: article.lang,
  };
}
