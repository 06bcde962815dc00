import { join } from 'node:path';
import { createLibrary } from '../lib/library';
import { matchText } from '../lib/match/index';
import { loadSources } from '../lib/node/load-sources';
import { loadPage } from '../lib/node/pages';
const shared = '/work/shared';
const lib = createLibrary(loadSources(join(shared, 'corpus')));
for (const f of process.argv.slice(2)) {
  const p = loadPage(f, () => new Uint8Array());
  console.log('==', f.split('/').pop(), 'len', p.article.text.length, 'isArticle', p.article.isArticle);
  for (const m of matchText(p.article.text, lib))
    console.log(`  [${m.kind} ${m.score.toFixed(2)} sp ${m.speaker.page}|${m.speaker.source}] "${m.pageText}"\n     -> "${m.sourceText}"`);
}
