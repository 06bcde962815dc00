/**
 * Verbatim quotes in the forms real pages print them (issue 28): an apostrophe of the other shape,
 * a quote broken by a line break (a <br> in the page), two words of a source quote when the page
 * gives them to the source's speaker, and a speaker's exact words when the source quotes that
 * speaker several times. Invented texts.
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { parseDocument } from '../../lib/node/dom';
import { sourcesFromJson } from '../../lib/sources';

const SOURCE =
  'Minister Talvik Orsenn spoke to reporters in Dellmar on Monday. ' +
  '“We won’t reopen the canal until the inspectors have finished,” Orsenn said. ' +
  'He added that the ferry crews had been told. ' +
  '“The locks are older than anyone thought,” he said. ' +
  '“Nobody should expect a quick repair.”';

const library = createLibrary(
  sourcesFromJson([{ id: 'canal', title: 'Canal stays shut', text: SOURCE }]),
);

const verbatim = (page: string) => matchText(page, library).filter((m) => m.kind === 'verbatim');

describe('verbatim quotes as pages print them', () => {
  it('matches a straight apostrophe against a curly one', () => {
    const [m] = verbatim(
      'Orsenn was firm. "We won\'t reopen the canal until the inspectors have finished," he said.',
    );
    expect(m?.sourceText).toBe('We won’t reopen the canal until the inspectors have finished');
  });

  it('matches a quote broken by a <br> in the page', () => {
    const doc = parseDocument(
      '<html><body><article><h1>Canal</h1><p>Minister Talvik Orsenn said on Monday: “We won’t reopen the canal<br>until the inspectors have finished,” adding that repairs would take long. The ferry operators were told the same day and many of them said they would move their boats to the southern harbour for the season.</p></article></body></html>',
    );
    const text = extractArticle(doc).text;
    const [m] = verbatim(text);
    expect(m?.sourceText).toBe('We won’t reopen the canal until the inspectors have finished');
  });

  it('matches two words of a source quote given to its speaker', () => {
    const ms = matchText(
      'Orsenn said the locks were in poor shape, calling them “older than anyone thought.”',
      library,
    );
    expect(ms.map((m) => m.sourceText)).toContain('older than anyone thought');
    const [two] = matchText('Orsenn warned against a “quick repair” of the locks.', library);
    expect(two).toMatchObject({ kind: 'verbatim', sourceText: 'quick repair' });
  });

  it('matches a speaker’s exact words when the source quotes that speaker several times', () => {
    const [m] = verbatim('“Nobody should expect a quick repair,” Orsenn told the crowd.');
    expect(m?.sourceText).toBe('Nobody should expect a quick repair');
  });
});
