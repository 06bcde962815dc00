/**
 * Writes the pairs scripts/model/compare/run.sh scores each sentence model on (JSON on stdout):
 * the source passages of ../shared/corpus (cut as the semantic stage cuts them), every labelled
 * link of the dev and held-out pages (the page's span and the source passage it renders), and the
 * passages no source passage should be linked to (the distractor quotes, and every passage of the
 * pages about other events).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLibrary } from '../../../lib/library';
import { loadSources } from '../../../lib/node/load-sources';
import { loadPage } from '../../../lib/node/pages';
import { pageUnits, sourceUnits } from '../../../lib/semantic/units';
import { labelledPages } from '../../eval-score';

const SHARED = resolve(import.meta.dirname, '../../../../shared');
const corpus = createLibrary(loadSources(join(SHARED, 'corpus')));
const units = corpus.sources.flatMap((p) =>
  sourceUnits(p).map((u) => ({
    sourceId: p.source.id,
    start: u.start,
    end: u.end,
    text: p.source.text.slice(u.start, u.end),
  })),
);
const links: unknown[] = [];
const negatives: unknown[] = [];
for (const set of ['coverage-dev', 'topical-dev', 'topical-heldout'] as const) {
  if (!existsSync(join(SHARED, 'fixtures', set))) continue;
  for (const p of labelledPages(SHARED, set)) {
    for (const l of p.links)
      links.push({
        set,
        kind: l.kind,
        page: l.pageSpan,
        sourceId: l.sourceId,
        start: l.start,
        end: l.end,
      });
    for (const d of p.distractors) negatives.push({ set, why: 'distractor', page: d });
    if (!p.negative) continue;
    const text = loadPage(p.file, () => new Uint8Array()).article.text;
    for (const u of pageUnits(text))
      negatives.push({ set, why: 'other event', page: text.slice(u.start, u.end) });
  }
}
process.stdout.write(JSON.stringify({ units, links, negatives }));
