import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';

// An invented conflict: a library kept on one story names its two countries in sentence after sentence.
const library = createLibrary(
  sourcesFromJson([
    {
      id: 'raid',
      title: 'Zarhan open to talks after Belvorian air campaign',
      text:
        'Zarhan’s foreign minister Maren Oskelund said Zarhan was open to talks with Belvoria if the strikes stopped, but warned that any agreement would need guarantees from the northern alliance and an end to the naval blockade of Port Ilmar.\n' +
        'Less than a month ago, Belvoria launched an aggressive air campaign on March 3 targeting key Zarhani radar sites, killing senior officers and engineers.\n' +
        '“We will not negotiate while our cities burn,” Oskelund told reporters in Tessa.\n' +
        'Belvoria said its jets had all returned safely to their bases.\n' +
        'Zarhan and Belvoria have exchanged fire across the border for weeks.\n' +
        'Belvoria accused Zarhan of hiding weapons in the mountains.',
    },
  ]),
);

describe('a restated claim that is a page’s only link to its source', () => {
  it('is left unhighlighted when it only shares the story’s places and a kind of event (another strike)', () => {
    const page =
      'Belvoria said it targeted military radar sites in several regions of Zarhan on Saturday in retaliation for Zarhani attacks.';
    expect(matchText(page, library)).toEqual([]);
  });

  it('is highlighted when the person the source says makes the claim makes it on the page', () => {
    const page =
      'Speaking in Tessa, Maren Oskelund said her government is prepared to resume talks with Belvoria provided that the air strikes end.';
    const [m, ...rest] = matchText(page, library);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'paraphrase', sourceId: 'raid' });
    expect(m!.sourceText).toContain('open to talks');
  });

  it('is left unhighlighted when the page gives that claim to someone else', () => {
    const page =
      'In a meeting with Maren Oskelund, President Tomas Halvard said Belvoria is prepared to resume talks with Zarhan provided that the air strikes end.';
    expect(matchText(page, library)).toEqual([]);
  });

  it('is highlighted beside another link to the same source (the page renders it)', () => {
    const page =
      '“We will not negotiate while our cities burn,” Oskelund said. ' +
      'Belvoria said it targeted military radar sites in several regions of Zarhan on Saturday in retaliation for Zarhani attacks.';
    const ms = matchText(page, library);
    expect(ms.map((m) => m.kind).sort()).toEqual(['paraphrase', 'verbatim']);
  });
});
