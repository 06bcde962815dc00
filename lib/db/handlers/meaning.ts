/**
 * The semantic stage in the background: links made through meaning for a page the content script
 * has already drawn lexically, the model's status for the popup, and the vectors of sources the
 * user adds, computed right after they are added. The model itself is loaded by the host (the
 * offscreen document in Chrome, the background page in Firefox); without one, or when it cannot
 * load, every answer is empty and the status says why.
 */
import { pageKey } from '../../anchoring/model';
import type { Library } from '../../library';
import { matchText } from '../../match/index';
import { likelySources } from '../../match/likely-sources';
import {
  type Handlers,
  type LibraryHandlers,
  matchKey,
  type PageInfo,
  type Response,
} from '../../messages';
import { PassDropped, politeEncoder } from '../../semantic/polite-encoder';
import { type SemanticModel, type SemanticSession, semanticSession } from '../../semantic/session';
import type { Match } from '../../types';
import type { ServiceContext } from '../context';
import { summariesFor } from '../sources-store';
import { recordMeaningLinks } from './page';
import { positionsOf, withTexts } from './page-texts';
import { dropVectors, storedEmbeddings } from '../vectors-store';

type MeaningRequests = 'page.meaning' | 'meaning.status';

/**
 * An import of more sources than this has their vectors computed when a page first renders them,
 * not at once: embedding costs some 30 ms a sentence, and a big import would keep the machine busy
 * for minutes.
 */
export const EMBED_ON_ADD_LIMIT = 20;

/** Pages whose lexical matches are kept for their 'page.meaning' request that follows. */
const REMEMBERED_PAGES = 4;

/**
 * The semantic stage's session over the database, or one that says the build has no model. The
 * model takes its turns between pages being read (./foreground.ts), whatever it embeds.
 */
export function meaningSession(
  ctx: ServiceContext,
  load: (() => Promise<SemanticModel>) | undefined,
): SemanticSession {
  return semanticSession(
    load
      ? async () => {
          const model = await load();
          return { ...model, encoder: politeEncoder(model.encoder, ctx.foreground.idle) };
        }
      : () => Promise.reject(new Error('this build has no sentence model')),
    (m) => storedEmbeddings(ctx.db, m.encoder),
  );
}

/**
 * Adds the semantic stage to the handlers: 'page.meaning' and 'meaning.status', and wraps the
 * handlers that add, restore or remove sources so that their vectors follow.
 */
