import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstWhere, lastAtMost, lowerBound } from '../../lib/sorted';

const sortedInts = fc
  .array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 })
  .map((a) => a.sort((x, y) => x - y));

describe('binary search over sorted data', () => {
  it('finds what a scan from the start finds', () => {
    fc.assert(
      fc.property(sortedInts, fc.integer({ min: -60, max: 60 }), (list, v) => {
        const first = list.findIndex((x) => x >= v);
        expect(lowerBound(list, v)).toBe(first < 0 ? list.length : first);
        expect(lastAtMost(list, v)).toBe(list.findLastIndex((x) => x <= v));
        expect(firstWhere(0, list.length, (i) => list[i]! > v)).toBe(
          list.filter((x) => x <= v).length,
        );
        expect(lowerBound(Int32Array.from(list), v)).toBe(lowerBound(list, v));
      }),
    );
  });

  it('searches only the given range', () => {
    expect(lowerBound([1, 2, 3, 4, 5], 0, 2, 4)).toBe(2);
    expect(lowerBound([1, 2, 3, 4, 5], 9, 2, 4)).toBe(4);
    expect(lastAtMost([1, 2, 3, 4, 5], 9, 0, 3)).toBe(2);
  });
});
