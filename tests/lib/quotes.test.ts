import { describe, expect, it } from 'vitest';
import { findQuotes } from '../../lib/text/quotes';
import { tokenize } from '../../lib/text/normalize';

const quoted = (s: string) => findQuotes(s).map((q) => q.text);

describe('quote extraction', () => {
  it.each([
    ['curly', 'He said “we will rebuild the bridge” on Monday.'],
    ['straight', 'He said "we will rebuild the bridge" on Monday.'],
    ['single curly', 'He said ‘we will rebuild the bridge’ on Monday.'],
    ['guillemets', 'He said «we will rebuild the bridge» on Monday.'],
    ['reversed guillemets', 'He said »we will rebuild the bridge« on Monday.'],
    ['German low-high', 'He said „we will rebuild the bridge“ on Monday.'],
    ['corner brackets', 'He said 「we will rebuild the bridge」 on Monday.'],
    ['doubled singles', 'He said ‘‘we will rebuild the bridge’’ on Monday.'],
  ])('finds a quote in %s marks', (_name, text) => {
    expect(quoted(text)).toEqual(['we will rebuild the bridge']);
  });

  it('does not take apostrophes for quote marks', () => {
    expect(
      quoted('Khamenei’s aides said it’s the minister’s call, and they haven’t decided.'),
    ).toEqual([]);
    expect(quoted('She called it ‘ordinary life’ in Tehran’s suburbs.')).toEqual(['ordinary life']);
  });

  it('keeps quotes inside their paragraph', () => {
    expect(quoted('“Unclosed quote in one paragraph\nand “a closed one” in the next')).toEqual([
      'a closed one',
    ]);
  });
});

describe('tokenisation', () => {
  it('normalises case, diacritics and apostrophes, and keeps offsets into the original', () => {
    const text = 'PEZESHKIAN’s café: 1,060 dead.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(["pezeshkian's", 'cafe', '1,060', 'dead']);
    for (const t of tokens) expect(text.slice(t.start, t.end).length).toBe(t.end - t.start);
    expect(text.slice(tokens[2]!.start, tokens[2]!.end)).toBe('1,060');
  });
});

describe('tokenisation of scripts written without spaces', () => {
  it('splits Chinese and Japanese runs into words whose offsets slice back to the text', () => {
    const text = '部长说：我们将恢复供水。東京で会議';
    const tokens = tokenize(text);
    expect(tokens.length).toBeGreaterThan(4);
    // Word by word, the offsets cover the text between the punctuation, and nothing else.
    expect(tokens.map((t) => text.slice(t.start, t.end)).join('')).toBe(
      '部长说我们将恢复供水東京で会議',
    );
    expect(tokens.find((t) => text.slice(t.start, t.end) === '供水')).toBeDefined();
  });
});
