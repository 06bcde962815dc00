/**
 * Saved annotations in the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/),
 * so an export opens in other annotation tools and theirs import here. A Sourcelight annotation
 * targets a page URL with a TextQuoteSelector (exact text plus 32 characters of context each side)
 * and a TextPositionSelector into the page's article text.
 */

/** The JSON-LD context every exported annotation carries. */
export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** The quoted text with the text just before and after it, which re-finds it when the page shifts. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** Character offsets (UTF-16 code units, like JavaScript strings) into the page's article text. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** The selectors Sourcelight reads; other selector types from imported files are kept but ignored. */
export type Selector = TextQuoteSelector | TextPositionSelector;

/** A note (purpose "commenting") or a tag (purpose "tagging"). */
export interface TextualBody {
  type: 'TextualBody';
  value: string;
  purpose: 'commenting' | 'tagging';
  format?: 'text/plain';
}

/** What an annotation points at: a page and where in its text. */
export interface AnnotationTarget {
  source: string;
  selector: Selector[];
}

/** One saved annotation. `created`/`modified` are ISO timestamps. */
export interface WebAnnotation {
  '@context': typeof ANNOTATION_CONTEXT;
  id: string;
  type: 'Annotation';
  /** 'replying' for a reply in a thread (its target names the page; `sourcelight:references` the thread). */
  motivation: 'commenting' | 'highlighting' | 'replying';
  created: string;
  modified: string;
  body: TextualBody[];
  target: AnnotationTarget;
  /** Sourcelight's extras: the page title when saved (shown in lists). */
  'sourcelight:pageTitle'?: string | null;
  /** Set when the passage was not found on the page at the last visit (an orphan); kept, never dropped. */
  'sourcelight:orphanedAt'?: string;
  /**
   * For a reply: the ids of the annotations it answers, the thread's first annotation first and
   * the one it answers directly last (Hypothesis' `references`).
   */
  'sourcelight:references'?: string[];
  /** Set at import when the annotation points at a passage Sourcelight cannot find (no usable selector): why. */
  'sourcelight:orphanReason'?: string;
}

/**
 * What an annotation is to the reader: a highlight of a passage, a note about the whole page (no
 * selector), a reply in a thread, or an orphan kept from an import whose passage cannot be found.
 */
export type AnnotationKind = 'highlight' | 'page-note' | 'reply' | 'orphan';

/** The kind of a stored annotation (see `AnnotationKind`). */
export function annotationKind(
  a: Pick<
    WebAnnotation,
    'target' | 'motivation' | 'sourcelight:references' | 'sourcelight:orphanReason'
  >,
): AnnotationKind {
  if (a.motivation === 'replying' || (a['sourcelight:references']?.length ?? 0) > 0) return 'reply';
  if (a['sourcelight:orphanReason']) return 'orphan';
  return quoteSelector(a) ? 'highlight' : 'page-note';
}

/** What a page hands the background to save (or edit, when `id` is given) an annotation. */
export interface AnnotationDraft {
  id?: string;
  url: string;
  pageTitle?: string | null;
  selectors: Selector[];
  note: string;
  tags: string[];
}

/** A W3C AnnotationCollection with all items on one page: the export format. */
export interface AnnotationCollection {
  '@context': typeof ANNOTATION_CONTEXT;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: { type: 'AnnotationPage'; items: WebAnnotation[] };
}

/** The key annotations of a page are stored under: the URL without its fragment. */
export function pageKey(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}

/** The annotation's quote selector, if any. */
export function quoteSelector(a: Pick<WebAnnotation, 'target'>): TextQuoteSelector | null {
  return (
    a.target.selector.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector') ?? null
  );
}

/** The annotation's note text ('' when it has none). */
export function noteOf(a: Pick<WebAnnotation, 'body'>): string {
  return a.body
    .filter((b) => b.purpose === 'commenting')
    .map((b) => b.value)
    .join('\n');
}

/** The annotation's tags. */
export function tagsOf(a: Pick<WebAnnotation, 'body'>): string[] {
  return a.body.filter((b) => b.purpose === 'tagging').map((b) => b.value);
}

/** Normalises tags: trimmed, no empties, no duplicates (case-insensitive), order kept. */
export function cleanTags(tags: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

/**
 * Builds the W3C annotation for a draft. `previous` keeps the id and creation time when editing;
 * `newId` makes ids (a `urn:uuid:` in the extension).
 */
export function createAnnotation(
  draft: AnnotationDraft,
  now: Date,
  newId: () => string,
  previous?: WebAnnotation,
): WebAnnotation {
  const quote = draft.selectors.find((s) => s.type === 'TextQuoteSelector');
  if (!quote || quote.exact.trim() === '') throw new Error('An annotation needs selected text.');
  const body: TextualBody[] = [];
  const note = draft.note.trim();
  if (note)
    body.push({ type: 'TextualBody', value: note, purpose: 'commenting', format: 'text/plain' });
  for (const tag of cleanTags(draft.tags))
    body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  return {
    '@context': ANNOTATION_CONTEXT,
    id: previous?.id ?? draft.id ?? newId(),
    type: 'Annotation',
    motivation: note ? 'commenting' : 'highlighting',
    created: previous?.created ?? now.toISOString(),
    modified: now.toISOString(),
    body,
    target: { source: pageKey(draft.url), selector: draft.selectors },
    'sourcelight:pageTitle': draft.pageTitle ?? previous?.['sourcelight:pageTitle'] ?? null,
  };
}

/** Wraps annotations as a W3C AnnotationCollection for export. */
export function toCollection(
  items: WebAnnotation[],
  label = 'Sourcelight annotations',
): AnnotationCollection {
  return {
    '@context': ANNOTATION_CONTEXT,
    type: 'AnnotationCollection',
    label,
    total: items.length,
    first: { type: 'AnnotationPage', items },
  };
}

/** Whether an annotation matches a free-text search over its quote, note, tags, page title and URL. */
export function annotationMatches(a: WebAnnotation, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [
    quoteSelector(a)?.exact ?? '',
    noteOf(a),
    tagsOf(a).join(' '),
    a['sourcelight:pageTitle'] ?? '',
    a.target.source,
  ]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}
