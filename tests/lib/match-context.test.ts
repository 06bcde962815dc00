import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';

// An invented story in reported speech only, like a wire report that quotes no one directly.
const library = createLibrary(
  sourcesFromJson([
    {
      id: 'ferry',
      title: 'Harbour master blames Nordbrand for ferry grounding',
      text:
        'Harbour master Ilse Vandermeer has accused the shipping company Nordbrand of ignoring three storm warnings before its ferry ran aground off Kessholm.\n' +
        'She said the captain had been told twice by radio to turn back to port.\n' +
        'She described standing on the pier through the night while rescuers searched the bay for a missing lifeboat.\n' +
        'While she clarified that the crew was not to blame, she asserted that Nordbrand had put its timetable before the safety of its passengers.\n' +
        'In an interview on Sunday, she also accused the company of concealing a damning inspection report from the maritime ministry.\n' +
        'Nordbrand chief executive Tomas Lindqvist said the ferry had passed every inspection this year.',
    },
    {
      id: 'barrier',
      title: 'Ostvik mayor warns council over flood barrier',
      text:
        'Mayor Petra Olsvik on Tuesday warned the regional council against cutting the budget of the unfinished flood barrier. ' +
        '“If they cut it, the barrier will without doubt fail at the first spring flood,” Olsvik said at a town meeting.\n' +
        'Council leader Anton Grell said the budget had been trimmed because steel prices had doubled since the spring.',
    },
  ]),
);

const anchor =
  '“It was not the crew. Nordbrand put its timetable before the safety of its passengers.”';

describe('a loose quote beside a linked statement of the same speaker', () => {
  it('links the quote to the source sentence next to the anchor’s, with a low score', () => {
    const page = `${anchor} Vandermeer said. “I was on the pier through all of it.”`;
    const ms = matchText(page, library);
    const loose = ms.find((m) => m.pageText.startsWith('I was on the pier'));
    expect(loose).toMatchObject({ kind: 'paraphrase', sourceId: 'ferry' });
    expect(loose!.sourceText).toContain('She described standing on the pier');
    expect(loose!.speaker.page).toBe('Vandermeer');
    expect(loose!.score).toBeLessThan(0.65);
    // The anchor itself is a clear link.
    expect(ms.some((m) => m.sourceText.includes('timetable') && m.score > 0.6)).toBe(true);
  });

  it('does not link the same quote on its own: one shared word is no evidence without the anchor', () => {
    const page = '“I was on the pier through all of it,” Vandermeer said.';
    expect(matchText(page, library)).toEqual([]);
  });

  it('does not link it when another speaker says it', () => {
    const page = `${anchor} Vandermeer said. “I was on the pier through all of it,” Lindqvist said.`;
    expect(matchText(page, library).filter((m) => m.pageText.includes('pier'))).toEqual([]);
  });

  it('does not link a long quote of the same speaker that shares a word by chance', () => {
    const page = `${anchor} Vandermeer said. “My grandfather built boats here, and my children learn to sail every summer when the water is warm, not far from the pier.”`;
    expect(matchText(page, library).filter((m) => m.pageText.includes('grandfather'))).toEqual([]);
  });
});

describe('a narrative sentence that names whom the source calls she or he', () => {
  it('links a claim the page gives by name to the one the source calls she', () => {
    const page =
      'Ilse Vandermeer claimed that Nordbrand had concealed a damning inspection report.';
    const ms = matchText(page, library);
    expect(ms).toHaveLength(1);
    expect(ms[0]!.sourceText).toContain('concealing a damning inspection report');
    expect(ms[0]!.speaker.source).toBe('Ilse Vandermeer');
  });

  it('does not link the claim when the page gives it to someone else', () => {
    const page =
      'Tomas Lindqvist claimed that Nordbrand had concealed a damning inspection report.';
    expect(matchText(page, library)).toEqual([]);
  });
});

describe('a restated sentence that ends by reporting a quote', () => {
  it('gives the “stating that …” clause its own link to the quote', () => {
    const page =
      'Olsvik criticised the regional council and warned against cutting the barrier budget, stating that such a cut would undoubtedly make the barrier fail at the first spring flood.';
    const ms = matchText(page, library);
    const clause = ms.find((m) => m.pageText.startsWith('stating that'));
    expect(clause).toBeDefined();
    expect(clause!.sourceText).toContain('without doubt fail');
    // The rest of the sentence keeps a link of its own, without the clause.
    const rest = ms.find((m) => m.pageText.startsWith('Olsvik criticised'));
    expect(rest?.pageText.includes('stating')).toBe(false);
  });
});

describe('a restated sentence framed by a clause of its own', () => {
  it('highlights the claim, not an opening clause that shares one word with the source', () => {
    const page =
      'In her first interview with foreign journalists since the storm, Ilse Vandermeer accused Nordbrand of concealing a damning inspection report.';
    const m = matchText(page, library).find((x) => x.sourceId === 'ferry');
    expect(m?.kind).toBe('paraphrase');
    expect(m!.pageText.startsWith('Ilse Vandermeer accused Nordbrand')).toBe(true);
  });

  it('keeps an opening clause that carries part of the claim', () => {
    const page =
      'In an interview on Sunday about the inspection report, Ilse Vandermeer accused Nordbrand of concealing it from the maritime ministry.';
    const m = matchText(page, library).find((x) => x.sourceId === 'ferry');
    expect(m?.pageText.startsWith('In an interview on Sunday')).toBe(true);
  });
});

describe('a restated sentence whose subject stands in a clause of its own', () => {
  it('keeps the subject in the highlight', () => {
    const statement = createLibrary(
      sourcesFromJson([
        {
          id: 'statement',
          title: 'Nordbrand answers the harbour master',
          text:
            'Harbour master Ilse Vandermeer has accused Nordbrand of ignoring three storm warnings.\n' +
            'Nordbrand chief executive Tomas Lindqvist said the ferry had passed every inspection this year and that the captain had followed the company manual.',
        },
      ]),
    );
    const page =
      'Lindqvist, who faced reporters on Monday, said the ferry had passed every inspection this year and that the captain had followed the company manual.';
    const [m] = matchText(page, statement);
    expect(m?.pageText.startsWith('Lindqvist, who faced reporters')).toBe(true);
  });
});
