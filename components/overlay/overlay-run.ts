/**
 * One run of the overlay: read the article (in the page, or away from it when big), find it in the
 * live page, ask the background to match it (unless the text is unchanged), draw. Every await may
 * see a newer run or the overlay switched off; the run's generation lets a stale run stop without
 * a trace.
 */
import {
  createReadingSkip,
  type LiveArticle,
  locateArticleSliced,
  readLiveTextSliced,
} from '../../lib/dom/article-region';
import { readAhead, type ReadAhead } from '../../lib/dom/read-ahead';
import { readArticle } from '../../lib/extract-offpage';
import { awayReader } from '../../lib/messaging/read-away';
import { sendAhead } from '../../lib/messaging/text-parts';
import type { AnalyzeResult, PageInfo } from '../../lib/messages';
import { buildHighlights } from '../../lib/overlay/model';
import type { OverlayState } from '../../lib/overlay/tab-messages';
import type { ExtractedArticle } from '../../lib/types';
import type { HighlightDrawing } from './highlight-drawing';
import type { HighlightPopover } from './highlight-popover';
import type { OverlayContext } from './overlay-context';

/** The state one overlay's parts share; the controller owns it, runs update it. */
export interface OverlayModel {
  active: boolean;
  siteEnabled: boolean;
  state: OverlayState;
  error: string | null;
  /** Finished runs, whatever their outcome. */
  runs: number;
  /** Bumped by every run and by switching off: an older run's awaits find it changed and stop. */
  generation: number;
  live: LiveArticle | null;
  pageInfo: PageInfo | null;
  result: AnalyzeResult | null;
  analyzedText: string;
  announcement: string;
}

/** What a run asks of the controller. */
export interface RunHooks {
  /** `endsRun`: the state is the outcome of reading the page. */
  setState(next: OverlayState, endsRun?: boolean): void;
  clearDrawing(): void;
  turnOff(): void;
  renderUi(): void;
  drawn(): void;
}

