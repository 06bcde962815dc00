/**
 * Real exports import whole (issue 26): export files written for the project in the shapes
 * Hypothesis, W3C annotation servers and Zotero write (tests/fixtures/imports/), read by the same
 * code the options page and the CLI use, then stored and exported again unchanged.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { annotationKind, quoteSelector } from '../../lib/anchoring/model';
import { openDatabase } from '../../lib/db/schema';
import { createLibraryService, type LibraryService } from '../../lib/db/service';
import { countKinds, readAnnotationDocuments } from '../../lib/import/annotations';
import { readSourceFiles } from '../../lib/import/sources';
import { parseDocument, parseXmlDocument } from '../../lib/node/dom';
import type { NamedText } from '../../lib/sources';

const DIR = join(import.meta.dirname, '../fixtures/imports');
const json = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8'));
const doc = (name: string) => ({ name, data: json(name) });
const ids = () => {
  let n = 0;
  return () => `urn:uuid:test-${++n}`;
};
/** Every file under a fixture folder, named by its path inside it, as a folder picker hands them. */
function folder(name: string): NamedText[] {
  const out: NamedText[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push({ name: relative(DIR, full), text: readFileSync(full, 'utf8') });
    }
  };
  walk(join(DIR, name));
  return out;
}
const parsers = { parseHtml: parseDocument, parseXml: parseXmlDocument };

describe('Hypothesis search API rows', () => {
  const read = readAnnotationDocuments([doc('hypothesis-rows.json')], ids());

  it('brings in highlights, the page note, the replies and the orphan, refusing none', () => {
    expect(countKinds(read.annotations)).toEqual({
      highlight: 2,
      'page-note': 1,
      reply: 3,
      orphan: 1,
    });
    const note = read.annotations.find((a) => annotationKind(a) === 'page-note')!;
    expect(note.target).toEqual({
      source: 'https://harbour-gazette.example/2026/03/01/port-strike-talks',
      selector: [],
    });
    expect(note.body.map((b) => b.value)).toEqual([
      "Page note: the piece never names who convened the talks. Check the ministry's statement of 28 February.",
      'follow-up',
    ]);
  });

  it('keeps each reply in its thread, and a reply whose annotation was deleted with its page', () => {
    const replies = read.annotations.filter((a) => annotationKind(a) === 'reply');
    expect(replies.map((r) => r['sourcelight:references'])).toEqual([
      ['urn:hypothesis:Hk3vQe9aEe-demo001'],
      ['urn:hypothesis:Hk3vQe9aEe-demo001', 'urn:hypothesis:Hk3vQe9aEe-demo005'],
      ['urn:hypothesis:Hk3vQe9aEe-deleted9'],
    ]);
    expect(replies[2]!.target.source).toBe('https://tidewater-post.example/news/dock-dispute');
    expect(read.remarks.join('\n')).toMatch(
      /replies, annotation 3: a reply to "urn:hypothesis:Hk3vQe9aEe-deleted9", which is not in the file/,
    );
  });

  it('keeps a highlight with only an XPath range as an orphan and says why', () => {
    const orphan = read.annotations.find((a) => annotationKind(a) === 'orphan')!;
    expect(orphan.id).toBe('urn:hypothesis:Hk3vQe9aEe-demo004');
    expect(orphan['sourcelight:orphanReason']).toMatch(/RangeSelector.*TextQuoteSelector/);
  });
});

