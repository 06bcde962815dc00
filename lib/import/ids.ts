/** Ids and limits shared by the source readers. */

/** Shortest article text accepted from an HTML page: less is a teaser, a paywall or a non-article. */
export const MIN_ARTICLE_CHARS = 200;
/** Largest file accepted: a news article is far smaller; anything bigger is almost surely the wrong file. */
export const MAX_FILE_BYTES = 5_000_000;
/**
 * Largest annotation export or collection metadata file accepted: years of notes are a few MB; a
 * bigger file is almost surely the wrong one, and reading it whole would stall the options page.
 */
export const MAX_IMPORT_BYTES = 20_000_000;

/** A lowercase ASCII slug for ids, at most 60 characters. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\.(html?|php|aspx?)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