export function withMeaning(
  ctx: ServiceContext,
  handlers: Omit<LibraryHandlers, MeaningRequests | 'page.textPart'>,
  session: SemanticSession,
): Omit<LibraryHandlers, 'page.textPart'> {
  const { foreground } = ctx;
  const lexicalOf = rememberedLexical();
  const analyze = handlers['page.analyze'];
  const embedAdded = (ids: string[]) => {
    if (ids.length === 0 || ids.length > EMBED_ON_ADD_LIMIT) return;
    // After the answer, off its path: the user's import does not wait for the model.
    void (async () => {
      const model = await session.model();
      if (!model) return;
      const embeddingsOf = storedEmbeddings(ctx.db, model.encoder);
      const added = new Set(ids);
      await withTexts(
        ctx,
        (library) => positionsOf(library, added),
        async (library) => {
          for (const prepared of library.sources)
            if (added.has(prepared.source.id)) await embeddingsOf(prepared);
        },
      );
    })().catch((error) => console.warn('Sourcelight: could not embed the new sources:', error));
  };
  /** The page's links through meaning, the model asked `wanted` between its runs. */
  const meaningOf = async (
    page: PageInfo,
    text: string,
    wanted: () => boolean,
  ): Promise<Response<'page.meaning'>> => {
    // Without a model there is nothing to link, and no text to read.
    if (!(await session.model())) return { matches: [], sources: {}, status: session.status() };
    const dismissed = new Set(await ctx.dismissedFor(page.url));
    const remembered = lexicalOf.get(page.url, text);
    // The stage reads only the sources the lexical matches link (`coveredSources`): a waking
    // worker reads those texts, or, when it no longer remembers the page, those it likely meets.
    const { value: matches } = await withTexts(
      ctx,
      (library) =>
        remembered
          ? positionsOf(library, new Set(remembered.map((m) => m.sourceId)))
          : likelySources(text, library),
      async (library) => {
        const lexical = remembered ?? lexicalMatches(library, page.url, text, dismissed);
        return (await session.matches(text, library, lexical, { wanted })).filter(
          (m) => !dismissed.has(matchKey(m)),
        );
      },
    );
    if (matches.length) await recordMeaningLinks(ctx, page.url, matches);
    return {
      matches,
      sources: await summariesFor(ctx, new Set(matches.map((m) => m.sourceId))),
      status: session.status(),
    };
  };
  const meaning: Pick<Handlers, MeaningRequests> = {
    'page.meaning': async ({ page, text }, sender) => {
      const pass = foreground.meaningPass(sender.tabId);
      try {
        return await meaningOf(page, text, pass.wanted);
      } catch (error) {
        // The tab closed or went on to another page: nobody waits for these links.
        if (error instanceof PassDropped) {
          performance.mark('sourcelight:meaning-dropped');
          return { matches: [], sources: {}, status: session.status() };
        }
        throw error;
      } finally {
        pass.end();
      }
    },
    // Asked by the popup: the model is loaded (or found missing) first, so the answer is news.
    'meaning.status': async () => {
      await session.model();
      return session.status();
    },
  };
  return {
    ...handlers,
    ...meaning,
    'page.analyze': async (payload, sender) => {
      const result = await analyze(payload, sender);
      if (result.enabled) lexicalOf.set(payload.page.url, payload.text, result.report.matches);
      return result;
    },
    'library.import': async (payload, sender) => {
      const result = await handlers['library.import'](payload, sender);
      embedAdded(result.added.map((s) => s.id));
      return result;
    },
    'library.addPage': async (payload, sender) => {
      const added = await handlers['library.addPage'](payload, sender);
      embedAdded([added.id]);
      return added;
    },
    'library.addTab': async (payload, sender) => {
      const added = await handlers['library.addTab'](payload, sender);
      embedAdded([added.id]);
      return added;
    },
    'library.restore': async (payload, sender) => {
      const restored = await handlers['library.restore'](payload, sender);
      embedAdded([restored.id]);
      return restored;
    },
    'library.remove': async (payload, sender) => {
      const removed = await handlers['library.remove'](payload, sender);
      await dropVectors(ctx.db, [removed.id]).catch(() => undefined);
      return removed;
    },
  };
}

/** The last few pages' lexical matches, as 'page.analyze' answered them (by URL and text). */
function rememberedLexical() {
  const pages = new Map<string, { text: string; matches: Match[] }>();
  return {
    get(url: string, text: string): Match[] | undefined {
      const found = pages.get(url);
      return found && found.text === text ? found.matches : undefined;
    },
    set(url: string, text: string, matches: Match[]): void {
      pages.delete(url);
      pages.set(url, { text, matches });
      for (const old of pages.keys()) {
        if (pages.size <= REMEMBERED_PAGES) break;
        pages.delete(old);
      }
    },
  };
}

/**
 * The page's lexical matches when the worker no longer remembers them (Chrome stopped it between
 * the two requests): matched again, without the page's own stored copy and the dismissed ones, as
 * 'page.analyze' does.
 */
function lexicalMatches(
  library: Library,
  url: string,
  text: string,
  dismissed: ReadonlySet<string>,
): Match[] {
  const here = pageKey(url);
  const own = new Set(
    library.sources
      .filter((p) => p.source.url && pageKey(p.source.url) === here)
      .map((p) => p.source.id),
  );
  return matchText(text, library).filter(
    (m) => !own.has(m.sourceId) && !dismissed.has(matchKey(m)),
  );
}
