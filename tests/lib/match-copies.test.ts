/**
 * A library that holds many outlets' copies of one wire story: the copies of a sentence share its
 * seed words, and without care they take every candidate place from the source a page passage
 * really renders. Invented texts.
 */
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import type { Source } from '../../lib/types';

const source = (id: string, text: string): Source => ({
  id,
  title: id,
  outlet: id,
  url: null,
  published: null,
  language: 'en',
  text,
});
const wire = (i: number) =>
  source(
    `wire-${i}`,
    'Ilse Brandvik of the Velmora harbour authority spoke to reporters on Tuesday.\n' +
      'The storm was expected to reach the coast overnight.',
  );
const briefing = source(
  'briefing',
  'The harbour office held a briefing.\nBrandvik said the port will stay shut until the storm has passed.',
);
const page =
  'Velmora harbour master Ilse Brandvik said the port would stay shut until the storm had passed.';

describe('copies of one story in the library', () => {
  it('do not hide the source a passage renders', () => {
    for (const copies of [1, 8]) {
      const library = createLibrary([
        ...Array.from({ length: copies }, (_, i) => wire(i)),
        briefing,
      ]);
      expect(
        matchText(page, library).map((m) => m.sourceId),
        `${copies} copies`,
      ).toEqual(['briefing']);
    }
  });
});
