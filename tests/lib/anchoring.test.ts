import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anchor,
  anchorAnnotations,
  describeSelection,
  editDistance,
  searchApproximate,
} from '../../lib/anchoring/index';
import { createAnnotation } from '../../lib/anchoring/model';

const article = [
  'Engineers at the Qorvan Dam opened two spillway gates on Thursday night after the reservoir rose faster than forecast.',
  '"We had no choice but to release the water," the chief engineer said, adding that villages downstream had been warned.',
  'By Friday morning 1,240 people had left their homes in Lower Sarn, according to the regional authority.',
  'The ministry said the gates would stay open until the level fell below the safety mark.',
].join('\n');

/** Random prose-like text: words of letters separated by spaces and occasional line breaks. */
const prose = fc
  .array(fc.tuple(fc.stringMatching(/^[a-z]{1,9}$/), fc.constantFrom(' ', ' ', ' ', '\n', ', ')), {
    minLength: 40,
    maxLength: 120,
  })
  .map((parts) => parts.map(([w, sep]) => w + sep).join(''));

describe('describeSelection and anchor on unchanged text', () => {
  it('finds any selection at its own position', () => {
    fc.assert(
      fc.property(prose, fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length - 1);
        const end = start + 1 + (b % (text.length - start));
        const found = anchor(text, describeSelection(text, start, end));
        expect(found).toMatchObject({ start, end, method: 'position' });
      }),
    );
  });

  it('keeps 32 characters of context each side', () => {
    const start = article.indexOf('We had no choice');
    const [quote, position] = describeSelection(article, start, start + 16);
    expect(quote.prefix).toHaveLength(32);
    expect(article.slice(start - 32, start)).toBe(quote.prefix);
    expect(quote.suffix).toBe(article.slice(start + 16, start + 48));
    expect(position).toEqual({ type: 'TextPositionSelector', start, end: start + 16 });
  });
});

describe('re-anchoring when the page changed', () => {
  it('follows a passage that moved because text was added before it', () => {
    fc.assert(
      fc.property(prose, prose, fc.nat(), (text, added, a) => {
        const start = a % (text.length - 40);
        const end = start + 40;
        const selectors = describeSelection(text, start, end);
        const changed = added + text;
        const found = anchor(changed, selectors)!;
        expect(changed.slice(found.start, found.end)).toBe(text.slice(start, end));
      }),
    );
  });

  it('chooses the occurrence whose context matches when the quote appears twice', () => {
    const repeated = `${article}\nA resident said: "We had no choice but to release the water," and laughed.\n`;
    const second = repeated.lastIndexOf('We had no choice');
    const selectors = describeSelection(repeated, second, second + 44);
    const found = anchor(`Update: the story was revised.\n${repeated}`, selectors)!;
    expect(found.method).toBe('quote');
    expect(found.start).toBe(second + 'Update: the story was revised.\n'.length);
  });

  it('finds a passage whose wording was slightly edited and moved', () => {
    fc.assert(
      fc.property(prose, prose, fc.nat(), fc.nat(), (text, added, a, b) => {
        const start = a % (text.length - 60);
        const selectors = describeSelection(text, start, start + 60);
        // Replace one character in the middle of the selection with a character not in the alphabet.
        const at = start + 20 + (b % 20);
        const edited = `${added + text.slice(0, at)}#${text.slice(at + 1)}`;
        const found = anchor(edited, selectors)!;
        expect(found.method).toBe('fuzzy');
        const expectedStart = start + added.length;
        // The highlight covers the edited passage, give or take a word at the edges.
        expect(Math.abs(found.start - expectedStart)).toBeLessThanOrEqual(10);
        expect(Math.abs(found.end - (expectedStart + 60))).toBeLessThanOrEqual(10);
      }),
    );
  });

  it('re-anchors a sentence after a copy edit', () => {
    const start = article.indexOf('By Friday');
    const end = article.indexOf('regional authority.') + 'regional authority.'.length;
    const selectors = describeSelection(article, start, end);
    const revised =
      'Correction appended.\n' +
      article.replace('1,240 people had left their homes', '1,300 people had fled their homes');
    const found = anchor(revised, selectors)!;
    expect(found.method).toBe('fuzzy');
    expect(revised.slice(found.start, found.end)).toBe(
      'By Friday morning 1,300 people had fled their homes in Lower Sarn, according to the regional authority.',
    );
  });

  it('gives up on a passage that was removed, and lists its annotation as an orphan', () => {
    const start = article.indexOf('The ministry said');
    const kept = describeSelection(article, 0, 9);
    const removed = describeSelection(article, start, article.length);
    const draft = (selectors: typeof kept) => ({
      url: 'https://x.example/a',
      selectors,
      note: '',
      tags: [],
    });
    let n = 0;
    const notes = [
      createAnnotation(draft(kept), new Date(0), () => `a${++n}`),
      createAnnotation(draft(removed), new Date(0), () => `a${++n}`),
    ];
    const shortened = article.slice(0, start).trim();
    expect(anchor(shortened, removed)).toBeNull();
    const { anchored, orphans } = anchorAnnotations(shortened, notes);
    expect(anchored.map((x) => x.annotation.id)).toEqual(['a1']);
    expect(orphans.map((x) => x.id)).toEqual(['a2']);
  });
});

describe('searchApproximate', () => {
  const small = fc.stringMatching(/^[abc]{0,14}$/);
  it('reports only true matches, and finds one whenever a substring is within the budget', () => {
    fc.assert(
      fc.property(
        small,
        fc.stringMatching(/^[abc]{1,5}$/),
        fc.integer({ min: 0, max: 2 }),
        (text, pattern, k) => {
          const hits = searchApproximate(text, pattern, k);
          for (const hit of hits) {
            expect(hit.errors).toBeLessThanOrEqual(k);
            expect(editDistance(text.slice(hit.start, hit.end), pattern)).toBe(hit.errors);
          }
          let exists = false;
          for (let i = 0; i <= text.length && !exists; i++) {
            for (let j = i; j <= text.length && !exists; j++)
              exists = editDistance(text.slice(i, j), pattern) <= k;
          }
          // An empty match is only possible when the whole pattern may be deleted.
          expect(hits.length > 0 || !exists || pattern.length <= k).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
