/**
 * The coverage dashboard page (chrome-extension://…/dashboard.html): fetches the recorded page
 * visits and the sources they render from the background, builds the comparison and renders it.
 */
import { render } from 'preact';
import { Dashboard } from '../../components/dashboard/Dashboard';
import {
  buildCoverage,
  coverageToCsv,
  coverageToJson,
  type Coverage,
} from '../../lib/coverage/index';
import { request } from '../../lib/messaging/index';
import type { Source } from '../../lib/types';
import './style.css';

async function load(): Promise<{ coverage: Coverage; from: string }> {
  const visits = await request('visits.list', {});
  const ids = [...new Set(visits.flatMap((v) => v.matches.map((m) => m.sourceId)))];
  const sources = (await Promise.all(ids.map((id) => request('source.get', { id })))).filter(
    (s): s is Source => s !== null,
  );
  const from = `${visits.length}:${visits.reduce((t, v) => Math.max(t, v.visitedAt), 0)}:${sources.map((s) => s.id).join(',')}`;
  return { coverage: buildCoverage(sources, visits), from };
}

/** Saves a text as a file through a temporary object URL; nothing leaves the machine. */
function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportCoverage(format: 'csv' | 'json', shown: Coverage): void {
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'csv')
    download(`sourcelight-coverage-${stamp}.csv`, 'text/csv;charset=utf-8', coverageToCsv(shown));
  else download(`sourcelight-coverage-${stamp}.json`, 'application/json', coverageToJson(shown));
}

/** What the shown comparison was built from: reading again only redraws when pages were read since. */
let shownFrom = '';

async function show(root: HTMLElement): Promise<void> {
  try {
    const { coverage, from } = await load();
    if (from === shownFrom) return;
    // Preact renders next to existing children: drop the static "Loading…" line first.
    if (!shownFrom) root.replaceChildren();
    shownFrom = from;
    if (coverage.sources.length === 0) {
      render(
        <main class="dashboard">
          <h1>Coverage across outlets</h1>
          <p data-testid="coverage-empty">
            No page you read has rendered a source yet. Read news pages that quote the articles in
            your library, then come back here.
          </p>
        </main>,
        root,
      );
      return;
    }
    render(
      <Dashboard
        coverage={coverage}
        onExport={exportCoverage}
        onRefresh={() => void show(root)}
        compare={(page, source) => request('passage.compare', { page, source })}
      />,
      root,
    );
  } catch (e) {
    root.replaceChildren();
    shownFrom = '';
    render(
      <main class="dashboard">
        <h1>Coverage across outlets</h1>
        <p class="warn" data-testid="coverage-error">
          Could not load your reading history: {e instanceof Error ? e.message : String(e)}
        </p>
      </main>,
      root,
    );
  }
}

function main(): void {
  const root = document.getElementById('app')!;
  void show(root);
  // Back to the dashboard after reading more pages: show them without a reload.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void show(root);
  });
}

main();
