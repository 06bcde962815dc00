import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { anchoredSources, anchors } from '../../lib/semantic/anchors';
import type { Source } from '../../lib/types';

const source = (id: string, text: string): Source => ({
  id,
  title: id,
  outlet: null,
  url: `https://example.org/${id}`,
  published: null,
  language: 'en',
  text,
});

describe('names and numbers that survive translation', () => {
  it('keeps capitalised words inside sentences and numbers, without accents or separators', () => {
    expect([
      ...anchors("Le ministre Maren Oskelund a déclaré à Tärsk que 1.060 personnes l'ont vu."),
    ]).toEqual(['w:maren', 'w:oskelund', 'w:tarsk', 'n:1060']);
  });

  it('skips the word that opens a sentence and one-digit numbers', () => {
    expect([...anchors('Yesterday 3 boats left. Then Ilva rose 12 cm.')]).toEqual([
      'w:ilva',
      'n:12',
    ]);
  });
});

describe('the source a page in another language may render', () => {
  const library = createLibrary([
    source(
      'dam',
      'The minister Maren Oskelund said in Tarsk that the dam on the Ilva would flood 1,060 homes. Belvoria will pay.',
    ),
    source(
      'harbour',
      'The minister Maren Oskelund opened the harbour of Vessa on Monday. Belvoria paid for it.',
    ),
    source('rail', 'Belvoria opened a rail line to Dorn. The minister Maren Oskelund was there.'),
  ]);

  it('is the one sharing the most rare names and figures', () => {
    const page =
      'À Tarsk, la ministre Maren Oskelund a annoncé que le barrage sur l’Ilva inonderait 1.060 maisons.';
    expect(anchoredSources(page, library).map((p) => p.source.id)).toEqual(['dam']);
  });

  it('is none when the page shares only the names every source has', () => {
    const page = 'Selon la Belvoria, la ministre Maren Oskelund voyage beaucoup.';
    expect(anchoredSources(page, library)).toEqual([]);
  });
});