/** Creates the run of one overlay; `analyze()` starts a run (a newer one makes older ones stale). */
export function createArticleRun(
  oc: OverlayContext,
  m: OverlayModel,
  drawing: HighlightDrawing,
  popovers: HighlightPopover,
  hooks: RunHooks,
): (options?: { first?: boolean }) => Promise<void> {
  const { doc, win, request } = oc;
  const skip = createReadingSkip(win);
  const yieldToPage = () => oc.life().pause();

  return async (options: { first?: boolean } = {}) => {
    const gen = ++m.generation;
    const stale = () => gen !== m.generation || !m.active;
    m.error = null;
    hooks.setState('working');
    // A rerun lets the page paint its change first; the first run starts at once. (Waiting for the
    // page's first paint before reading was tried: the paint came no sooner, the highlights 50 ms
    // later; bench/page-cost.ts.)
    if (!options.first) await yieldToPage();
    if (stale()) return;
    // The live page read while a big page's article is read away from it (see lib/dom/read-ahead.ts).
    let ahead = null as ReadAhead | null;
    try {
      performance.mark('sourcelight:extract-start');
      // When the page looks like an article, a waking background builds its library while Readability runs.
      const prepare = () => void request('library.prepare', {}).catch(() => undefined);
      // A big page is read away from it (Readability would hold the page for its whole run).
      const extract = (html: string, url: string) => request('page.extract', { html, url });
      const away =
        oc.connect &&
        awayReader({
          openAway: () => request('page.openAway', {}),
          extract,
          connect: oc.connect,
          pause: yieldToPage,
        });
      const read = await readArticle(doc, {
        url: win.location.href,
        onReaderable: prepare,
        openAway: away ? away.open : undefined,
        extractAway: away ? away.read : extract,
        whileAway: () => {
          // Sent again through the background (the offscreen document had closed): the page is
          // read once all the same.
          if (ahead) return;
          performance.mark('sourcelight:ahead-start');
          ahead = readAhead(doc, skip, (t, init, cb) => oc.life().observe(t, init, cb), {
            pause: yieldToPage,
            stale,
          });
          // For the benchmark's timeline: when the reading ahead was done.
          void ahead?.done.then((read) => {
            if (read) performance.measure('sourcelight:ahead', 'sourcelight:ahead-start');
          });
        },
        setTimer: (f, ms) => oc.life().setTimeout(f, ms),
        pause: yieldToPage,
      });
      const article = read.article;
      performance.mark('sourcelight:read-end');
      if (read.serializeMs !== null) measureDuration('sourcelight:serialize', read.serializeMs);
      if (read.parseMs != null) measureDuration('sourcelight:parse-away', read.parseMs);
      // For the tests and the benchmark: the page's HTML went straight to the offscreen document.
      if (read.where === 'extension' && away?.via() === 'port')
        performance.mark('sourcelight:read-direct');
      if (read.where === 'page')
        performance.measure('sourcelight:readability', 'sourcelight:extract-start');
      else {
        performance.measure('sourcelight:extract-away', 'sourcelight:extract-start');
        measureDuration('sourcelight:readability', read.readabilityMs);
      }
      if (read.fallback) console.debug(`Sourcelight read this page in place: ${read.fallback}.`);
      if (stale()) return;
      // Readability and the live-text walk are separate tasks, so the page can paint in between; on
      // a long article the walk itself is cut into short tasks.
      await yieldToPage();
      if (stale()) return;
      performance.mark('sourcelight:live-start');
      const slicing = { pause: yieldToPage, stale };
      // What was read ahead, unless the page changed it since; what it cannot tell is read now.
      ahead?.stop();
      const located = article.isArticle ? await ahead?.locate(article.text) : null;
      if (stale()) return;
      if (located !== undefined && ahead) performance.mark('sourcelight:ahead-located');
      const at =
        located !== undefined
          ? located
          : article.isArticle
            ? await locateArticleSliced(doc, article.text, slicing)
            : null;
      await yieldToPage();
      if (stale()) return;
      const readBefore = at?.root.isConnected ? ((await ahead?.textOf(at.root)) ?? null) : null;
      if (stale()) return;
      ahead?.release();
      if (readBefore) performance.mark('sourcelight:ahead-read');
      const block = at?.root.isConnected
        ? (readBefore ?? (await readLiveTextSliced(at.root, skip, slicing)))
        : null;
      if (stale()) return;
      const found: LiveArticle | null =
        at && block && at.root.isConnected ? { ...at, block } : null;
      performance.measure('sourcelight:live-text', 'sourcelight:live-start');
      performance.measure('sourcelight:extract', 'sourcelight:extract-start');
      m.pageInfo = pageInfoOf(win.location.href, article);
      if (!found) {
        m.live = null;
        hooks.clearDrawing();
        m.runs += 1;
        hooks.setState('not-article');
        return;
      }
      const text = found.block.text;
      // Same text and every drawn span still in the page: nothing to redraw (no flicker).
      if (
        drawing.isDrawn() &&
        m.result &&
        text === m.analyzedText &&
        m.live &&
        drawing.spansLive()
      ) {
        m.runs += 1;
        hooks.setState('ready');
        return;
      }
      await yieldToPage();
      if (stale()) return;
      if (!m.result || text !== m.analyzedText) {
        performance.mark('sourcelight:match-start');
        // A long text goes ahead in parts: one message of it all held the page for 90-100 ms.
        const carried = await sendAhead(
          text,
          (part) => request('page.textPart', part),
          yieldToPage,
        );
        if (carried.textKey) performance.mark('sourcelight:text-parts');
        if (stale()) return;
        const answer = await request('page.analyze', { page: m.pageInfo, ...carried });
        performance.measure('sourcelight:match', 'sourcelight:match-start');
        // The background's own matching time, without messaging and storage: what the benchmarks compare with Readability.
        if (answer.timings) {
          measureDuration('sourcelight:matcher', answer.timings.matchMs);
          measureDuration('sourcelight:actors', answer.timings.actorsMs);
        }
        if (stale()) return;
        m.result = answer;
        m.analyzedText = text;
        if (!answer.enabled) {
          m.siteEnabled = false;
          hooks.turnOff();
          return;
        }
      }
      performance.mark('sourcelight:highlight-start');
      const layout = await drawing.layout(
        found.block.pieces,
        buildHighlights(m.result.report, text.length),
        stale,
      );
      if (!layout) return;
      m.live = found;
      drawing.adopt(found, layout);
      popovers.reset();
      drawing.drawItems();
      await drawing.drawSaved(text, found, () => gen !== m.generation);
      performance.measure('sourcelight:highlight', 'sourcelight:highlight-start');
      performance.mark('sourcelight:drawn');
      // For the benchmark: the page has rendered the highlights (its long tasks up to here are ours).
      oc.life().requestAnimationFrame(() =>
        oc.life().setTimeout(() => performance.mark('sourcelight:painted'), 0),
      );
      m.runs += 1;
      hooks.setState('ready');
      hooks.drawn();
      const n = drawing.items().length;
      m.announcement = n
        ? `Sourcelight: ${n} highlight${n === 1 ? '' : 's'} on this page. Alt+Shift+N goes to the next one.`
        : '';
      hooks.renderUi();
    } catch (e) {
      if (gen !== m.generation) return;
      m.error = e instanceof Error ? e.message : String(e);
      m.runs += 1;
      hooks.setState('error');
    } finally {
      ahead?.release();
    }
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

/** What the background records about a page: its address and the article's metadata. */
export function pageInfoOf(url: string, article: ExtractedArticle): PageInfo {
  return {
    url,
    title: article.title,
    siteName: article.siteName,
    published: article.published,
    byline: article.byline,
    lang: article.lang,
  };
}