describe('a W3C collection whose pages are files of their own', () => {
  const files = ['w3c-collection.json', 'w3c-page-0.json', 'w3c-page-1.json'];

  it('imports every page, in order, whatever the order the files were selected in', () => {
    for (const order of [files, [...files].reverse()]) {
      const read = readAnnotationDocuments(order.map(doc), ids());
      expect(read.annotations.map((a) => a.id)).toEqual(
        [1, 2, 3, 4, 5].map((n) => `https://notes.example/anno/${n}`),
      );
      expect(read.documents).toEqual([
        { name: 'w3c-collection.json', format: 'W3C AnnotationCollection', count: 5 },
      ]);
    }
  });

  it('gives a W3C reply the page of the annotation it answers, and reads a bare IRI target as a page note', () => {
    const read = readAnnotationDocuments(files.map(doc), ids());
    const [, note, reply] = read.annotations;
    expect(annotationKind(note!)).toBe('page-note');
    expect(note!.body[0]!.value).toMatch(/^Whole page/);
    expect(annotationKind(reply!)).toBe('reply');
    expect(reply!.target.source).toBe('https://tidewater-post.example/news/dock-dispute');
    expect(reply!['sourcelight:references']).toEqual(['https://notes.example/anno/1']);
  });

  it('refuses the collection whole when one of its pages was not selected, naming the page', () => {
    expect(() =>
      readAnnotationDocuments([doc('w3c-collection.json'), doc('w3c-page-0.json')], ids()),
    ).toThrow(
      /^w3c-page-0\.json: links to the AnnotationPage "https:\/\/notes\.example\/collections\/dock-dispute\?page=1", which is not among the files selected/,
    );
    expect(() => readAnnotationDocuments([doc('w3c-collection.json')], ids())).toThrow(
      /not among the files selected/,
    );
  });

  it('refuses a collection whose pages hold fewer annotations than it says', () => {
    const collection = { ...json('w3c-collection.json'), total: 7 };
    expect(() =>
      readAnnotationDocuments(
        [{ name: 'c.json', data: collection }, doc('w3c-page-0.json'), doc('w3c-page-1.json')],
        ids(),
      ),
    ).toThrow(/^c\.json: says it holds 7 annotations, but its pages hold 5/);
  });
});

