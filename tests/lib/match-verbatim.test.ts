import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';

const library = createLibrary(
  sourcesFromJson([
    {
      id: 'harbour',
      title: 'Port authority halts night shipments',
      text:
        'The port authority suspended night shipments on Tuesday. “We cannot guarantee the safety of crews after dark,” ' +
        'director Amara Okonjo said at a briefing.\nUnions welcomed the decision.',
    },
  ]),
);

describe('verbatim quotes', () => {
  it.each([
    ['curly quotes', 'Okonjo said: “We cannot guarantee the safety of crews after dark.”'],
    [
      'straight quotes and other case',
      'Okonjo said: "WE CANNOT GUARANTEE THE SAFETY OF CREWS AFTER DARK."',
    ],
    ['guillemets', 'Okonjo a déclaré : «We cannot guarantee the safety of crews after dark»'],
    ['single quotes', "Okonjo said: 'We cannot guarantee the safety of crews after dark'"],
    [
      'line breaks and extra punctuation',
      'Okonjo said: “We cannot   guarantee — the safety of crews, after dark!”',
    ],
  ])('finds the quote with %s and points at the source words', (_name, page) => {
    const [m, ...rest] = matchText(page, library);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'verbatim', sourceId: 'harbour', score: 1 });
    expect(m!.sourceText).toBe('We cannot guarantee the safety of crews after dark');
    expect(page.slice(m!.pageStart, m!.pageEnd)).toBe(m!.pageText);
  });

  it('finds a meaningful contiguous part of a quote', () => {
    const [m] = matchText(
      'He added that “we cannot guarantee the safety of crews” at night.',
      library,
    );
    expect(m?.sourceText).toBe('We cannot guarantee the safety of crews');
  });

  it('does not link a lone common word or unquoted prose', () => {
    expect(matchText('The mayor said “safety” mattered most.', library)).toEqual([]);
    expect(matchText('Nobody quoted anything here about crews after dark.', library)).toEqual([]);
  });
});

describe('an editorial bracket at the end of a quote', () => {
  it('is highlighted closed: the match takes the bracket it ends in', () => {
    const page =
      'Okonjo said: “We cannot guarantee the safety of [the] crews [after dark].” Unions welcomed it.';
    const m = matchText(page, library).find(
      (x) => x.sourceId === 'harbour' && x.pageText.startsWith('We cannot'),
    );
    expect(m?.pageText).toBe('We cannot guarantee the safety of [the] crews [after dark]');
  });
});
