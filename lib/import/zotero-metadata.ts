/**
 * Reading the metadata of a Zotero export: Zotero RDF (the "Export Collection… / Zotero RDF"
 * format, with "Export Files" giving the snapshots), Zotero JSON (web API items) and CSL JSON.
 * Each becomes a list of items with the fields a source needs and the paths of their snapshots.
 * Pure apart from `parseXml`, which the caller supplies.
 */
import { ImportError } from './errors';

/** One bibliographic item of an export, reduced to what a source needs. */
export interface ZoteroItem {
  /** How messages name the item: its title, else its key or URL. */
  label: string;
  /** The item's key or CSL id, when the export gives one (saved pages may be named after it). */
  key: string | null;
  title: string | null;
  outlet: string | null;
  url: string | null;
  published: string | null;
  language: string | null;
  /** Paths of HTML snapshots, relative to the export's folder, as the export writes them. */
  snapshots: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : null;

/** Item types that are not works of their own. */
const NOT_ITEMS = new Set(['attachment', 'note', 'annotation']);

/** Whether parsed JSON looks like CSL JSON or Zotero JSON (items with a type and no text of their own). */
export function isBibliographyJson(json: unknown): boolean {
  const list = Array.isArray(json)
    ? json
    : isObject(json) && Array.isArray(json.items)
      ? json.items
      : null;
  if (!list || list.length === 0) return false;
  return list.every(
    (e) =>
      isObject(e) &&
      e.text === undefined &&
      (typeof e.itemType === 'string' ||
        (isObject(e.data) && typeof e.data.itemType === 'string') ||
        (typeof e.type === 'string' && ('title' in e || 'URL' in e))),
  );
}

/** Items of a CSL JSON or Zotero JSON document. */
export function itemsFromJson(json: unknown, where: string): ZoteroItem[] {
  const list = (Array.isArray(json) ? json : (json as { items: unknown[] }).items) as Record<
    string,
    unknown
  >[];
  const flat = list.map((e) => (isObject(e.data) ? e.data : e));
  // Zotero JSON lists attachments as items of their own, pointing at their parent.
  const attachments = new Map<string, string[]>();
  for (const e of flat) {
    if (e.itemType !== 'attachment' || typeof e.parentItem !== 'string') continue;
    const file = text(e.path) ?? text(e.filename);
    if (file && /\.x?html?$/i.test(file))
      attachments.set(e.parentItem, [...(attachments.get(e.parentItem) ?? []), file]);
  }
  const items: ZoteroItem[] = [];
  flat.forEach((e, i) => {
    const type = text(e.itemType) ?? text(e.type);
    if (type && NOT_ITEMS.has(type)) return;
    const key = text(e.key) ?? (typeof e.id === 'number' ? String(e.id) : text(e.id));
    const title = text(e.title);
    const url = text(e.url) ?? text(e.URL);
    items.push({
      label: title ?? key ?? url ?? `${where}, item ${i + 1}`,
      key,
      title,
      outlet:
        text(e.publicationTitle) ??
        text(e.websiteTitle) ??
        text(e.blogTitle) ??
        text(e['container-title']),
      url,
      published: text(e.date) ? normaliseDate(e.date as string) : cslDate(e.issued),
      language: text(e.language),
      snapshots: key ? (attachments.get(key) ?? []) : [],
    });
  });
  return items;
}

/** A CSL date: `{ "date-parts": [[2025, 6, 18]] }` or `{ raw: "…" }`. */
function cslDate(v: unknown): string | null {
  if (!isObject(v)) return null;
  const parts = Array.isArray(v['date-parts']) ? v['date-parts'][0] : null;
  if (Array.isArray(parts) && parts.length > 0 && parts.every((p) => Number.isInteger(Number(p)))) {
    const [y, m, d] = parts.map(Number);
    return [
      String(y).padStart(4, '0'),
      m && String(m).padStart(2, '0'),
      d && String(d).padStart(2, '0'),
    ]
      .filter(Boolean)
      .join('-');
  }
  return text(v.raw) ? normaliseDate(v.raw as string) : null;
}

/** An ISO date (or year-month, or year) from a date as people type it; the text itself when unreadable. */
export function normaliseDate(raw: string): string {
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(raw.trim());
  if (iso) return iso.slice(1).filter(Boolean).join('-');
  const t = new Date(raw);
  if (Number.isNaN(t.getTime())) return raw.trim();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
}

/** The direct children of an element whose name (prefix left out) is `name`. */
function children(el: Element, name: string): Element[] {
  return [...el.children].filter((c) => localName(c) === name);
}
function localName(el: Element): string {
  return (el.tagName.split(':').pop() ?? '').toLowerCase();
}
function childText(el: Element, name: string): string | null {
  return text(children(el, name)[0]?.textContent);
}

/** Items of a Zotero RDF document. Throws ImportError when it is not well-formed Zotero RDF. */
export function itemsFromRdf(
  xml: string,
  where: string,
  parseXml: (xml: string) => Document,
): ZoteroItem[] {
  const problem = xmlProblem(xml);
  if (problem) throw new ImportError(where, `is not well-formed XML (${problem})`);
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (!root || doc.getElementsByTagName('parsererror').length > 0 || localName(root) !== 'rdf')
    throw new ImportError(where, 'is not a Zotero RDF export (no rdf:RDF element)');
  const byAbout = new Map<string, Element>();
  for (const el of root.children) {
    const about = el.getAttribute('rdf:about');
    if (about) byAbout.set(about, el);
  }
  const items: ZoteroItem[] = [];
  for (const el of root.children) {
    const type = childText(el, 'itemtype');
    if (!type || NOT_ITEMS.has(type)) continue;
    const about = el.getAttribute('rdf:about');
    const identifier = children(el, 'identifier')[0];
    const uri = identifier ? children(identifier, 'uri')[0] : undefined;
    const url =
      (uri && childText(uri, 'value')) ?? (about && /^https?:/i.test(about) ? about : null);
    const partOf = children(el, 'ispartof')[0]?.firstElementChild;
    const snapshots: string[] = [];
    for (const link of children(el, 'link')) {
      const attachment = byAbout.get(link.getAttribute('rdf:resource') ?? '');
      if (!attachment) continue;
      const type = childText(attachment, 'type');
      for (const res of children(attachment, 'resource')) {
        const path = res.getAttribute('rdf:resource');
        if (path && (type === 'text/html' || /\.x?html?$/i.test(path))) snapshots.push(path);
      }
    }
    const title = childText(el, 'title');
    items.push({
      label: title ?? url ?? about ?? `${where}, item ${items.length + 1}`,
      key: about?.startsWith('#') ? about.slice(1) : null,
      title,
      outlet: partOf ? childText(partOf, 'title') : null,
      url,
      published: childText(el, 'date') ? normaliseDate(childText(el, 'date')!) : null,
      language: childText(el, 'language'),
      snapshots,
    });
  }
  return items;
}

/**
 * Why an XML text is not well-formed (tags that do not nest, or left open), or null. The CLI's
 * DOM (linkedom) reads broken XML without complaint, and a truncated export must not import half.
 */
export function xmlProblem(xml: string): string | null {
  const body = xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)(?:\s[^<>]*?)?(\/?)>|</g;
  let roots = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    if (m[2] === undefined) return `a stray "<" at character ${m.index}`;
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) return `</${m[2]}> closes ${open ? `<${open}>` : 'nothing'}`;
    } else if (!m[3]) {
      if (stack.length === 0) roots++;
      stack.push(m[2]);
    }
  }
  if (stack.length > 0) return `<${stack.at(-1)}> is never closed: the file may be cut short`;
  if (roots !== 1) return roots === 0 ? 'no element at all' : 'more than one top element';
  return null;
}