describe('Zotero collections', () => {
  it('reads a Zotero RDF export with its snapshots: metadata from Zotero, text from Readability', () => {
    const read = readSourceFiles(folder('zotero-rdf'), parsers);
    expect(read.sources.map(({ source: { text, ...meta } }) => meta)).toEqual([
      {
        id: 'port-strike-talks-resume-after-weekend-stand-off',
        title: 'Port strike talks resume after weekend stand-off',
        outlet: 'Harbour Gazette',
        url: 'https://harbour-gazette.example/2026/03/01/port-strike-talks',
        published: '2026-03-01',
        language: 'en',
      },
      {
        id: 'dock-dispute-enters-second-week',
        title: 'Dock dispute enters second week',
        outlet: 'Tidewater Post',
        url: 'https://tidewater-post.example/news/dock-dispute',
        published: '2026-03-08',
        language: 'en',
      },
    ]);
    const [gazette] = read.sources;
    expect(gazette!.source.text).toMatch(/^Negotiators for the dockworkers' union/);
    expect(gazette!.source.text).not.toMatch(/Home|Saved by Zotero/);
    expect(read.skipped).toEqual([
      {
        item: 'Statement on the harbour dispute',
        reason: expect.stringMatching(/^no HTML snapshot/),
      },
    ]);
    expect(read.ignored).toEqual(['zotero-rdf/files/15/style.css']);
  });

  it('reads CSL JSON with a folder of saved pages, found by the item id or by the page URL', () => {
    const read = readSourceFiles(folder('csl'), parsers);
    expect(
      read.sources.map((s) => [s.source.id, s.source.outlet, s.source.published, s.file]),
    ).toEqual([
      [
        'port-strike-talks-resume-after-weekend-stand-off',
        'Harbour Gazette',
        '2026-03-01',
        'csl/pages/gazette-strike.html',
      ],
      [
        'dock-dispute-enters-second-week',
        'Tidewater Post',
        '2026-03-08',
        'csl/pages/saved-page-3.html',
      ],
    ]);
    expect(read.skipped.map((s) => s.item)).toEqual(['Statement on the harbour dispute']);
  });

  it('refuses a truncated RDF export instead of importing part of it', () => {
    const files = folder('zotero-rdf');
    const rdf = files.find((f) => f.name.endsWith('.rdf'))!;
    rdf.text = rdf.text.slice(0, Math.floor(rdf.text.length * 0.6));
    expect(() => readSourceFiles(files, parsers)).toThrow(
      /^zotero-rdf\/Dock dispute\.rdf: is not well-formed XML \(.+\)$/,
    );
  });

  it('gives new ids that do not clash with sources already in the library', () => {
    const read = readSourceFiles(folder('csl'), {
      ...parsers,
      taken: new Set(['dock-dispute-enters-second-week']),
    });
    expect(read.sources.map((s) => s.source.id)).toContain('dock-dispute-enters-second-week-2');
  });
});

describe('stored, exported and imported again', () => {
  let factory: IDBFactory;
  let clock = 0;
  const from = { tabId: null, url: null };
  const service = async (name: string): Promise<LibraryService> =>
    createLibraryService({
      db: await openDatabase({ factory, name }),
      now: () => Date.UTC(2026, 2, 10) + ++clock,
      newId: () => `urn:uuid:n${++clock}`,
    });
  beforeEach(() => {
    factory = new IDBFactory();
  });

  async function filled(): Promise<LibraryService> {
    const a = await service('a');
    await a.handlers['annotation.import'](
      { data: json('hypothesis-rows.json'), where: 'hypothesis-rows.json' },
      from,
    );
    const w3c = ['w3c-collection.json', 'w3c-page-0.json', 'w3c-page-1.json'].map(doc);
    await a.handlers['annotation.import']({ data: null, where: 'w3c', documents: w3c }, from);
    const read = readSourceFiles(folder('zotero-rdf'), parsers);
    await a.handlers['library.import'](
      { sources: read.sources.map((s) => s.source), origin: 'file' },
      from,
    );
    return a;
  }

  it('shows the overlay only highlights, and the popup the page note and its threads', async () => {
    const a = await filled();
    const page = 'https://harbour-gazette.example/2026/03/01/port-strike-talks';
    const highlights = await a.handlers['annotation.listForPage']({ url: `${page}#top` }, from);
    expect(highlights.map((h) => quoteSelector(h)?.exact)).toEqual([
      'about 4,000 dockworkers walked out on Monday morning',
      'the night shift was halted for the first time since 1998',
    ]);
    const { notes, replies, unanswered } = await a.handlers['annotation.notesForPage'](
      { url: page },
      from,
    );
    expect(notes.map((n) => n.id)).toEqual(['urn:hypothesis:Hk3vQe9aEe-demo002']);
    expect(replies.map((r) => r.id)).toEqual([
      'urn:hypothesis:Hk3vQe9aEe-demo005',
      'urn:hypothesis:Hk3vQe9aEe-demo006',
    ]);
    expect(unanswered).toEqual([]);
    const other = await a.handlers['annotation.notesForPage'](
      { url: 'https://tidewater-post.example/news/dock-dispute' },
      from,
    );
    expect(other.unanswered).toEqual(['urn:hypothesis:Hk3vQe9aEe-demo007']);
  });

  it('exports page notes, replies and orphans, and an export imports into an empty library identical', async () => {
    const a = await filled();
    const exported = JSON.parse(JSON.stringify(await a.handlers['library.export']({}, from)));
    expect(exported.annotations.total).toBe(12);
    const b = await service('b');
    const result = await b.handlers['annotation.import'](
      { data: exported, where: 'export.json' },
      from,
    );
    expect(result).toEqual({ added: 12, updated: 0, unchanged: 0 });
    await b.handlers['library.import']({ sources: exported.sources, origin: 'file' }, from);
    const again = JSON.parse(JSON.stringify(await b.handlers['library.export']({}, from)));
    expect(again.annotations).toEqual(exported.annotations);
    const texts = (e: typeof exported) =>
      e.sources
        .map(({ addedAt, origin, ...s }: Record<string, unknown>) => s)
        .sort((x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id));
    expect(texts(again)).toEqual(texts(exported));
  });

  it('changes nothing when an export is imported back into the library it came from', async () => {
    const a = await filled();
    const exported = JSON.parse(JSON.stringify(await a.handlers['annotation.export']({}, from)));
    expect(
      await a.handlers['annotation.import']({ data: exported, where: 'export.json' }, from),
    ).toEqual({
      added: 0,
      updated: 0,
      unchanged: 12,
    });
    expect(JSON.parse(JSON.stringify(await a.handlers['annotation.export']({}, from)))).toEqual(
      exported,
    );
  });
});
