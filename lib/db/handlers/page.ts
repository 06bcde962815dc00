/**
 * Requests of the content script about the page it runs on: analysing the article, reading it
 * away from a big page, popover details, dismissing a match, and whether the site is switched on.
 */
import { analyzeText } from '../../analyze';
import { pageKey } from '../../anchoring/model';
import { comparePassages } from '../../diff/compare';
import { OFF_PAGE_TIMEOUT_MS } from '../../extract-offpage';
import {
  type Handlers,
  matchKey,
  type PageInfo,
  type PageVisit,
  type VisitMatch,
} from '../../messages';
import type { Match, PageReport, Source } from '../../types';
import type { Library } from '../../library';
import { likelySources } from '../../match/likely-sources';
import { findActors } from '../../actors/index';
import { loadWordTables } from '../../text/words';
import { createLibrary, indexRulesProbe } from '../../library';
import { actorDetails } from '../actor-views';
import { type ServiceContext, siteKey } from '../context';
import { guardQuota } from '../schema';
import { summariesFor } from '../sources-store';
import { withTexts } from './page-texts';

type PageRequests =
  | 'page.analyze'
  | 'page.extract'
  | 'page.openAway'
  | 'library.prepare'
  | 'source.get'
  | 'passage.compare'
  | 'actor.details'
  | 'match.dismiss'
  | 'site.setEnabled'
  | 'site.isEnabled';

