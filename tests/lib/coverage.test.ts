import { describe, expect, it } from 'vitest';
import {
  buildCoverage,
  coverageToCsv,
  coverageToJson,
  CSV_HEADER,
  csvField,
  filterCoverage,
  segmentSentences,
  sourceUnits,
  type CoverageMatch,
  type CoverageVisit,
  type SourceCoverage,
} from '../../lib/coverage/index';
import { createLibrary } from '../../lib/library';
import type { Source } from '../../lib/types';
import { PIER_QUOTE, pierSource } from '../helpers/pier-source';

const SOURCE = pierSource();
const TEXT = SOURCE.text;
const QUOTE = PIER_QUOTE;
const CLAIM =
  'Brandt said 14 workers were on the pier when the crane fell and 3 were taken to hospital.';

/** A match on `sourceWords` of the source, as the matcher would report it. */
function match(
  sourceWords: string,
  pageText: string,
  extra: Partial<CoverageMatch> = {},
): CoverageMatch {
  const start = TEXT.indexOf(sourceWords);
  if (start < 0) throw new Error(`not in source: ${sourceWords}`);
  return {
    kind: 'verbatim',
    sourceId: 'pier',
    sourceStart: start,
    sourceEnd: start + sourceWords.length,
    sourceText: sourceWords,
    pageText,
    score: 1,
    ...extra,
  };
}

const visit = (
  url: string,
  outlet: string | null,
  matches: CoverageMatch[],
  extra: Partial<CoverageVisit> = {},
): CoverageVisit => ({
  url,
  outlet,
  title: `${outlet} page`,
  published: null,
  matches,
  actors: [],
  ...extra,
});

/** The cell of a row (found by its text) in an outlet's column. */
function cell(sc: SourceCoverage, rowText: string, outlet: string) {
  const exact = sc.rows.findIndex((row) => row.text === rowText);
  const r = exact >= 0 ? exact : sc.rows.findIndex((row) => row.text.includes(rowText));
  const c = sc.columns.findIndex((col) => col.name === outlet);
  expect(r, `row "${rowText}"`).toBeGreaterThanOrEqual(0);
  expect(c, `column "${outlet}"`).toBeGreaterThanOrEqual(0);
  return sc.cells[r]![c]!;
}

