/**
 * One imported annotation item (W3C or a Hypothesis API row) turned into the stored W3C shape.
 * Malformed fields throw an ImportError naming the item; selectors Sourcelight cannot use make an
 * orphan with the reason instead.
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
const kindOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : `a ${typeof v}`;

/** Hypothesis ids are bare; a scheme keeps them recognisable and stable, so a re-import updates instead of duplicating. */
export function normaliseId(id: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(id) ? id : `urn:hypothesis:${id}`;
}

/** Converts one raw item; `where` names it in messages. */
export function convertItem(
  raw: unknown,
  where: string,
  newId: () => string,
  now: Date,
): WebAnnotation {
  if (!isObject(raw)) throw new ImportError(where, `is ${kindOf(raw)}, not an annotation object`);
  if (raw.type !== undefined && raw.type !== 'Annotation')
    throw new ImportError(where, `has the type ${JSON.stringify(raw.type)}, not "Annotation"`);
  if (raw.id !== undefined && typeof raw.id !== 'string')
    throw new ImportError(where, `has an id that is ${kindOf(raw.id)}, not text`);
  const target = targetOf(raw, where);
  const url = str(target.source) ?? str(raw.uri);
  if (!url) throw new ImportError(where, 'has no target "source": which page is it about?');
  const { selectors, unusable } = readSelectors(target.selector, where);
  const references = readReferences(raw, where);
  const reply = raw.motivation === 'replying' || references.length > 0;
  const body = readBody(raw, where);
  const created = validDate(raw.created) ?? now.toISOString();
  const modified = validDate(raw.modified) ?? validDate(raw.updated) ?? created;
  const id = str(raw.id);
  const doc = isObject(raw.document) ? raw.document : null;
  const title =
    str(raw['sourcelight:pageTitle']) ??
    (doc && Array.isArray(doc.title) ? str(doc.title[0]) : null);
  const hasQuote = selectors.some((s) => s.type === 'TextQuoteSelector');
  const orphanReason =
    str(raw['sourcelight:orphanReason']) ??
    (!reply && !hasQuote && (unusable.length > 0 || selectors.length > 0)
      ? `its selectors (${[...unusable, ...selectors.map((s) => s.type)].join(', ')}) do not include a TextQuoteSelector, the only kind Sourcelight can find again on a page`
      : null);
  const orphanedAt = validDate(raw['sourcelight:orphanedAt']);
  return {
    '@context': ANNOTATION_CONTEXT,
    id: id ? normaliseId(id) : newId(),
    type: 'Annotation',
    motivation: reply
      ? 'replying'
      : body.some((b) => b.purpose === 'commenting')
        ? 'commenting'
        : 'highlighting',
    created,
    modified,
    body,
    // A reply names its page; where it stands is its thread.
    target: { source: pageKey(url), selector: reply ? [] : selectors },
    'sourcelight:pageTitle': title,
    ...(orphanedAt ? { 'sourcelight:orphanedAt': orphanedAt } : {}),
    ...(references.length ? { 'sourcelight:references': references } : {}),
    ...(orphanReason && !reply ? { 'sourcelight:orphanReason': orphanReason } : {}),
  };
}

/** The item's target as an object: W3C allows a bare IRI, Hypothesis a list with one entry. */
function targetOf(raw: Record<string, unknown>, where: string): Record<string, unknown> {
  let target = raw.target;
  if (Array.isArray(target)) {
    if (target.length === 0) target = undefined;
    else target = target[0];
  }
  if (typeof target === 'string') return { source: target };
  if (target === undefined && str(raw.uri)) return { source: raw.uri };
  if (target === undefined) throw new ImportError(where, 'has no target: which page is it about?');
  if (!isObject(target))
    throw new ImportError(where, `has a target that is ${kindOf(target)}, not a page or an object`);
  if (target.source === undefined && typeof target.id === 'string')
    return { ...target, source: target.id };
  if (target.source !== undefined && typeof target.source !== 'string')
    throw new ImportError(
      where,
      `has a target "source" that is ${kindOf(target.source)}, not a URL`,
    );
  return target;
}

