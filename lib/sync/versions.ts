/**
 * A source's other versions (texts members gave one id while apart) as the bridge keeps and shows
 * them: carried over by local writes, and shown as excerpts where the texts part ways, so a
 * member can choose between versions without opening either whole text.
 */
import type { SourceConflict } from '../sync-protocol';
import type { SyncDoc } from './docs';
import { MERGE_DEVICE } from './merge';

/** How much text an excerpt shows before and from the first difference. */
const BEFORE = 60;
const LENGTH = 220;

/** The passage of `text` around where it first differs from `other` (plain text, with ellipses). */
export function departureExcerpt(text: string, other: string): string {
  let p = 0;
  const n = Math.min(text.length, other.length);
  while (p < n && text.charCodeAt(p) === other.charCodeAt(p)) p++;
  // Back to a word's start, so the excerpt does not open mid-word.
  let start = Math.max(0, p - BEFORE);
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space >= 0 && p - space <= BEFORE * 2 ? space + 1 : start;
  }
  const end = Math.min(text.length, start + LENGTH);
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${body}${end < text.length ? ' …' : ''}`;
}

/**
 * A local record's document with the other versions the stored document keeps (those that are not
 * the record's own text): a local write never drops a colleague's text.
 */
export function withVersions(doc: SyncDoc, stored: SyncDoc | null): SyncDoc {
  if (doc.kind !== 'source' || stored?.kind !== 'source' || !stored.versions?.length) return doc;
  const versions = stored.versions.filter((v) => v.source.text !== doc.source.text);
  if (!versions.length) return doc;
  // Still the text the stored document says is whose: that stays said.
  const by = stored.device === MERGE_DEVICE ? stored.textBy : stored.device;
  const same = stored.source.text === doc.source.text && by;
  return { ...doc, versions, ...(same ? { textBy: by } : {}) };
}

/** How the options page shows a source with other versions. */
export function conflictView(
  doc: Extract<SyncDoc, { kind: 'source' }>,
  device: string,
  at: number,
): SourceConflict {
  const others = doc.versions ?? [];
  const own = { source: doc.source, device: doc.textBy ?? doc.device, updatedAt: doc.updatedAt };
  return {
    id: doc.source.id,
    title: doc.source.title,
    at,
    versions: [own, ...others].map((v, i) => ({
      chars: v.source.text.length,
      excerpt: departureExcerpt(v.source.text, (i === 0 ? others[0]! : own).source.text),
      byMe: v.device === device,
      updatedAt: v.updatedAt,
    })),
  };
}
