/**
 * Reads annotation files from other tools (and Sourcelight exports) into W3C Web Annotations:
 * a W3C AnnotationCollection or AnnotationPage, an array, a single annotation, or Hypothesis API
 * rows (`{ rows: [...] }` or an array of `{ uri, text, tags, target: [{ source, selector }] }`).
 * Pure and all-or-nothing: the first unusable item rejects the file with a message naming it.
 */
import {
  ANNOTATION_CONTEXT,
  cleanTags,
  pageKey,
  type Selector,
  type TextualBody,
  type WebAnnotation,
} from '../anchoring/model';
import { ImportError } from './errors';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Parses an annotation document; `where` names the file in messages, `newId` makes ids for items without one. */
export function parseAnnotations(
  data: unknown,
  where: string,
  newId: () => string,
  now = new Date(),
): WebAnnotation[] {
  const items = annotationItems(data);
  if (!items) {
    throw new ImportError(
      where,
      'expected W3C annotations (an AnnotationCollection, an array or one Annotation) or Hypothesis API rows',
    );
  }
  if (items.length === 0) throw new ImportError(where, 'the file holds no annotations');
  return items.map((item, i) => toWebAnnotation(item, `${where}, annotation ${i + 1}`, newId, now));
}

function annotationItems(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (!isObject(data)) return null;
  if (Array.isArray(data.rows)) return data.rows; // Hypothesis search API
  if (Array.isArray(data.items)) return data.items; // AnnotationPage
  if (isObject(data.first)) {
    const first = data.first;
    if (Array.isArray(first.items)) return first.items; // AnnotationCollection with an embedded page
  }
  if (data.type === 'Annotation' || 'target' in data) return [data];
  return null;
}

function toWebAnnotation(
  raw: unknown,
  where: string,
  newId: () => string,
  now: Date,
): WebAnnotation {
  if (!isObject(raw)) throw new ImportError(where, 'is not an object');
  const target = Array.isArray(raw.target) ? raw.target[0] : raw.target;
  if (!isObject(target))
    throw new ImportError(
      where,
      'has no target with a text selector (page notes without selected text cannot be anchored)',
    );
  const url = str(target.source) ?? str(raw.uri);
  if (!url) throw new ImportError(where, 'has no target "source" URL');
  const rawSelectors: unknown[] = Array.isArray(target.selector)
    ? target.selector
    : target.selector
      ? [target.selector]
      : [];
  const selectors: Selector[] = [];
  for (const s of rawSelectors) {
    if (!isObject(s)) continue;
    if (s.type === 'TextQuoteSelector' && str(s.exact)) {
      selectors.push({
        type: 'TextQuoteSelector',
        exact: s.exact as string,
        ...(typeof s.prefix === 'string' ? { prefix: s.prefix } : {}),
        ...(typeof s.suffix === 'string' ? { suffix: s.suffix } : {}),
      });
    } else if (
      s.type === 'TextPositionSelector' &&
      Number.isInteger(s.start) &&
      Number.isInteger(s.end) &&
      (s.start as number) <= (s.end as number) &&
      (s.start as number) >= 0
    ) {
      selectors.push({
        type: 'TextPositionSelector',
        start: s.start as number,
        end: s.end as number,
      });
    }
  }
  if (!selectors.some((s) => s.type === 'TextQuoteSelector')) {
    throw new ImportError(
      where,
      `on ${url} has no TextQuoteSelector, so it cannot be found again on the page`,
    );
  }
  const body: TextualBody[] = [];
  const bodies: unknown[] = Array.isArray(raw.body)
    ? raw.body
    : raw.body !== undefined
      ? [raw.body]
      : [];
  for (const b of bodies) {
    if (typeof b === 'string' && b.trim())
      body.push({
        type: 'TextualBody',
        value: b.trim(),
        purpose: 'commenting',
        format: 'text/plain',
      });
    else if (isObject(b) && str(b.value)) {
      const purpose = b.purpose === 'tagging' ? 'tagging' : 'commenting';
      body.push({
        type: 'TextualBody',
        value: (b.value as string).trim(),
        purpose,
        ...(purpose === 'commenting' ? { format: 'text/plain' as const } : {}),
      });
    }
  }
  // Hypothesis keeps the note in `text` and the tags in `tags`.
  if (str(raw.text))
    body.push({
      type: 'TextualBody',
      value: (raw.text as string).trim(),
      purpose: 'commenting',
      format: 'text/plain',
    });
  if (Array.isArray(raw.tags)) {
    const known = new Set(
      body.filter((b) => b.purpose === 'tagging').map((b) => b.value.toLowerCase()),
    );
    for (const tag of cleanTags(raw.tags.filter((t): t is string => typeof t === 'string'))) {
      if (!known.has(tag.toLowerCase()))
        body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
    }
  }
  const created = validDate(raw.created) ?? now.toISOString();
  const modified = validDate(raw.modified) ?? validDate(raw.updated) ?? created;
  const id = str(raw.id);
  const doc = isObject(raw.document) ? raw.document : null;
  const title =
    str(raw['sourcelight:pageTitle']) ??
    (doc && Array.isArray(doc.title) ? str(doc.title[0]) : null);
  return {
    '@context': ANNOTATION_CONTEXT,
    // Hypothesis ids are bare; keep them recognisable and stable so a re-import updates instead of duplicating.
    id: id ? (/^[a-z][a-z0-9+.-]*:/i.test(id) ? id : `urn:hypothesis:${id}`) : newId(),
    type: 'Annotation',
    motivation: body.some((b) => b.purpose === 'commenting') ? 'commenting' : 'highlighting',
    created,
    modified,
    body,
    target: { source: pageKey(url), selector: selectors },
    'sourcelight:pageTitle': title,
    ...(validDate(raw['sourcelight:orphanedAt'])
      ? { 'sourcelight:orphanedAt': validDate(raw['sourcelight:orphanedAt'])! }
      : {}),
  };
}

function validDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
