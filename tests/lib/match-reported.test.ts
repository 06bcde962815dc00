import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';

// An invented story told without quotation marks: every speaker is only reported.
const library = createLibrary(
  sourcesFromJson([
    {
      id: 'barrier',
      title: 'Ostvik mayor doubts council over flood barrier',
      text:
        'Mayor Petra Olsvik has said the town of Ostvik is ready to resume talks with the regional council over the unfinished flood barrier.\n' +
        'Olsvik directly blamed the council for the collapse of the last negotiations and expressed doubts about whether the town could ever rely on its promises again. ' +
        'She questioned how residents could be certain that the council would not slash the barrier budget once more during any future negotiations.\n' +
        'Council leader Anton Grell said the budget had been trimmed because steel prices had doubled since the spring.',
    },
  ]),
);

const question =
  'How can our residents be sure that in the middle of the negotiations the council will not slash the barrier budget again?';

describe('a direct quote of what the source only reports', () => {
  it('links a quoted question to the sentence that reports the same speaker asking it', () => {
    const page = `“${question}” Olsvik said.`;
    const ms = matchText(page, library);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ kind: 'paraphrase', sourceId: 'barrier' });
    expect(ms[0]!.sourceText).toContain('She questioned how residents could be certain');
    // The reader sees the whole quote, not the clause with the most shared words.
    expect(ms[0]!.pageText).toBe(question.slice(0, -1));
    expect(ms[0]!.speaker.page).toBe('Olsvik');
    expect(ms[0]!.speaker.source).toContain('Olsvik');
  });

  it('keeps the speaker of a quote that goes on after its attribution', () => {
    const page = `“We have waited long enough,” Olsvik said. “${question}”`;
    const ms = matchText(page, library).filter((m) => m.sourceText.includes('questioned'));
    expect(ms).toHaveLength(1);
    expect(ms[0]!.speaker.page).toBe('Olsvik');
  });

  it('keeps the speaker of a paragraph that is only a quote, after a quoting paragraph', () => {
    const page = `“We have waited long enough,” Olsvik said.\n“${question}”`;
    const ms = matchText(page, library).filter((m) => m.sourceText.includes('questioned'));
    expect(ms).toHaveLength(1);
  });

  it('does not link the same words said by someone the source does not report saying them', () => {
    const page = `“${question}” Grell said.`;
    expect(matchText(page, library).filter((m) => m.sourceText.includes('questioned'))).toEqual([]);
  });

  it('does not link the same speaker saying something else with a word or two in common', () => {
    const page = '“Our residents deserve a town that does not flood every spring,” Olsvik said.';
    expect(matchText(page, library)).toEqual([]);
  });
});
