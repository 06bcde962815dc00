import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';
import type { Match } from '../../lib/types';

// An invented story: a mountain railway tunnel closes after its roof gives way.
const library = createLibrary(
  sourcesFromJson([
    {
      id: 'tunnel',
      title: 'Vahl tunnel shut after roof collapse',
      text:
        'KESTRAN — Engineers closed the Vahl rail tunnel on Monday after a section of its roof gave way above the northern portal.\n' +
        '“This collapse caused severe disruption to families who depend on the line every single day,” transport minister Odile Farrance said at a briefing in Kestran.\n' +
        'Farrance said the operator had been warned twice about cracks in the lining. “The contract demands weekly inspections of every arch. That is not a formality, it is the heart of the agreement,” she said.\n' +
        '“We checked the northern arches in March and found nothing alarming. Our crews will inspect the southern arches before any train runs again,” the operator’s chief engineer Lazlo Brenneck said.\n' +
        'Farrance said the closure had done lasting damage to the regional timber economy and its sawmills.',
    },
  ]),
);

/** Matches of a page, each checked to point at its own page text. */
const run = (page: string): Match[] => {
  const ms = matchText(page, library);
  for (const m of ms) expect(page.slice(m.pageStart, m.pageEnd)).toBe(m.pageText);
  return ms;
};

describe('what a reader sees on a quote', () => {
  it('shows a quote with one word swapped as one variant over the whole quote, not a verbatim stretch', () => {
    const quote =
      'This collapse caused grave disruption to families who depend on the line every single day';
    const page = `“${quote},” Transport Minister Odile Farrance said.`;
    const ms = run(page);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ kind: 'variant', pageText: quote });
    expect(ms[0]!.sourceText).toBe(
      'This collapse caused severe disruption to families who depend on the line every single day',
    );
  });

  it('points a reworded quote at the source quote only, not at a name it shares with the sentence before', () => {
    const page =
      '“This collapse near Kestran caused grave disruption to families who depend on the line every single day,” Farrance said.';
    const [m, ...rest] = run(page);
    expect(rest).toEqual([]);
    expect(m!.kind).toBe('variant');
    expect(m!.sourceText).toBe(
      'This collapse caused severe disruption to families who depend on the line every single day',
    );
  });

  it('never links an attribution or a credit line on its own', () => {
    const page =
      '“The contract demands weekly inspections of every arch,” transport minister Odile Farrance said.\n' +
      '“The contract demands weekly inspections.”\n' +
      '— Odile Farrance, transport minister';
    const ms = run(page);
    expect(ms.map((m) => m.pageText)).toEqual([
      'The contract demands weekly inspections of every arch',
      'The contract demands weekly inspections',
    ]);
  });

  it('shows a quote trimmed with an ellipsis as one variant that spans the cut', () => {
    const page =
      '“We checked the northern arches in March... Our crews will inspect the southern arches before any train runs again,” Brenneck told reporters.';
    const ms = run(page);
    expect(ms).toHaveLength(1);
    expect(ms[0]!.kind).toBe('variant');
    expect(ms[0]!.pageText).toMatch(
      /^We checked the northern arches.*before any train runs again$/,
    );
  });

  it('shows a quote split around its attribution as one match over both parts', () => {
    const page =
      '“The contract demands weekly inspections of every arch,” she said. “That is not a formality.”';
    const ms = run(page);
    expect(ms).toHaveLength(1);
    expect(ms[0]!.pageText).toBe(
      'The contract demands weekly inspections of every arch,” she said. “That is not a formality',
    );
    expect(ms[0]!.sourceText).toBe(
      'The contract demands weekly inspections of every arch. That is not a formality',
    );
  });

  it('keeps two quotes of different source passages apart', () => {
    const page =
      '“The contract demands weekly inspections of every arch,” she said. “Our crews will inspect the southern arches before any train runs again.”';
    const ms = run(page);
    expect(ms).toHaveLength(2);
  });

  it('never ends a match where a quoted phrase starts in the middle of a clause', () => {
    const page = 'Minister says tunnel closure did ‘lasting damage’ to regional timber economy';
    for (const m of run(page)) {
      const before = page.slice(0, m.pageStart);
      const after = page.slice(m.pageEnd);
      // A match either is the quoted phrase or stays clear of it; it never stops at its opening mark.
      expect(after.startsWith(' ‘') || before.endsWith('’ ')).toBe(false);
    }
  });
});

describe('what a reader sees on a restated event claim', () => {
  const events = createLibrary(
    sourcesFromJson([
      {
        id: 'inspection',
        title: 'Operator inspects tunnel arches',
        text: 'Shortly after the roof gave way, the operator carried out its own inspection on March 4, targeting the tunnel’s oldest arches in Vahl, Kestran and Ormund.',
      },
    ]),
  );

  it('shows the whole clause that holds the date, not a stretch that stops at a small word', () => {
    const page =
      'The regional government entered the dispute on March 5, with its engineers sending drones over three old arches including the Vahl portal.';
    const ms = matchText(page, events);
    expect(ms.length).toBeGreaterThan(0);
    for (const m of ms) expect(m.pageText).not.toMatch(/\b(?:with|its|the|a|of|on)$/);
    expect(ms[0]!.pageText).toBe('The regional government entered the dispute on March 5');
  });
});

describe('what a reader sees beside a quote', () => {
  const briefing = createLibrary(
    sourcesFromJson([
      {
        id: 'briefing',
        title: 'Minister blames operator',
        text: 'Speaking to reporters in Kestran on Tuesday, Farrance blamed the operator for the collapse and claimed that its engineers had ignored the cracks.',
      },
    ]),
  );

  it('never links the words that only introduce a quote, however alike they are', () => {
    const page =
      'Speaking to reporters in Kestran, Farrance claimed, “They knew about it for months,” when asked about the tunnel.';
    expect(matchText(page, briefing)).toEqual([]);
  });

  it('still links a restated claim that stands beside a quote', () => {
    const page =
      'Farrance blamed the operator for the collapse and said its engineers had ignored the cracks: “They knew about it for months.”';
    const ms = matchText(page, briefing);
    expect(ms).toHaveLength(1);
    expect(ms[0]!.pageText).toBe(
      'Farrance blamed the operator for the collapse and said its engineers had ignored the cracks',
    );
  });
});

describe('a quote of everyday words', () => {
  // Every word of the quote is common and also stands in other sentences: its words seed weakly.
  const plain = createLibrary(
    sourcesFromJson([
      {
        id: 'plain',
        title: 'Mayor on the water works',
        text: 'Water crews worked late. “The water is safety for all of us,” the mayor said. Safety and water were on the agenda. The vote was close.',
      },
    ]),
  );

  it('is found when copied word for word, though none of its words is rare', () => {
    const [m, ...rest] = matchText(
      'The mayor spoke briefly. “The water is safety for all of us,” she said.',
      plain,
    );
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'verbatim', sourceText: 'The water is safety for all of us' });
  });
});
