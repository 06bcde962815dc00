/**
 * The shape of every request's payload, checked by the background before any handler runs: a
 * message that does not fit is answered with an error and changes nothing. Checks are shallow
 * (field types); the handlers validate deeper content (sources, annotations) with their own
 * clear messages. The table is typed over every request name, so a new request cannot be served
 * without a shape.
 */
import type { RequestName } from '../messages';

/** A check of one value; returns a problem, or null when the value fits. */
type Check = (value: unknown) => string | null;

const str: Check = (v) => (typeof v === 'string' ? null : 'is not text');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'is not true or false');
const any: Check = () => null;
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? null : check(v);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? null : check(v);
const int: Check = (v) => (Number.isInteger(v) ? null : 'is not a whole number');
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v as string) ? null : `is not one of ${values.join(', ')}`;
const array =
  (item: Check = any): Check =>
  (v) => {
    if (!Array.isArray(v)) return 'is not a list';
    for (const [i, x] of v.entries()) {
      const p = item(x);
      if (p) return `item ${i + 1} ${p}`;
    }
    return null;
  };
const object =
  (fields: Record<string, Check> = {}): Check =>
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'is not an object';
    for (const [name, check] of Object.entries(fields)) {
      const p = check((v as Record<string, unknown>)[name]);
      if (p) return `field "${name}" ${p}`;
    }
    return null;
  };

const pageInfo = object({
  url: str,
  title: nullable(str),
  siteName: nullable(str),
  published: nullable(str),
  byline: nullable(str),
  lang: nullable(str),
});
const none = object();

/** Request name → the check of its payload. */
const SHAPES: { [K in RequestName]: Check } = {
  'page.analyze': object({ page: pageInfo, text: str, textKey: optional(str) }),
  'page.textPart': object({ key: str, index: int, count: int, part: str }),
  'page.meaning': object({ page: pageInfo, text: str, textKey: optional(str) }),
  'meaning.status': none,
  'source.get': object({ id: str }),
  'passage.compare': object({ page: str, source: str }),
  'actor.details': object({ name: str }),
  'match.dismiss': object({ url: str, key: str }),
  'site.setEnabled': object({ host: str, enabled: bool }),
  'site.isEnabled': object({ host: str }),
  'library.prepare': none,
  'page.extract': object({ html: str, url: str }),
  'page.openAway': none,
  'library.list': none,
  'library.import': object({
    sources: array(object()),
    origin: oneOf('default', 'file', 'paste', 'page'),
    where: optional(str),
    files: optional(array(str)),
  }),
  'library.update': object({ id: str, changes: object() }),
  'library.remove': object({ id: str }),
  'library.restore': object({ removed: object({ source: object() }) }),
  'library.export': none,
  'library.addPage': object({ page: pageInfo, text: str }),
  'library.addTab': object({ tabId: int }),
  'library.defaults': none,
  'library.addDefaults': none,
  'annotation.save': object({
    draft: object({
      id: optional(str),
      url: str,
      pageTitle: optional(nullable(str)),
      selectors: array(object()),
      note: str,
      tags: array(str),
    }),
  }),
  'annotation.listForPage': object({ url: str }),
  'annotation.notesForPage': object({ url: str }),
  'annotation.list': object({ query: optional(str) }),
  'annotation.anchored': object({ url: str, anchored: array(str), orphans: array(str) }),
  'annotation.delete': object({ id: str }),
  'annotation.export': none,
  'annotation.import': object({
    data: any,
    where: str,
    documents: optional(array(object({ name: str, data: any }))),
  }),
  'visits.list': object({ host: optional(str) }),
  'corrections.get': object({ kind: oneOf('actors') }),
  'corrections.set': object({ kind: oneOf('actors'), value: any }),
  'actors.list': none,
  'settings.get': object({ key: str }),
  'settings.set': object({ key: str, value: any }),
  'sync.status': none,
  'sync.configure': object({
    config: object({ server: str, database: str, username: str, password: str, enabled: bool }),
  }),
  'sync.retry': none,
  'sync.undoRemoval': object({ id: str }),
  'sync.keepVersion': object({ id: str, version: int }),
};

/** What is wrong with `payload` for request `name` (an unknown name included), or null when it fits. */
export function payloadProblem(name: string, payload: unknown): string | null {
  if (!Object.hasOwn(SHAPES, name)) return `Unknown request "${name}".`;
  const check = SHAPES[name as RequestName];
  const problem = check(payload);
  return problem ? `Malformed "${name}" request: the payload ${problem}.` : null;
}
