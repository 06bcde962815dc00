import { describe, expect, it } from 'vitest';
import { createLibrary, type Library } from '../../lib/library';
import { sameNameOrDemonym } from '../../lib/match/event';
import { matchText } from '../../lib/match/index';
import { divergences, findFigures } from '../../lib/text/numbers';
import { sourcesFromJson } from '../../lib/sources';

// An invented story: a dam bursts in a valley; a minister visits a week later.
const library = createLibrary(
  sourcesFromJson([
    {
      id: 'dam',
      title: 'Dam burst floods valley',
      text:
        'The Korvath dam burst in the night of April 9, sending a wall of water through the Selmar valley.\n' +
        'According to rescue teams, at least 1,240 people died in the Selmar valley flood that followed.\n' +
        'Interior minister Dana Orlov visited the Selmar valley on April 15 to open a relief camp for the displaced.\n' +
        'Engineers had warned for years that the spillway of the dam was too narrow.',
    },
  ]),
);

/** Matches a page against `lib`, checking that every match's text is the page's at its offsets. */
const matcherFor = (lib: Library) => (page: string) => {
  const ms = matchText(page, lib);
  for (const m of ms) expect(page.slice(m.pageStart, m.pageEnd)).toBe(m.pageText);
  return ms;
};
const match = matcherFor(library);

describe('claims about the same event', () => {
  it('links a restated death toll with another figure as a paraphrase and reports the number that differs', () => {
    const page =
      'Officials in the Selmar valley said on Sunday that 1,310 people died after the Korvath reservoir gave way.';
    const [m, ...rest] = match(page);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'paraphrase', sourceId: 'dam' });
    expect(m!.sourceText).toContain('1,240 people died');
    expect(m!.divergences).toEqual([{ page: '1,310', source: '1,240', what: 'number differs' }]);
  });

  it('links the same precise toll written another way without a divergence', () => {
    const page =
      'The government of Korvath raised its count of flood victims to at least 1.240 fatalities on Monday.';
    const [m] = match(page);
    expect(m).toMatchObject({ kind: 'paraphrase', sourceId: 'dam' });
    expect(m!.divergences).toEqual([]);
  });

  it('links the event told with a date one day off and reports "date differs"', () => {
    const page =
      'Water from the collapsed Korvath dam swept through the Selmar valley on April 10, villagers recalled.';
    const [m] = match(page);
    expect(m).toMatchObject({ kind: 'paraphrase', sourceId: 'dam' });
    expect(m!.sourceText).toContain('April 9');
    expect(m!.divergences).toEqual([{ page: 'April 10', source: 'April 9', what: 'date differs' }]);
  });

  it('does not link another event with the same names on another day', () => {
    expect(
      match(
        'Dana Orlov opened a new school in the Selmar valley on September 2, where 1,500 pupils enrolled.',
      ),
    ).toEqual([]);
    expect(
      match(
        'Korvath engineers inspected the Selmar valley dam on April 2 and found 1,200 cracks in its walls.',
      ),
    ).toEqual([]);
  });

  it('does not take a count of other things of a similar size for the death toll', () => {
    expect(
      match(
        'About 1,300 people in the Selmar valley signed a petition against the Korvath dam in March.',
      ),
    ).toEqual([]);
  });
});

describe('figures and divergences', () => {
  it('does not take the same count plus "according to" for the same event', () => {
    // A precise count shared by chance (here a page number) grows likely in a big library; who
    // reports a figure says nothing of what it counts.
    const census = createLibrary(
      sourcesFromJson([
        {
          id: 'census',
          title: 'Valley census',
          text:
            'The valley figures appear in the census tables, according to the survey office (p. 132).\n' +
            'The survey office counted the farms by hand.',
        },
      ]),
    );
    expect(
      matcherFor(census)(
        'Of those killed, 38 were children and 132 women, according to a report published by the ministry.',
      ),
    ).toEqual([]);
  });

  it('reads dates and counts as news prints them', () => {
    const values = (t: string) => findFigures(t).map((f) => `${f.kind}:${f.value}`);
    expect(values('Saturday, June 22, 2025')).toEqual(['date:jun-22', 'year:2025']);
    expect(values('on 21 June')).toEqual(['date:jun-21']);
    expect(values('since late June')).toEqual(['date:jun-21..31']);
    expect(values('1,060 or 1.060 or 1060 or 2.5')).toEqual([
      'number:1060',
      'number:1060',
      'number:1060',
      'number:2.5',
    ]);
  });

  it('reads a month spelt with a long s as a date, as the date patterns do (the quick test before them too)', () => {
    expect(findFigures('since late \u017feptember').map((f) => f.kind)).toEqual(['date']);
  });

  it('accepts a bounded round count the source figure satisfies, and a fuzzy date that holds the day', () => {
    expect(divergences('more than 1,000 people died', 'at least 1,060 people died')).toEqual([]);
    expect(
      divergences('a truce in place since late June', 'a truce in place since June 24'),
    ).toEqual([]);
    expect(divergences('over 900 people died', 'at least 1,060 people died')).toEqual([
      { page: '900', source: '1,060', what: 'number differs' },
    ]);
    expect(
      divergences('a truce in place since early June', 'a truce in place since June 24'),
    ).toEqual([{ page: 'early June', source: 'June 24', what: 'date differs' }]);
  });

  it('pairs differing figures by closeness, not by order, and leaves counts of other things alone', () => {
    expect(divergences('38 children among 935 dead', 'at least 1,060 people died')).toEqual([
      { page: '935', source: '1,060', what: 'number differs' },
    ]);
  });

  it('treats a place and its demonym as one name', () => {
    expect(sameNameOrDemonym('iran', 'iranian')).toBe(true);
    expect(sameNameOrDemonym('israel', "israeli's")).toBe(true);
    expect(sameNameOrDemonym('china', 'chinese')).toBe(true);
    expect(sameNameOrDemonym('iran', 'iraq')).toBe(false);
    expect(sameNameOrDemonym('oman', 'romania')).toBe(false);
  });
});

