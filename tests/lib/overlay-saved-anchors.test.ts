import { describe, expect, it } from 'vitest';
import { anchorSaved, describeSpan } from '../../lib/overlay/saved-anchors';

const text = 'The gates opened. “We had no choice,” he said.\nLater: “We had no choice,” he said again, in the capital.';

describe('saved highlights', () => {
  it('re-finds a saved passage at the same place', () => {
    const start = text.lastIndexOf('We had no choice');
    const selectors = describeSpan(text, start, start + 16);
    expect(anchorSaved(text, selectors)).toEqual({ start, end: start + 16 });
  });

  it('re-finds the right occurrence by its context when the page text moved', () => {
    const start = text.lastIndexOf('We had no choice');
    const selectors = describeSpan(text, start, start + 16);
    const edited = 'Breaking update. ' + text;
    const at = anchorSaved(edited, selectors)!;
    expect(edited.slice(at.start, at.end)).toBe('We had no choice');
    expect(at.start).toBe(edited.lastIndexOf('We had no choice'));
  });

  it('gives up when the passage is gone', () => {
    const selectors = describeSpan(text, 0, 17);
    expect(anchorSaved('A different article altogether.', selectors)).toBeNull();
  });
});