/** Selectors Sourcelight reads, and the names of well-formed ones it cannot use. */
function readSelectors(
  value: unknown,
  where: string,
): { selectors: Selector[]; unusable: string[] } {
  const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const selectors: Selector[] = [];
  const unusable: string[] = [];
  list.forEach((s, i) => {
    const at = `${where}, selector ${i + 1}`;
    if (!isObject(s)) throw new ImportError(at, `is ${kindOf(s)}, not a selector object`);
    if (typeof s.type !== 'string' || s.type === '')
      throw new ImportError(at, 'has no "type" saying what kind of selector it is');
    if (s.type === 'TextQuoteSelector') {
      if (typeof s.exact !== 'string' || s.exact.trim() === '')
        throw new ImportError(at, 'is a TextQuoteSelector without the quoted text ("exact")');
      for (const key of ['prefix', 'suffix'] as const)
        if (s[key] !== undefined && typeof s[key] !== 'string')
          throw new ImportError(at, `has a "${key}" that is ${kindOf(s[key])}, not text`);
      selectors.push({
        type: 'TextQuoteSelector',
        exact: s.exact,
        ...(typeof s.prefix === 'string' ? { prefix: s.prefix } : {}),
        ...(typeof s.suffix === 'string' ? { suffix: s.suffix } : {}),
      });
    } else if (s.type === 'TextPositionSelector') {
      const { start, end } = s;
      if (
        !Number.isSafeInteger(start) ||
        !Number.isSafeInteger(end) ||
        (start as number) < 0 ||
        (start as number) > (end as number)
      )
        throw new ImportError(
          at,
          'is a TextPositionSelector whose "start" and "end" are not offsets (whole numbers, start ≤ end)',
        );
      selectors.push({ type: 'TextPositionSelector', start: start as number, end: end as number });
    } else {
      unusable.push(s.type);
    }
  });
  return { selectors, unusable };
}

/** The thread a reply belongs to: Hypothesis' `references`, or Sourcelight's own field. */
function readReferences(raw: Record<string, unknown>, where: string): string[] {
  const value = raw['sourcelight:references'] ?? raw.references;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((r) => typeof r === 'string' && r !== ''))
    throw new ImportError(where, '"references" should be a list of annotation ids');
  return value.map(normaliseId);
}

function readBody(raw: Record<string, unknown>, where: string): TextualBody[] {
  const body: TextualBody[] = [];
  const bodies: unknown[] = Array.isArray(raw.body)
    ? raw.body
    : raw.body !== undefined
      ? [raw.body]
      : [];
  if (typeof raw.bodyValue === 'string') bodies.push(raw.bodyValue);
  for (const b of bodies) {
    if (typeof b === 'string') {
      if (b.trim())
        body.push({
          type: 'TextualBody',
          value: b.trim(),
          purpose: 'commenting',
          format: 'text/plain',
        });
    } else if (isObject(b)) {
      if (b.value !== undefined && typeof b.value !== 'string')
        throw new ImportError(where, `has a body whose "value" is ${kindOf(b.value)}, not text`);
      if (!str(b.value)) continue; // An image or link body: nothing Sourcelight shows.
      const purpose = b.purpose === 'tagging' ? 'tagging' : 'commenting';
      body.push({
        type: 'TextualBody',
        value: (b.value as string).trim(),
        purpose,
        ...(purpose === 'commenting' ? { format: 'text/plain' as const } : {}),
      });
    } else throw new ImportError(where, `has a body that is ${kindOf(b)}`);
  }
  // Hypothesis keeps the note in `text` and the tags in `tags`.
  if (raw.text !== undefined && raw.text !== null && typeof raw.text !== 'string')
    throw new ImportError(where, `has a "text" that is ${kindOf(raw.text)}, not text`);
  if (str(raw.text))
    body.push({
      type: 'TextualBody',
      value: (raw.text as string).trim(),
      purpose: 'commenting',
      format: 'text/plain',
    });
  if (raw.tags !== undefined && raw.tags !== null) {
    if (!Array.isArray(raw.tags) || !raw.tags.every((t) => typeof t === 'string'))
      throw new ImportError(where, '"tags" should be a list of words');
    const known = new Set(
      body.filter((b) => b.purpose === 'tagging').map((b) => b.value.toLowerCase()),
    );
    for (const tag of cleanTags(raw.tags as string[])) {
      if (!known.has(tag.toLowerCase()))
        body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
    }
  }
  return body;
}

function validDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