describe('a day named by its weekday on one side and its date on the other', () => {
  // 2026-03-18 is a Wednesday; 2026-03-14 a Saturday.
  it('places the source’s weekday before its publication date and compares it with the page’s date', () => {
    expect(
      divergences(
        'The council voted on March 17 to close the harbour.',
        'The council voted on Wednesday to close the harbour.',
        '2026-03-18',
      ),
    ).toEqual([{ page: 'March 17', source: 'Wednesday (March 18)', what: 'date differs' }]);
    expect(
      divergences(
        'The council voted on March 18 to close the harbour.',
        'The council voted on Wednesday to close the harbour.',
        '2026-03-18',
      ),
    ).toEqual([]);
  });

  it('checks the page’s weekday against the weekday of the source’s date', () => {
    expect(
      divergences('The dam was opened on Friday.', 'The dam was opened on March 14.', '2026-03-15'),
    ).toEqual([{ page: 'Friday', source: 'March 14 (a Saturday)', what: 'date differs' }]);
    expect(
      divergences(
        'The dam was opened on Saturday.',
        'The dam was opened on March 14.',
        '2026-03-15',
      ),
    ).toEqual([]);
  });

  it('says nothing without a full publication date, or when either side names several days', () => {
    expect(
      divergences('The council voted on March 17.', 'The council voted on Wednesday.', '2026-03'),
    ).toEqual([]);
    expect(
      divergences(
        'The council voted on March 17.',
        'The council met on Monday and voted on Wednesday.',
        '2026-03-18',
      ),
    ).toEqual([]);
  });

  it('reports it on the match a reader opens', () => {
    const library = createLibrary(
      sourcesFromJson([
        {
          id: 'harbour',
          title: 'Kessholm council shuts harbour',
          published: '2026-03-18',
          text: 'The Kessholm council voted on Wednesday to close the storm-damaged harbour for three weeks of repairs.',
        },
      ]),
    );
    const [m] = matchText(
      'The Kessholm council voted on March 17 to close the storm-damaged harbour for three weeks of repairs.',
      library,
    );
    expect(m?.divergences).toContainEqual({
      page: 'March 17',
      source: 'Wednesday (March 18)',
      what: 'date differs',
    });
  });

  describe('a time adverbial at the edge of a restated sentence', () => {
    const library = createLibrary(
      sourcesFromJson([
        {
          id: 'ferry',
          title: 'Ferry operator cancels winter crossings',
          published: '2026-03-18',
          text:
            'The Vallind ferry company on Wednesday cancelled all winter crossings to the outer islands, citing a shortage of trained deckhands.\n' +
            'Islanders must now rely on a weekly supply flight.',
        },
      ]),
    );
    const match = matcherFor(library);

    it('joins the highlight when the source says when, so a day that differs is reported', () => {
      const [m, ...rest] = match(
        'On March 16, the Vallind ferry company cancelled its winter crossings to the outer islands, blaming a lack of deckhands.',
      );
      expect(rest).toEqual([]);
      expect(m).toMatchObject({ sourceId: 'ferry' });
      expect(m!.pageText.startsWith('On March 16,')).toBe(true);
      expect(m!.divergences).toContainEqual({
        page: 'March 16',
        source: 'Wednesday (March 18)',
        what: 'date differs',
      });
    });

    it('joins it at the end of the sentence too, and reports no divergence for the same day', () => {
      const [m] = match(
        'The Vallind ferry company cancelled its winter crossings to the outer islands, on March 18.',
      );
      expect(m!.pageText.endsWith('on March 18')).toBe(true);
      expect(m!.divergences).toEqual([]);
    });

    it('says who acts on both sides of a restated claim, past the opening date', () => {
      const [m] = match(
        'On March 16, the Vallind ferry company cancelled its winter crossings to the outer islands, blaming a lack of deckhands.',
      );
      expect(m!.speaker).toEqual({ page: 'Vallind', source: 'Vallind' });
    });

    it('leaves out an opening clause with words of its own beside the date', () => {
      const [m] = match(
        'After a stormy night on March 16, the Vallind ferry company cancelled its winter crossings to the outer islands, blaming a lack of deckhands.',
      );
      expect(m).toMatchObject({ sourceId: 'ferry' });
      expect(m!.pageText).not.toContain('March 16');
    });
  });
});
