import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../lib/diff/word-diff';

describe('wordDiff', () => {
  it('shows a swapped word as changed and keeps the rest as same', () => {
    const parts = wordDiff(
      'the release had averted a far greater disaster',
      'the release had prevented a far greater disaster',
    );
    expect(parts).toEqual([
      { op: 'same', page: 'the release had', source: 'the release had' },
      { op: 'changed', page: 'averted', source: 'prevented' },
      { op: 'same', page: 'a far greater disaster', source: 'a far greater disaster' },
    ]);
  });

  it('shows words the page left out as cut and words it put in as added', () => {
    const parts = wordDiff(
      'We chose the responsible option, she said',
      'We chose the only responsible option',
    );
    expect(parts.filter((p) => p.op === 'cut')).toEqual([{ op: 'cut', page: '', source: 'only' }]);
    expect(parts.filter((p) => p.op === 'added')).toEqual([
      { op: 'added', page: 'she said', source: '' },
    ]);
  });

  it('ignores case, quote marks and punctuation', () => {
    expect(wordDiff('“Grave damage,” he said.', 'grave damage he said')).toEqual([
      { op: 'same', page: 'Grave damage,” he said', source: 'grave damage he said' },
    ]);
  });

  it('flags a different number as changed', () => {
    const parts = wordDiff('forced 1,120 people out', 'forced 1,240 people out');
    expect(parts.find((p) => p.op === 'changed')).toEqual({
      op: 'changed',
      page: '1,120',
      source: '1,240',
    });
  });

  it('handles empty sides', () => {
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('only page', '')).toEqual([{ op: 'added', page: 'only page', source: '' }]);
    expect(wordDiff('', 'only source')).toEqual([{ op: 'cut', page: '', source: 'only source' }]);
  });

  it('always rebuilds both wordings from its parts', () => {
    const word = fc.constantFrom(
      'a',
      'dam',
      'river',
      'gates',
      'opened',
      'the',
      '48',
      'hours',
      'Zarhan',
    );
    const text = fc.array(word, { maxLength: 30 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(text, text, (page, source) => {
        const parts = wordDiff(page, source);
        expect(
          parts
            .map((p) => p.page)
            .filter(Boolean)
            .join(' '),
        ).toBe(page);
        expect(
          parts
            .map((p) => p.source)
            .filter(Boolean)
            .join(' '),
        ).toBe(source);
        for (const p of parts) {
          if (p.op === 'same') expect(p.page.toLowerCase()).toBe(p.source.toLowerCase());
          if (p.op === 'cut') expect(p.page).toBe('');
          if (p.op === 'added') expect(p.source).toBe('');
        }
      }),
    );
  });
});
