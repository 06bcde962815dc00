// Invented sentences (a harbour town after a storm): each test is a case a reader would notice.
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sentenceSubject } from '../../lib/text/attribution';
import { shareSense, wordSenses, wordWeight } from '../../lib/text/words';
import type { Source } from '../../lib/types';

const source = (id: string, text: string): Source => ({
  id,
  title: id,
  outlet: 'Harbour Gazette',
  url: null,
  published: '2024-11-02',
  language: 'en',
  text,
});

describe('the install-time lexicon', () => {
  it('knows function words from rare words', () => {
    expect(wordWeight('the')).toBe(0);
    expect(wordWeight('breakwater')).toBeGreaterThan(0.8);
    expect(wordWeight('zyqvortle')).toBe(1);
  });

  it('weighs a contraction as the common word it is, not as the rare string frequency lists make of it', () => {
    for (const w of ["haven't", "can't", "won't", "isn't", "they'll", "we're", "i'm"])
      expect(wordWeight(w), w).toBeLessThan(0.2);
    // A rare host keeps its weight.
    expect(wordWeight("breakwater'll")).toBeGreaterThan(0.8);
  });

  it('groups near-synonyms through their common senses and inflected forms', () => {
    expect(shareSense('harm', 'damage')).toBe(true);
    expect(shareSense('attempted', 'tried')).toBe(true);
    expect(shareSense('harm', 'charm')).toBe(false);
    expect(shareSense('harbour', 'winter')).toBe(false);
    expect(wordSenses('Brandtvik'.toLowerCase())).toEqual([]);
  });

  it('relates a verb and the noun derived from it, but not the noun for the one who does it', () => {
    expect(shareSense('died', 'deaths')).toBe(true);
    expect(shareSense('decided', 'decision')).toBe(true);
    expect(shareSense('failed', 'failure')).toBe(true);
    expect(shareSense('attacked', 'attacker')).toBe(false);
    expect(shareSense('killed', 'killer')).toBe(false);
  });
});

describe('reworded matches', () => {
  const library = createLibrary([
    source(
      'storm',
      [
        'The storm flooded the lower town on Friday night.',
        '“We will not accept any harm to the families who live by the harbour,” Mayor Ellen Brandtvik said at a press conference.',
        'Brandtvik said the council would rebuild the flooded fish market before the winter season.',
        'Mayor Ellen Brandtvik urged the fisheries ministry to fund new sea walls along the harbour.',
        '“The situation remains very difficult,” Brandtvik said.',
      ].join('\n'),
    ),
  ]);

  it('links a quote that swaps a word for a near-synonym as a variant', () => {
    const page =
      '“Our town will not accept damage to families living near the harbour,” Brandtvik said.';
    const [m] = matchText(page, library);
    expect(m?.kind).toBe('variant');
    expect(m?.sourceText).toContain('harm to the families');
    // The near-synonym counts as rendered: an unrelated word in its place leaves a weaker link.
    const [unrelated] = matchText(page.replace('damage', 'trouble'), library);
    expect(m!.score).toBeGreaterThan(unrelated?.score ?? 0);
  });

  it('links a direct quote to the reported speech it restates, across the shift of person and tense', () => {
    const page =
      '“We are going to rebuild the fish market that flooded before winter comes,” Mayor Brandtvik told reporters.';
    const [m] = matchText(page, library);
    expect(m?.kind).toBe('paraphrase');
    expect(m?.sourceText).toContain('rebuild the flooded fish market');
    expect(m?.speaker.source).toBe('Brandtvik');
  });

  it('does not link a common phrase said by someone else', () => {
    const page =
      '“The situation remains very difficult,” said Harald Voss, who leads the fishing union.';
    expect(matchText(page, library)).toEqual([]);
  });

  it('does not link a restated claim whose subject is someone else', () => {
    const other =
      'Harbour master Tomas Reiersen asked the fisheries ministry for money to build new sea walls near the harbour.';
    expect(matchText(other, library)).toEqual([]);
    const same =
      'Brandtvik asked the fisheries ministry for money to build new sea walls near the harbour.';
    expect(matchText(same, library).map((m) => m.kind)).toEqual(['paraphrase']);
  });
});

describe('sentenceSubject', () => {
  it('reads the name a sentence opens with, past an opening adverb', () => {
    const text = 'Meanwhile, Mayor Ellen Brandtvik urged the ministry to act.';
    expect(sentenceSubject(text, 0, text.length)).toBe('Mayor Ellen Brandtvik');
  });

  it('gives no subject to a sentence that opens with a pronoun, a common noun or a possessive', () => {
    for (const text of [
      'He urged the ministry to act.',
      'The mayor urged the ministry to act.',
      'Brandtvik’s office urged the ministry to act.',
    ]) {
      expect(sentenceSubject(text, 0, text.length)).toBeNull();
    }
  });
});
