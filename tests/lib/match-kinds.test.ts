import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText, segmentSentences, sourceQuotes } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';

// An invented story: a harbour authority closes a port during a storm.
const library = createLibrary(
  sourcesFromJson([
    {
      id: 'port',
      title: 'Harbour closed as storm approaches',
      text:
        'The Velmora harbour authority closed the port to all shipping on Tuesday as a severe storm approached the coast. ' +
        '“Any vessel that leaves the breakwater tonight will without doubt suffer irreparable damage,” harbour master Ilse Brandvik said at a briefing.\n' +
        'Brandvik said the closure would last until at least Thursday and that 214 fishing boats had been moved to the inner basin.\n' +
        'The storm flooded 37 warehouses on the eastern quay on March 3, according to the regional fire service.\n' +
        'Officials estimated the repair bill for the quay at about 18 million euros.',
    },
  ]),
);

const only = (page: string) => {
  const ms = matchText(page, library);
  for (const m of ms) expect(page.slice(m.pageStart, m.pageEnd)).toBe(m.pageText);
  return ms;
};

describe('kinds of matches', () => {
  it('finds a quote reworded by another outlet as a variant, with both speakers', () => {
    const page =
      'Harbour master Ilse Brandvik warned: “Any vessel leaving the breakwater tonight would undoubtedly suffer irreparable damage.”';
    const [m, ...rest] = only(page);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'variant', sourceId: 'port' });
    expect(m!.speaker.page).toContain('Brandvik');
    expect(m!.speaker.source).toContain('Brandvik');
    expect(m!.sourceText).toContain('irreparable damage');
  });

  it('finds a direct quote of what the source only reports as a paraphrase', () => {
    const page =
      '“The closure will last until at least Thursday, and we have moved 214 fishing boats to the inner basin,” Brandvik told reporters.';
    const [m] = only(page);
    expect(m).toMatchObject({ kind: 'paraphrase', sourceId: 'port' });
    expect(m!.sourceText).toContain('214 fishing boats');
  });

  it('finds a narrative sentence copied with light edits as reuse', () => {
    const page =
      'The Velmora harbour authority shut the port to all shipping on Tuesday as a severe storm approached the coast.';
    const [m] = only(page);
    expect(m).toMatchObject({ kind: 'reuse', sourceId: 'port' });
  });

  it('finds an identical unquoted sentence as a copied sentence, not a quote', () => {
    const page = 'Officials estimated the repair bill for the quay at about 18 million euros.';
    expect(only(page)[0]).toMatchObject({ kind: 'reuse', score: 1 });
  });

  it('reports numbers and dates that differ from the source', () => {
    const page =
      'According to the regional fire service, the storm flooded 73 warehouses on the eastern quay on March 4.';
    const [m] = only(page);
    expect(m).toBeDefined();
    expect(m!.divergences).toEqual(
      expect.arrayContaining([
        { page: '73', source: '37', what: 'number differs' },
        { page: 'March 4', source: 'March 3', what: 'date differs' },
      ]),
    );
  });

  it('does not link the same words said by someone else, or a common phrase in another story', () => {
    expect(
      only(
        '“Any vessel that leaves the breakwater tonight will suffer,” the coach of the rowing club, Tomas Arvidsen, said.',
      ),
    ).toEqual([]);
    expect(
      only(
        'The court found the merger would cause irreparable damage to competition in the region.',
      ),
    ).toEqual([]);
    expect(
      only(
        'The storm season starts in autumn, and the museum on the quay closed its doors for the winter.',
      ),
    ).toEqual([]);
  });

  it('does not match trailing publisher boilerplate of a source', () => {
    const lib = createLibrary(
      sourcesFromJson([
        {
          id: 'promo',
          outlet: 'Quaypost',
          text: 'The ferry line resumed service on Friday after repairs to its terminal.\nDownload the Quaypost app to stay updated with the latest news!',
        },
      ]),
    );
    expect(
      matchText('Download the Quaypost app to stay updated with the latest news!', lib),
    ).toEqual([]);
  });
});

describe('helpers for the popovers', () => {
  it('lists the direct quotes of a source with their speaker', () => {
    const quotes = sourceQuotes(library.byId.get('port')!);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]!.speaker).toContain('Brandvik');
    expect(quotes[0]!.text).toMatch(/^Any vessel/);
  });

  it('exports the sentence segmenter', () => {
    expect(segmentSentences('One. Two.')).toHaveLength(2);
  });
});
