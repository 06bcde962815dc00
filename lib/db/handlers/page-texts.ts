/**
 * The library a request works on with only the texts it needs: a waking worker reads its index
 * first and each source's text on demand (lib/db/library-texts.ts), so a page, or the meaning pass
 * after it, reads the texts of the sources it meets, not the whole library's.
 */
import { TextNotRead } from '../../lazy-text';
import type { Library } from '../../library';
import type { ServiceContext } from '../context';

/** Performance marks for the benchmark (bench/cold-worker.ts reads the first page's steps). */
interface Marks {
  library?: string;
  texts?: string;
  missed?: string;
}

/**
 * Runs `use` on the library once the texts at `positions` are read. When `use` meets a source whose
 * text was not foreseen, it runs again once every text is read: never on a missing text.
 */
export async function withTexts<T>(
  ctx: ServiceContext,
  positions: (library: Library) => Iterable<number>,
  use: (library: Library) => T | Promise<T>,
  marks: Marks = {},
): Promise<{ value: T; library: Library }> {
  const held = await ctx.getPageLibrary();
  if (marks.library) performance.mark(marks.library);
  let library = (await ctx.readTexts(held, () => positions(held))) ? held : await ctx.getLibrary();
  if (marks.texts) performance.mark(marks.texts);
  try {
    return { value: await use(library), library };
  } catch (error) {
    if (!(error instanceof TextNotRead)) throw error;
    if (marks.missed) performance.mark(marks.missed);
    library = await ctx.getLibrary();
    return { value: await use(library), library };
  }
}

/** Positions in `library` of the sources with these ids. */
export function positionsOf(library: Library, ids: ReadonlySet<string>): number[] {
  const out: number[] = [];
  library.sources.forEach((p, i) => {
    if (ids.has(p.source.id)) out.push(i);
  });
  return out;
}