describe('coverage rows', () => {
  it('lists the quote and the key claims, leaves out promo lines and plain sentences', () => {
    const rows = sourceUnits(SOURCE);
    const texts = rows.map((r) => r.text);
    expect(rows.find((r) => r.kind === 'quote')?.text).toBe(QUOTE);
    expect(texts).toContain(CLAIM);
    expect(texts.some((t) => t.includes('Subscribe'))).toBe(false);
    expect(texts.some((t) => t.startsWith('The pier handles'))).toBe(false);
  });

  it('adds a plain sentence as a row once a page rendered it', () => {
    const start = TEXT.indexOf('The pier handles');
    const rows = sourceUnits(SOURCE, [{ start, end: start + 20 }]);
    expect(rows.some((r) => r.kind === 'sentence' && r.text.startsWith('The pier handles'))).toBe(
      true,
    );
  });

  it('does not end sentences at abbreviations or initials', () => {
    const text =
      'The U.S. envoy met Mr. Holm and J. K. Ossian in St. Aurel on Friday. Talks resumed! “Why now?” Nothing was agreed.';
    const spans = segmentSentences(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual([
      'The U.S. envoy met Mr. Holm and J. K. Ossian in St. Aurel on Friday.',
      'Talks resumed!',
      '“Why now?”',
      'Nothing was agreed.',
    ]);
  });

  it('keeps a two-sentence quote as one row', () => {
    const text = '“The gates stay shut. We owe that to the town,” the mayor said on Monday.';
    const rows = sourceUnits({ ...SOURCE, text });
    expect(rows.filter((r) => r.kind === 'quote').map((r) => r.text)).toEqual([
      'The gates stay shut. We owe that to the town',
    ]);
    expect(rows.some((r) => r.text.startsWith('We owe'))).toBe(false);
  });
});

describe('buildCoverage', () => {
  const visits = [
    visit('https://www.harbourpost.example/a', 'Harbour Post', [
      match(QUOTE, QUOTE),
      match(CLAIM, CLAIM),
    ]),
    visit('https://coastline.example/b', 'Coastline', [
      match(QUOTE, 'We won’t reopen the pier until all the cranes are inspected', {
        kind: 'variant',
        score: 0.6,
      }),
    ]),
    visit('https://gazette.example/c', 'The Gazette', [
      match(CLAIM, 'Fourteen workers were on the pier, 5 were hospitalised', {
        kind: 'paraphrase',
        score: 0.7,
        divergences: [{ page: '5', source: '3', what: 'number differs' }],
      }),
    ]),
  ];
  const coverage = buildCoverage([SOURCE], visits);
  const sc = coverage.sources[0]!;

  it('has one column per outlet and the kind of rendering in each cell', () => {
    expect(sc.columns.map((c) => c.name)).toEqual(['Harbour Post', 'Coastline', 'The Gazette']);
    expect(cell(sc, QUOTE, 'Harbour Post').kind).toBe('verbatim');
    expect(cell(sc, QUOTE, 'Coastline').kind).toBe('variant');
    expect(cell(sc, QUOTE, 'The Gazette').kind).toBe('absent');
    expect(cell(sc, CLAIM, 'The Gazette').kind).toBe('paraphrase');
    expect(cell(sc, CLAIM, 'Coastline').kind).toBe('absent');
  });

  it('lists changed quotes and diverging numbers per outlet', () => {
    const [post, coast, gazette] = sc.columns;
    expect(coast!.summary.quotesChanged.map((n) => n.pageText)).toEqual([
      'We won’t reopen the pier until all the cranes are inspected',
    ]);
    expect(post!.summary.quotesChanged).toEqual([]);
    expect(gazette!.summary.numberDivergences).toHaveLength(1);
    expect(gazette!.summary.numberDivergences[0]!.detail).toContain('5 vs 3');
  });

  it('scores faithfulness as documented: verbatim 1, variant by score, paraphrase 0.5, halved on a divergence', () => {
    const [post, coast, gazette] = sc.columns;
    expect(post!.summary.faithfulness).toBe(1);
    expect(coast!.summary.faithfulness).toBeCloseTo(0.8);
    expect(gazette!.summary.faithfulness).toBeCloseTo(0.25);
    expect(post!.summary.carried).toBe(2);
  });

  it('does not count a quote match as carrying the claim sentence around it', () => {
    const text =
      'Harbour master Ilse Brandt said on Monday that the pier would stay shut, adding: “Safety comes before the catch.”';
    const src = { ...SOURCE, text };
    const q = 'Safety comes before the catch';
    const start = text.indexOf(q);
    const only = buildCoverage(
      [src],
      [
        visit('https://a.example/', 'A', [
          {
            kind: 'verbatim',
            sourceId: 'pier',
            sourceStart: start,
            sourceEnd: start + q.length,
            pageText: q,
            score: 1,
          },
        ]),
      ],
    );
    const s = only.sources[0]!;
    expect(cell(s, q, 'A').kind).toBe('verbatim');
    expect(cell(s, 'Harbour master Ilse Brandt said', 'A').kind).toBe('absent');
  });

  it('takes the strongest rendering among an outlet’s pages, merging its two domains', () => {
    const merged = buildCoverage(createLibrary([SOURCE]), [
      visit('https://www.harbourpost.example/a', 'Harbour Post', [
        match(QUOTE, 'reopen the pier', { kind: 'paraphrase', score: 0.5 }),
      ]),
      visit('https://harbourpost.co.uk/b', 'Harbour Post', [match(QUOTE, QUOTE)]),
    ]).sources[0]!;
    expect(merged.columns).toHaveLength(1);
    expect(merged.columns[0]!.domains).toEqual(['harbourpost.co.uk', 'harbourpost.example']);
    expect(merged.columns[0]!.pages).toHaveLength(2);
    expect(cell(merged, QUOTE, 'Harbour Post').kind).toBe('verbatim');
  });

  it('flags a quote carried only in part as cut', () => {
    const part = 'until every crane has been inspected';
    const s = buildCoverage([SOURCE], [visit('https://a.example/', 'A', [match(part, part)])])
      .sources[0]!;
    const c = cell(s, QUOTE, 'A');
    expect(c.kind).toBe('verbatim');
    expect(c.cut).toBe(true);
    expect(s.columns[0]!.summary.quotesCut.map((n) => n.pageText)).toEqual([part]);
  });

  it('flags words given to someone else, but not a shorter form of the same name', () => {
    const s = buildCoverage(
      [SOURCE],
      [
        visit('https://a.example/', 'A', [
          match(QUOTE, QUOTE, { speaker: { page: 'Mayor Olaf Lind', source: 'Ilse Brandt' } }),
        ]),
        visit('https://b.example/', 'B', [
          match(QUOTE, QUOTE, {
            speaker: { page: 'Brandt', source: 'harbour master Ilse Brandt' },
          }),
        ]),
      ],
    ).sources[0]!;
    expect(cell(s, QUOTE, 'A').misattributed).toBe(true);
    expect(s.columns[0]!.summary.misattributed).toHaveLength(1);
    expect(s.columns[0]!.summary.faithfulness).toBe(0.5);
    expect(cell(s, QUOTE, 'B').misattributed).toBe(false);
  });

  it('collects actors named and the earliest publication date per outlet', () => {
    const s = buildCoverage(
      [SOURCE],
      [
        visit('https://a.example/1', 'A', [match(QUOTE, QUOTE)], {
          actors: ['Ilse Brandt'],
          published: '2026-02-03T10:00:00Z',
        }),
        visit('https://a.example/2', 'A', [match(CLAIM, CLAIM)], {
          actors: ['Ilse Brandt', 'Norrvik Harbour Authority'],
          published: '2026-02-02T18:00:00Z',
        }),
      ],
    ).sources[0]!;
    expect(s.columns[0]!.actors).toEqual(['Ilse Brandt', 'Norrvik Harbour Authority']);
    expect(s.columns[0]!.published).toBe('2026-02-02T18:00:00Z');
  });

  it('leaves out sources no page rendered, unless asked to list them', () => {
    const other: Source = {
      ...SOURCE,
      id: 'other',
      text: 'Another story, with 2 numbers and 1 date on 4 May.',
    };
    expect(buildCoverage([SOURCE, other], visits).sources.map((s) => s.source.id)).toEqual([
      'pier',
    ]);
    expect(
      buildCoverage([SOURCE, other], visits, { includeUnmatched: true }).sources.map(
        (s) => s.source.id,
      ),
    ).toEqual(['pier', 'other']);
    expect(coverage.outlets).toHaveLength(3);
  });

  it('filters by kind, outlet and divergence, keeping the matrix rectangular', () => {
    const onlyVariant = filterCoverage(coverage, { kinds: ['variant'] }).sources[0]!;
    expect(onlyVariant.rows.map((r) => r.text)).toEqual([QUOTE]);
    const coast = filterCoverage(coverage, { outlet: 'COAST' }).sources[0]!;
    expect(coast.columns.map((c) => c.name)).toEqual(['Coastline']);
    expect(coast.cells.every((row) => row.length === 1)).toBe(true);
    const diverging = filterCoverage(coverage, { onlyDivergences: true }).sources[0]!;
    expect(diverging.rows.map((r) => r.text)).toEqual([CLAIM]);
    expect(filterCoverage(coverage, { sourceId: 'nothing' }).sources).toEqual([]);
  });

  it('exports the full matrix as CSV and JSON', () => {
    const csv = coverageToCsv(coverage);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines).toHaveLength(1 + sc.rows.length * sc.columns.length);
    const gazetteLine = lines.find(
      (l) => l.includes(',The Gazette,') && l.includes(',paraphrase,'),
    );
    expect(gazetteLine).toContain('"Fourteen workers were on the pier, 5 were hospitalised"');
    expect(gazetteLine).toContain('number differs: 5 vs 3');
    const json = JSON.parse(coverageToJson(coverage));
    expect(json.format).toBe('sourcelight-coverage');
    expect(json.sources[0].cells[0]).toHaveLength(3);
    expect(json.sources[0].columns.map((c: { name: string }) => c.name)).toEqual([
      'Harbour Post',
      'Coastline',
      'The Gazette',
    ]);
  });

  it('quotes CSV fields and defuses spreadsheet formulas in page text', () => {
    expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-12')).toBe('-12');
    expect(csvField(null)).toBe('');
  });
});
