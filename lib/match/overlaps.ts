import type { Match } from '../types';

/**
 * Removes duplicate links: a sentence match that adds nothing beyond a quote match it contains (same
 * source passage), and exact repeats.
 */
export function resolveOverlaps(matches: Match[]): Match[] {
  const quoteFirst = [...matches];
  const kept: Match[] = [];
  for (const m of quoteFirst) {
    const dup = kept.find(
      (k) =>
        k.sourceId === m.sourceId &&
        k.pageStart < m.pageEnd &&
        m.pageStart < k.pageEnd &&
        k.sourceStart < m.sourceEnd &&
        m.sourceStart < k.sourceEnd,
    );
    if (!dup) {
      kept.push(m);
      continue;
    }
    // Keep the larger one too when it is much longer: the copied narrative around a quote is a finding.
    const [big, small] =
      m.pageEnd - m.pageStart > dup.pageEnd - dup.pageStart ? [m, dup] : [dup, m];
    if (
      big.pageEnd - big.pageStart >= 2 * (small.pageEnd - small.pageStart) &&
      (big.kind === 'verbatim' || big.kind === 'reuse')
    ) {
      kept.push(m);
    } else if (big === m && m.score > dup.score) {
      kept[kept.indexOf(dup)] = m;
    }
  }
  return kept.sort((x, y) => x.pageStart - y.pageStart || x.pageEnd - y.pageEnd);
}
