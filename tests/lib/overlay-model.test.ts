import { describe, expect, it } from 'vitest';
import {
  buildHighlights,
  countByKind,
  highlightName,
  itemsAt,
  passageInContext,
  step,
} from '../../lib/overlay/model';
import type { Match, PageReport } from '../../lib/types';

const match = (kind: Match['kind'], pageStart: number, pageEnd: number): Match => ({
  kind,
  pageStart,
  pageEnd,
  pageText: 'x',
  sourceId: 's',
  sourceStart: 0,
  sourceEnd: 1,
  sourceText: 'x',
  score: 1,
  speaker: { page: null, source: null },
  divergences: [],
});

const report = (matches: Match[], mentions: [number, number][] = []): PageReport => ({
  page: { title: null, url: null, isArticle: true, textLength: 100 },
  matches,
  actors: mentions.length
    ? [
        {
          name: 'Maren Oskelund',
          type: 'person',
          role: null,
          sourceIds: ['s'],
          mentions: mentions.map(([start, end]) => ({ text: 'Oskelund', start, end })),
        },
      ]
    : [],
});

describe('overlay model', () => {
  it('names one highlight per kind with the sourcelight- prefix', () => {
    expect(
      ['verbatim', 'variant', 'paraphrase', 'reuse', 'actor'].map((k) => highlightName(k as never)),
    ).toEqual([
      'sourcelight-verbatim',
      'sourcelight-variant',
      'sourcelight-paraphrase',
      'sourcelight-reuse',
      'sourcelight-actor',
    ]);
  });

  it('orders matches and actor mentions in reading order and counts them per kind', () => {
    const items = buildHighlights(
      report(
        [match('reuse', 50, 90), match('verbatim', 10, 30)],
        [
          [5, 13],
          [60, 68],
        ],
      ),
      100,
    );
    expect(items.map((i) => [i.kind, i.start])).toEqual([
      ['actor', 5],
      ['verbatim', 10],
      ['reuse', 50],
      ['actor', 60],
    ]);
    expect(countByKind(items)).toEqual({
      verbatim: 1,
      variant: 0,
      paraphrase: 0,
      reuse: 1,
      actor: 2,
    });
  });

  it('drops spans that are empty or outside the article text instead of failing', () => {
    const items = buildHighlights(
      report([match('verbatim', 10, 10), match('variant', 90, 140), match('reuse', -3, 4)]),
      100,
    );
    expect(items).toEqual([]);
  });

  it('finds the innermost highlight under a text offset', () => {
    const items = buildHighlights(report([match('reuse', 0, 80)], [[20, 28]]), 100);
    expect(itemsAt(items, 22).map((i) => i.kind)).toEqual(['actor', 'reuse']);
    expect(itemsAt(items, 85)).toEqual([]);
  });

  it('steps through highlights with wrap-around in both directions', () => {
    expect(step(3, -1, 1)).toBe(0);
    expect(step(3, -1, -1)).toBe(2);
    expect(step(3, 2, 1)).toBe(0);
    expect(step(3, 0, -1)).toBe(2);
    expect(step(0, -1, 1)).toBe(-1);
  });
});

describe('passageInContext', () => {
  const text =
    'The gates opened at night. Water reached the valley by dawn. “We had no choice,” the minister said. Villages were flooded.\nA new paragraph starts here. And goes on.';

  it('gives one sentence of context on each side of a passage', () => {
    const start = text.indexOf('We had');
    const end = text.indexOf(',” the');
    const c = passageInContext(text, start, end);
    expect(c.passage).toBe('We had no choice');
    expect(c.before).toBe('Water reached the valley by dawn. “');
    expect(c.after).toBe(',” the minister said. Villages were flooded.');
  });

  it('does not reach across a paragraph break', () => {
    const start = text.indexOf('A new');
    const c = passageInContext(text, start, start + 'A new paragraph starts here.'.length);
    expect(c.before).toBe('');
    expect(c.after).toBe(' And goes on.');
  });
});
