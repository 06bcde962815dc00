import { describe, expect, it } from 'vitest';
import { segmentClauses, segmentSentences } from '../../lib/text/segment';

const sentences = (s: string) => segmentSentences(s).map((r) => s.slice(r.start, r.end));

describe('sentence segmentation', () => {
  it('does not split at abbreviations, initials, initialisms or decimals', () => {
    const text =
      'Mr. Okafor met U.S. officials and J.D. Salinger fans at 3.5 p.m. on Jan. 6 in Lagos. The talks ended early.';
    expect(sentences(text)).toEqual([
      'Mr. Okafor met U.S. officials and J.D. Salinger fans at 3.5 p.m. on Jan. 6 in Lagos.',
      'The talks ended early.',
    ]);
  });

  it('keeps closing quotes with their sentence and splits at line breaks', () => {
    const text = '“We will rebuild,” she said. “Soon.”\nA new paragraph';
    expect(sentences(text)).toEqual(['“We will rebuild,” she said.', '“Soon.”', 'A new paragraph']);
  });

  it('splits after the U.S. when a new sentence clearly starts', () => {
    expect(sentences('The envoy flew to the U.S. The visit lasted a day.')).toEqual([
      'The envoy flew to the U.S.',
      'The visit lasted a day.',
    ]);
  });

  it('returns ranges that index the original text', () => {
    const text = '  First one!  Second one?  ';
    for (const r of segmentSentences(text))
      expect(text.slice(r.start, r.end).trim()).toBe(text.slice(r.start, r.end));
  });
});

describe('clause segmentation', () => {
  it('cuts at clause punctuation but keeps numbers and editorial brackets whole', () => {
    const text = 'We counted 1,240 boats, but we have not made a final [count]; more later';
    expect(segmentClauses(text, 0, text.length).map((r) => text.slice(r.start, r.end))).toEqual([
      'We counted 1,240 boats',
      'but we have not made a final [count]',
      'more later',
    ]);
  });
});
