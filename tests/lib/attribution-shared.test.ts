import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { prepareSource } from '../../lib/library';
import { loadPage } from '../../lib/node/pages';
import { findSpeaker, speakersAgree } from '../../lib/text/attribution';
import { findQuotes } from '../../lib/text/quotes';
import { segmentSentences } from '../../lib/text/segment';
import { describeShared, sharedPath } from '../helpers/shared';

interface UnitQuote {
  id: string;
  seed_file: string;
  start: number;
  end: number;
  speaker: string;
}

describeShared('speakers on the shared corpus and coverage pages', () => {
  it('attributes every labelled source quote to its labelled speaker', () => {
    const units = JSON.parse(
      readFileSync(sharedPath('fixtures/coverage-dev/units.json'), 'utf8'),
    ) as { quotes: UnitQuote[] };
    expect(units.quotes.length).toBeGreaterThan(0);
    for (const u of units.quotes) {
      const text = readFileSync(sharedPath('corpus', u.seed_file), 'utf8');
      const prepared = prepareSource({
        id: u.seed_file,
        title: u.id,
        outlet: null,
        url: null,
        published: null,
        language: 'en',
        text,
      });
      const q = prepared.quotes.find((x) => x.start < u.end && u.start < x.end);
      expect(q, u.id).toBeDefined();
      expect(speakersAgree(q!.speaker, u.speaker), `${u.id}: ${q!.speaker} vs ${u.speaker}`).toBe(
        true,
      );
    }
  });

  it('names only actors the page is labelled with as quote speakers on the coverage pages, never a place', () => {
    const gold = readFileSync(sharedPath('fixtures/coverage-dev/gold.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { page: string; lang: string; actors: string[] });
    let named = 0;
    let english = 0;
    for (const g of gold) {
      const text = loadPage(sharedPath('fixtures/coverage-dev', g.page), () => new Uint8Array())
        .article.text;
      const sentences = segmentSentences(text);
      const sentenceOf = (at: number) =>
        sentences.find((s) => at >= s.start && at < s.end) ?? { start: at, end: at };
      for (const q of findQuotes(text)) {
        const s = sentenceOf(q.start);
        const after = sentenceOf(Math.min(text.length - 1, q.end + 1));
        const speaker = findSpeaker(
          text,
          q.start,
          q.end,
          s.start,
          Math.max(s.end, q.end, after.end),
        );
        if (g.lang === 'en') english++;
        if (speaker === null) continue;
        if (g.lang === 'en') named++;
        expect(
          g.actors.some((a) => speakersAgree(speaker, a)),
          `${g.page}: “${q.text.slice(0, 40)}…” → ${speaker}`,
        ).toBe(true);
      }
    }
    // News copy attributes nearly every quote: a speaker finder that gives up fails too.
    expect(english).toBeGreaterThan(0);
    expect(named / english).toBeGreaterThanOrEqual(0.8);
  });
});
