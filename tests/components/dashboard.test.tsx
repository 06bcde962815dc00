// The coverage dashboard as a reader meets it: a matrix per source, a cell's detail when a
// keyboard user reaches it, filters down to nothing, and exports of what is shown. The comparison
// is built by the real core (lib/coverage) from an invented source and two outlets' pages.
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Placement needs layout, which linkedom has not: it is checked in the browser (tests/e2e/ui-*.test.ts).
vi.mock('../../components/overlay/popover-placement', () => ({ followAnchor: () => () => {} }));
import { Dashboard } from '../../components/dashboard/Dashboard';
import { buildCoverage, type CoverageMatch, type CoverageVisit } from '../../lib/coverage/index';
import { button, fire, installDom, mount, textOf } from '../helpers/preact-dom';
import { PIER_QUOTE, pierSource } from '../helpers/pier-source';

const SOURCE = pierSource(3);
const TEXT = SOURCE.text;
const QUOTE = PIER_QUOTE;

const match = (
  words: string,
  pageText: string,
  extra: Partial<CoverageMatch> = {},
): CoverageMatch => {
  const start = TEXT.indexOf(words);
  return {
    kind: 'verbatim',
    sourceId: 'pier',
    sourceStart: start,
    sourceEnd: start + words.length,
    sourceText: words,
    pageText,
    score: 1,
    ...extra,
  };
};
const visits: CoverageVisit[] = [
  {
    url: 'https://coast-news.example/pier',
    outlet: 'Coast News',
    matches: [match(QUOTE, QUOTE)],
  },
  {
    url: 'https://bay-herald.example/crane',
    outlet: 'Bay Herald',
    matches: [
      match(QUOTE, 'We will not reopen the pier until the cranes are checked', {
        kind: 'variant',
        score: 0.7,
      }),
    ],
  },
];
const coverage = buildCoverage([SOURCE], visits);

beforeEach(() => {
  installDom();
});

describe('the coverage dashboard', () => {
  it('shows a matrix for the source with a column per outlet', async () => {
    const root = await mount(<Dashboard coverage={coverage} onExport={vi.fn()} />);
    const sections = root.querySelectorAll('[data-testid="coverage-source"]');
    expect(sections.length).toBe(1);
    expect(textOf(sections[0]!)).toContain('Crane collapse closes Norrvik pier');
    expect(textOf(sections[0]!)).toContain('2 outlets');
    const outlets = new Set(
      [...root.querySelectorAll('[data-testid="coverage-cell"]')].map((c) =>
        c.getAttribute('data-outlet'),
      ),
    );
    expect([...outlets].sort()).toEqual(['Bay Herald', 'Coast News']);
  });

  it("shows a cell's page words and diff when a keyboard user reaches it", async () => {
    const root = await mount(<Dashboard coverage={coverage} onExport={vi.fn()} />);
    expect(root.querySelector('[data-testid="cell-detail"]')).toBeNull();
    const cell = [...root.querySelectorAll('[data-testid="coverage-cell"]')].find(
      (c) =>
        c.getAttribute('data-outlet') === 'Bay Herald' && c.getAttribute('data-kind') !== 'absent',
    )!;
    await fire(cell, 'focus');
    const detail = root.querySelector('[data-testid="cell-detail"]')!;
    expect(textOf(detail)).toContain('until the cranes are checked');
  });

  it('says so when the filters leave nothing, and exports what is shown', async () => {
    const onExport = vi.fn();
    const root = await mount(<Dashboard coverage={coverage} onExport={onExport} />);
    const outlet = root.querySelector('[data-testid="filter-outlet"]') as HTMLInputElement;
    outlet.value = 'no such outlet';
    await fire(outlet, 'input');
    expect(root.querySelectorAll('[data-testid="coverage-cell"]').length).toBe(0);
    expect(textOf(root)).toMatch(/No source matches these filters|Nothing to show for this source/);
    await fire(button(root, 'Export CSV'), 'click');
    expect(onExport).toHaveBeenCalledTimes(1);
    const [format, shown] = onExport.mock.calls[0]!;
    expect(format).toBe('csv');
    expect(shown.sources.flatMap((sc: { columns: unknown[] }) => sc.columns)).toEqual([]);
    outlet.value = 'bay';
    await fire(outlet, 'input');
    await fire(button(root, 'Export JSON'), 'click');
    const [, bay] = onExport.mock.calls[1]!;
    expect(bay.sources[0].columns.map((c: { name: string }) => c.name)).toEqual(['Bay Herald']);
  });

  it('renders an empty comparison without breaking', async () => {
    const root = await mount(
      <Dashboard coverage={buildCoverage([], [])} onExport={vi.fn()} onRefresh={vi.fn()} />,
    );
    expect(root.querySelector('[data-testid="coverage-empty"]')).not.toBeNull();
    expect(button(root, 'Refresh')).toBeTruthy();
  });
});
