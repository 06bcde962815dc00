/**
 * What a page passage and its source passage share and where they part, for renderings whose word
 * diff would be mostly struck-out words (paraphrases, loose copies): the claim's words, names and
 * figures both carry, then the names, figures and telling words only one side has.
 */
import type { PassageComparison, SharedTerm, Term } from '../../lib/diff/compare';

/** Props: the comparison, and how the page side is called ("on this page", "on the page"). */
export interface ComparisonProps {
  comparison: PassageComparison;
  here: string;
}

function Terms({ terms }: { terms: (Term | SharedTerm)[] }) {
  return (
    <>
      {terms.map((t, i) => (
        <span key={i} class={`term ${t.kind}`}>
          {t.text}
          {'source' in t && !t.same && (
            <span class="related" title="the source's word">
              {' '}
              / {t.source}
            </span>
          )}
        </span>
      ))}
    </>
  );
}

/** Renders the comparison as three labelled lists; a list with nothing in it is left out. */
export function Comparison({ comparison: c, here }: ComparisonProps) {
  if (c.shared.length === 0 && c.pageOnly.length === 0 && c.sourceOnly.length === 0)
    return <p data-testid="comparison">The passages share no claim word.</p>;
  return (
    <dl class="comparison" data-testid="comparison">
      {c.shared.length > 0 && (
        <div>
          <dt>Both say</dt>
          <dd>
            <Terms terms={c.shared} />
          </dd>
        </div>
      )}
      {c.pageOnly.length > 0 && (
        <div>
          <dt>Only {here}</dt>
          <dd>
            <Terms terms={c.pageOnly} />
          </dd>
        </div>
      )}
      {c.sourceOnly.length > 0 && (
        <div>
          <dt>Only in the source</dt>
          <dd>
            <Terms terms={c.sourceOnly} />
          </dd>
        </div>
      )}
    </dl>
  );
}
