/**
 * The overlay's coordinator: owns the on/off switch, the state the parts share and the one
 * `render()` of the shadow-root UI. Each part has one owner, wired here through an explicit
 * OverlayContext:
 * - overlay-run.ts: one analysis run (read the article, match it, draw);
 * - overlay-ui.ts: the closed shadow-root UI and its host;
 * - overlay-keys.ts: the keys;
 * - highlight-drawing.ts: the highlighter, items → Ranges, saved annotations, hit-testing;
 * - highlight-popover.ts: hover, click and keyboard navigation, the popover, save/dismiss of a match;
 * - selection-annotator.ts: "Annotate" for the reader's own selection;
 * - page-follow.ts: when to read the article again (DOM changes, SPA navigation).
 * Teardown has one contract (lifetime.ts): the content script's lifetime follows WXT's context,
 * and each switch-on opens a session lifetime through which every listener, observer, timer,
 * highlight and the UI are registered; switching off disposes it, which leaves the page's DOM
 * exactly as it was.
 */
import { h } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractArticle } from '../../lib/extract';
import type { PageInfo } from '../../lib/messages';
import type { RuntimePort } from '../../lib/messaging/offscreen';
import { supportsHighlights } from '../../lib/overlay/highlighter';
import { countByKind } from '../../lib/overlay/model';
import type { MatchedSource, OverlayState, OverlayStatus } from '../../lib/overlay/tab-messages';
import { createToggleGate, type ToggleOrigin } from '../../lib/overlay/toggle-gate';
import { createHighlightDrawing } from './highlight-drawing';
import { createHighlightPopover } from './highlight-popover';
import { createLifetime, type Lifetime } from './lifetime';
import { OverlayApp } from './OverlayApp';
import type { OverlayContext, RequestFn } from './overlay-context';
import { createMeaningPass } from './meaning-pass';
import { createKeyHandler } from './overlay-keys';
import { createArticleRun, type OverlayModel, pageInfoOf } from './overlay-run';
import { createOverlayUi } from './overlay-ui';
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
  connect?: (name: string) => RuntimePort,
): Overlay {
  const win = doc.defaultView!;
  const host = win.location.hostname;
  /** Lives as long as the content script: the switch-on key and the popup's questions. */
  const root = createLifetime(win, ctx.signal);
  /** Lives while the overlay is on; a disposed one while it is off. */
  let session: Lifetime = root.child();
  session.dispose();
  const m: OverlayModel = {
    active: false,
    siteEnabled: true,
    state: 'working',
    error: null,
    runs: 0,
    generation: 0,
    live: null,
    pageInfo: null,
    result: null,
    analyzedText: '',
    announcement: '',
  };
  const allowToggle = createToggleGate();
  const oc: OverlayContext = {
    ctx,
    doc,
    win,
    request,
    connect,
    life: () => session,
    isActive: () => m.active,
    live: () => m.live,
    pageInfo: () => m.pageInfo,
    result: () => m.result,
    renderUi: () => renderUi(),
    announce: (text) => {
      m.announcement = text;
    },
  };
  const drawing = createHighlightDrawing(oc);
  const selection = createSelectionAnnotator(oc, drawing);
  const popovers = createHighlightPopover(oc, drawing, {
    hoverBlocked: () => selection.busy(),
    dismissed: (match) => {
      if (m.result)
        m.result = {
          ...m.result,
          report: {
            ...m.result.report,
            matches: m.result.report.matches.filter((x) => x !== match),
          },
        };
      setState('ready', false);
    },
  });
  const follow = createPageFollow(oc, {
    rerun: () => analyze(),
    forgetArticle: () => {
      m.result = null;
      m.analyzedText = '';
      clearDrawing();
    },
  });
  const ui = createOverlayUi(ctx, doc, () => renderUi());
  const onKeyDown = createKeyHandler({
    isActive: () => m.active,
    hasItems: () => drawing.items().length > 0,
    toggle: (origin) => void toggle(origin),
    popovers,
    selection,
  });

  const renderUi = () => {
    const { current, focusTick, popover } = popovers.view();
    ui.render(
      h(OverlayApp, {
        current,
        focusTick,
        popover,
        announcement: m.announcement,
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
    );
    // Links through meaning that waited for the reader's popover to close.
    meaning.flush();
  };

  /** `endsRun`: the state is the outcome of reading the page (not of turning off or dismissing a match). */
  const setState = (next: OverlayState, endsRun = next !== 'working') => {
    m.state = next;
    // For the benchmark: when each run finished, whatever its outcome.
    if (endsRun) performance.mark('sourcelight:done');
    ui.report({
      state: next,
      runs: m.runs,
      counts: countByKind(drawing.items()),
      error: m.error,
      meaning: meaning.state(),
    });
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

  // Links through meaning arrive after the lexical highlights are drawn.
  const meaning = createMeaningPass(oc, m, drawing, popovers, () => {
    ui.report({
      state: m.state,
      runs: m.runs,
      counts: countByKind(drawing.items()),
      error: m.error,
      meaning: meaning.state(),
    });
    renderUi();
  });

  const analyze = createArticleRun(oc, m, drawing, popovers, {
    setState,
    clearDrawing,
    turnOff: () => turnOff(),
    renderUi,
    drawn: () => {
      ui.report({
        state: m.state,
        runs: m.runs,
        counts: countByKind(drawing.items()),
        error: m.error,
        drawnMs: Math.round(performance.now()),
        meaning: meaning.state(),
      });
      meaning.start();
    },
  });

  const turnOn = async () => {
    if (m.active) return;
    if (!supportsHighlights(doc) || !doc.body) {
      m.error = 'This browser cannot draw CSS highlights.';
      setState('error');
      return;
    }
    m.active = true;
    const life = (session = root.child());
    // Undone in reverse order when the session ends: the state first, then the page restored.
    drawing.attach();
    life.defer(() => {
      drawing.detach();
      drawing.forget();
    });
    popovers.listen(life);
    selection.listen(life);
    follow.listen();
    life.on(
      win,
      'scroll',
      () => {
        selection.followScroll();
        popovers.followScroll();
      },
      { passive: true },
    );
    life.defer(() => {
      m.generation += 1;
      m.active = false;
      popovers.close(false);
      popovers.reset();
      selection.reset();
    });
    try {
      await ui.mount(life, onKeyDown);
    } catch (e) {
      // E.g. the page itself defined `<sourcelight-overlay>` with a shadow root of its own
      // (tests/fixtures/hostile/squatter.html): give up quietly and leave the page as it was.
      turnOff();
      m.error = `Sourcelight cannot show its highlights on this page: ${e instanceof Error ? e.message : String(e)}`;
      setState('error');
      return;
    }
    if (life.disposed) return;
    performance.mark('sourcelight:mounted');
    renderUi();
    follow.observe(life, doc.body);
    await analyze({ first: true });
  };

  const turnOff = () => {
    session.dispose();
    m.active = false;
    setState('off', false);
  };

  const toggle = async (origin: ToggleOrigin = 'other') => {
    if (!allowToggle(origin, Date.now())) return;
    if (m.active) turnOff();
    else await turnOn();
  };

  return {
    async start() {
      // For the benchmark: when the content script began (see the manifest's run_at).
      performance.mark('sourcelight:start');
      // Only the reader's own key presses (the lifetime drops script-made ones).
      root.on(win, 'keydown', onKeyDown, { capture: true });
      try {
        m.siteEnabled = await request('site.isEnabled', { host });
        performance.mark('sourcelight:enabled');
      } catch (e) {
        // No background answer: stay quiet rather than break the page.
        m.error = e instanceof Error ? e.message : String(e);
        setState('error');
        return;
      }
      if (m.siteEnabled) await turnOn();
      else m.state = 'off';
    },
    toggle,
    async setSiteEnabled(enabled: boolean) {
      m.siteEnabled = enabled;
      if (enabled) await turnOn();
      else turnOff();
    },
    status(): OverlayStatus {
      const bySource = new Map<string, MatchedSource>();
      for (const item of drawing.items()) {
        if (item.kind === 'actor') continue;
        const id = item.match.sourceId;
        const meta = m.result?.sources[id];
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
        state: m.active || m.state === 'error' ? m.state : 'off',
        siteEnabled: m.siteEnabled,
        counts: countByKind(drawing.items()),
        sources: [...bySource.values()].sort((a, b) => b.matches - a.matches),
        error: m.error,
      };
    },
    async refresh() {
      if (!m.active) return;
      // Forget the last answer: the same text must be matched against the changed library.
      m.result = null;
      await analyze();
    },
    article() {
      if (m.pageInfo && m.live) return { page: m.pageInfo, text: m.live.block.text };
      // Not analysed (the overlay is off on this site) or no live article found: read it now.
      const article = extractArticle(doc, { url: win.location.href });
      const page: PageInfo = m.pageInfo ?? pageInfoOf(win.location.href, article);
      return { page, text: article.text };
    },
  };
}
