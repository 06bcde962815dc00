/**
 * The verification gates (lib/match/gates.ts) on proposed links, as the lexical decision and a
 * meaning-model stage call them. Invented texts.
 */
import { describe, expect, it } from 'vitest';
import { GATES, type ProposedLink, rejectLink } from '../../lib/match/gates';

const link = (over: Partial<ProposedLink>): ProposedLink => ({
  kind: 'paraphrase',
  pageText: '',
  sourceText: '',
  sourceSentence: '',
  pageIsQuote: false,
  sourceIsQuote: false,
  pageSpeaker: null,
  sourceSpeaker: null,
  eventClaim: false,
  ...over,
});

describe('verification gates', () => {
  it('every gate has a name and a reason', () => {
    for (const g of GATES) {
      expect(g.name).toMatch(/^[a-z-]+$/);
      expect(g.reason.length).toBeGreaterThan(30);
    }
  });

  it('passes a restated claim that shares its claim words', () => {
    const source =
      'The river authority opened all six spillway gates of the Strenna dam overnight.';
    expect(
      rejectLink(
        link({
          pageText: 'Overnight, the authority opened the spillway gates of the dam',
          sourceText: source,
          sourceSentence: source,
        }),
      ),
    ).toBeNull();
  });

  it('rejects a link resting on names, titles and a date only', () => {
    const source =
      'Foreign Minister Maren Oskelund met envoy Davron Khaltursunov in Strenna on June 13.';
    expect(
      rejectLink(
        link({
          pageText: 'Foreign Minister Maren Oskelund, on June 13',
          sourceText: source,
          sourceSentence: source,
        }),
      ),
    ).toBe('claim-content');
  });

  it('rejects a passage that shares one topic word with another claim of the same actors', () => {
    const source = 'Oskelund said the treaty commission would meet again in March.';
    expect(
      rejectLink(
        link({
          pageText: 'Oskelund condemned the treaty as unfair to farmers',
          sourceText: source,
          sourceSentence: source,
        }),
      ),
    ).toBe('claim-content');
  });

  it('rejects an event claim that is only a date and a name', () => {
    expect(
      rejectLink(
        link({
          pageText: 'On June 13, Belvoria',
          sourceText: 'Belvoria opened the gates on June 13',
          sourceSentence: 'Belvoria opened the gates on June 13.',
          eventClaim: true,
        }),
      ),
    ).toBe('event-claim-content');
  });

  it('rejects a quote linked to what the source reports another speaker saying', () => {
    const sentence = 'The commission said the warning came far too late for the towns downstream.';
    const proposed = link({
      pageText: 'the warning came far too late for the towns',
      sourceText: sentence,
      sourceSentence: sentence,
      pageIsQuote: true,
      pageSpeaker: 'Maren Oskelund',
      sourceSpeaker: 'River Commission',
    });
    expect(rejectLink(proposed)).toBe('reported-by-another');
    // The same speaker on both sides may be quoted for what the source reports.
    expect(rejectLink({ ...proposed, sourceSpeaker: 'Maren Oskelund' })).toBeNull();
  });

  it('rejects a claim about another day and a denial of an assertion', () => {
    const sentence = 'Engineers opened the spillway gates on March 13.';
    expect(
      rejectLink(
        link({
          pageText: 'Engineers opened the spillway gates on April 2',
          sourceText: sentence,
          sourceSentence: sentence,
        }),
      ),
    ).toBe('dates');
    expect(
      rejectLink(
        link({
          pageText: 'Engineers never opened the spillway gates',
          sourceText: sentence,
          sourceSentence: sentence,
        }),
      ),
    ).toBe('polarity');
  });
});
