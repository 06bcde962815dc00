/** The word-level diff between page and source wording, with plain-word labels for screen readers. */
import type { DiffPart } from '../../lib/diff/word-diff';

/** Renders diff parts inline: source words struck through, page words underlined. */
export function WordDiff({ parts }: { parts: DiffPart[] }) {
  if (parts.length === 0) return null;
  if (parts.every((p) => p.op === 'same'))
    return <p class="diff same-words">Same words as the source.</p>;
  return (
    <p class="diff" title="Differences between the page and the source">
      {parts.map((p, i) => {
        const gap = i > 0 ? ' ' : '';
        switch (p.op) {
          case 'same':
            return <span key={i}>{gap + p.page}</span>;
          case 'changed':
            return (
              <span key={i} class="changed">
                {gap}
                <del title="source wording">{p.source}</del>{' '}
                <ins title="page wording">{p.page}</ins>
              </span>
            );
          case 'cut':
            return (
              <span key={i}>
                {gap}
                <del class="cut" title="in the source, cut on the page">
                  {p.source}
                </del>
              </span>
            );
          case 'added':
            return (
              <span key={i}>
                {gap}
                <ins class="added" title="added on the page">
                  {p.page}
                </ins>
              </span>
            );
        }
      })}
    </p>
  );
}