/** The handlers of the page's requests. */
export function pageHandlers(ctx: ServiceContext): Pick<Handlers, PageRequests> {
  const { db } = ctx;
  /** The library and its word tables, ready for a 'page.analyze' that is likely to follow. */
  const prepareLibrary = async () => {
    const lib = await ctx.getPageLibrary();
    performance.mark('sourcelight:library-built');
    loadWordTables();
    performance.mark('sourcelight:word-tables');
    // The actor matcher (merged actors, the user's corrections applied) is built now, not by the page.
    findActors('', lib, await ctx.actorCorrections());
    performance.mark('sourcelight:actors-ready');
    return lib;
  };

  return {
    'page.analyze': async ({ page, text }) => {
      // For the benchmark (bench/cold-worker.ts reads the worker's marks): the first page's steps.
      performance.mark('sourcelight:analyze');
      let host = '';
      try {
        host = new URL(page.url).hostname;
      } catch {
        // Analyse anyway; only visit recording needs a host.
      }
      const enabled = host ? await ctx.isEnabled(host) : true;
      const empty = {
        page: { title: page.title, url: page.url, isArticle: false, textLength: text.length },
        matches: [],
        actors: [],
      };
      if (!enabled) return { report: empty, sources: {}, dismissed: [], enabled };
      const timings = { matchMs: 0, actorsMs: 0 };
      // Read from IndexedDB (in the browser's process) while this thread matches.
      const dismissing = ctx.dismissedFor(page.url);
      const corrections = await ctx.actorCorrections();
      // A waking worker reads the texts of the sources this page likely meets, not all of them.
      const likely = (library: Library) => {
        const found = likelySources(text, library);
        performance.mark('sourcelight:page-likely');
        return found;
      };
      const { value, library: lib } = await withTexts(
        ctx,
        likely,
        (library) =>
          analyzeText(
            text,
            library,
            { title: page.title, url: page.url },
            { corrections, timings },
          ),
        {
          library: 'sourcelight:analyze-library',
          texts: 'sourcelight:page-texts',
          missed: 'sourcelight:texts-missed',
        },
      );
      const report: PageReport = value;
      performance.mark('sourcelight:analyzed');
      ctx.libraryUsed(lib);
      // A page saved as a source is no evidence about itself: leave its own stored copy out.
      const here = pageKey(page.url);
      const own = new Set(
        lib.sources
          .filter((p) => p.source.url && pageKey(p.source.url) === here)
          .map((p) => p.source.id),
      );
      if (own.size) {
        report.matches = report.matches.filter((m) => !own.has(m.sourceId));
        report.actors = report.actors
          .map((a) => ({ ...a, sourceIds: a.sourceIds.filter((id) => !own.has(id)) }))
          .filter((a) => a.sourceIds.length > 0);
      }
      const dismissed = await dismissing;
      if (dismissed.length) {
        const gone = new Set(dismissed);
        report.matches = report.matches.filter((m) => !gone.has(matchKey(m)));
      }
      // The page is not kept waiting for its visit's record (the dashboard's): its transaction is
      // opened now, so any later read of the visits sees it, and a failure costs only that record.
      if (report.matches.length || report.actors.length)
        recordVisit(ctx, page, text, report).catch((e) =>
          console.warn(
            `Sourcelight did not record this page's visit: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      const ids = new Set([
        ...report.matches.map((m) => m.sourceId),
        ...report.actors.flatMap((a) => a.sourceIds),
      ]);
      const sources = await summariesFor(ctx, ids);
      performance.mark('sourcelight:answered');
      return { report, sources, dismissed, enabled, timings };
    },
    'page.extract': async ({ html, url }) => {
      if (!ctx.options.extractAway)
        throw new Error('This browser cannot read pages away from them.');
      const reading = ctx.options.extractAway(html, url);
      // The page's article is on its way: the library is got ready meanwhile, as for 'library.prepare'.
      void prepareLibrary().catch(() => undefined);
      return reading;
    },
    'page.openAway': async (_, sender) => {
      // The page's article is on its way, as for 'page.extract'.
      void prepareLibrary().catch(() => undefined);
      // The page has its article read away from here next, and may send nothing till its next
      // request: it counts as being read till then, as long as it waits for that reading at most.
      ctx.foreground.awaitNext(sender.tabId, OFF_PAGE_TIMEOUT_MS);
      if (!ctx.options.openAway) return { direct: false };
      await ctx.options.openAway();
      return { direct: true };
    },
    'library.prepare': async () => ({ sources: (await prepareLibrary()).sources.length }),
    'source.get': async ({ id }) => (await db.get('sources', id))?.source ?? null,
    // Passages are sentences; a longer text is cut so a bad caller cannot stall the worker.
    'passage.compare': async ({ page, source }) =>
      comparePassages(page.slice(0, 4000), source.slice(0, 4000)),
    'actor.details': async ({ name }) =>
      actorDetails(await ctx.getLibrary(), name, await ctx.actorCorrections()),
    'match.dismiss': async ({ url, key }) => {
      const page = pageKey(url);
      await guardQuota('the dismissed match', async () => {
        const tx = db.transaction('corrections', 'readwrite');
        const old = await tx.store.get(`dismissed:${page}`);
        const keys = old?.kind === 'dismissed' ? old.keys : [];
        if (!keys.includes(key)) keys.push(key);
        await tx.store.put({
          key: `dismissed:${page}`,
          kind: 'dismissed',
          url: page,
          keys,
          updatedAt: ctx.now(),
        });
        await tx.done;
      });
    },
    'site.setEnabled': async ({ host, enabled }) => {
      await guardQuota('the site setting', () =>
        db.put('settings', { key: siteKey(host), value: enabled }),
      );
    },
    'site.isEnabled': async ({ host }) => {
      const enabled = await ctx.isEnabled(host);
      if (enabled) warmPageCode(ctx.defaultSources[0]);
      return enabled;
    },
  };
}

let warmed = false;

/**
 * Once per worker, soon after a tab starts loading (when that woke the worker) or right after the
 * answer to a page's first request (its site switch): the index rules' probe and the word tables,
 * then one small analysis of `sample` (a source of the embedded library, against itself). While the
 * waking worker's library is read from IndexedDB (in the browser's own process) and the page loads
 * or reads its article, this thread would wait idle; run before the site switch's answer, they held
 * the page up instead (their first run compiles the tokenising and sentence code: 100-300 ms on the
 * loaded 2-core test machine). The small analysis compiles the matching and actor code, which the
 * first page's analysis compiled itself before (55 ms against 10 warm at 10,000 sources).
 */
export function warmPageCode(sample?: Source): void {
  if (warmed) return;
  warmed = true;
  setTimeout(() => {
    indexRulesProbe();
    loadWordTables();
    performance.mark('sourcelight:rules-ready');
    if (sample) setTimeout(() => warmMatcher(sample), 0);
  }, 0);
}

/** Characters of the sample analysed: its opening holds quotes, names and narrative sentences. */
const SAMPLE_CHARS = 1_500;

/** One analysis of a source's opening against a library of that source alone (its result is dropped). */
function warmMatcher(sample: Source): void {
  try {
    const text = sample.text.slice(0, SAMPLE_CHARS);
    const library = createLibrary([sample]);
    likelySources(text, library);
    analyzeText(text, library);
  } catch {
    // Only a head start is lost; the page's own analysis compiles what it needs.
  }
  performance.mark('sourcelight:matcher-warm');
}

/** Records (or refreshes) the visit of a page that rendered something from the library, for the dashboard. */
async function recordVisit(
  ctx: ServiceContext,
  page: PageInfo,
  text: string,
  report: ReturnType<typeof analyzeText>,
): Promise<void> {
  const url = pageKey(page.url);
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return; // Not a web page (e.g. about:blank): nothing to compare across outlets.
  }
  const t = ctx.now();
  await guardQuota('the page visit', async () => {
    const tx = ctx.db.transaction('visits', 'readwrite');
    const old = await tx.store.get(url);
    const visit: PageVisit = {
      url,
      host,
      outlet: page.siteName?.trim() || host.replace(/^www\./, ''),
      title: page.title,
      published: page.published,
      byline: page.byline,
      lang: page.lang,
      visitedAt: t,
      firstVisitedAt: old?.firstVisitedAt ?? t,
      visitCount: (old?.visitCount ?? 0) + 1,
      textLength: text.length,
      // Without the source text (that stays in the library).
      matches: report.matches.map(visitMatch),
      actors: [...new Set(report.actors.map((a) => a.name))],
    };
    await tx.store.put(visit);
    await tx.done;
  });
}

/** A match as a visit keeps it: without the source text (that stays in the library). */
function visitMatch(m: Match): VisitMatch {
  return {
    kind: m.kind,
    pageStart: m.pageStart,
    pageEnd: m.pageEnd,
    pageText: m.pageText,
    sourceId: m.sourceId,
    sourceStart: m.sourceStart,
    sourceEnd: m.sourceEnd,
    score: m.score,
    divergences: m.divergences,
    speaker: m.speaker,
    ...(m.via ? { via: m.via } : {}),
  };
}

/**
 * Adds a page's links made through meaning to its recorded visit, replacing those of an earlier
 * pass, so the dashboard counts them too. They arrive after the lexical ones, which recorded the
 * visit; a page with no visit (nothing drawn lexically) gets none.
 */
export async function recordMeaningLinks(
  ctx: ServiceContext,
  pageUrl: string,
  matches: Match[],
): Promise<void> {
  const url = pageKey(pageUrl);
  await guardQuota('the page visit', async () => {
    const tx = ctx.db.transaction('visits', 'readwrite');
    const visit = await tx.store.get(url);
    if (!visit) return;
    const lexical = visit.matches.filter((m) => m.via !== 'meaning');
    await tx.store.put({ ...visit, matches: [...lexical, ...matches.map(visitMatch)] });
    await tx.done;
  });
}
