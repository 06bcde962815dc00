import { describe, expect, it } from 'vitest';
import { withTextParts } from '../../lib/db/handlers/text-parts';
import type { LibraryHandlers } from '../../lib/messages';
import {
  MAX_PARTS,
  PART_CHARS,
  PARTS_TTL_MS,
  sendAhead,
  splitText,
  type TextPart,
  TextParts,
} from '../../lib/messaging/text-parts';

const long = (n: number) => Array.from({ length: n }, (_, i) => `w${i % 97} `).join('');

describe('a long page text cut into parts', () => {
  it('joins back to the very text, each part within the size', () => {
    const text = long(60_000);
    const parts = splitText(text, 50_000);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(50_000);
  });

  it('never cuts an emoji (a surrogate pair) in two', () => {
    const text = '😀'.repeat(10);
    const parts = splitText(text, 5);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p).toMatch(/^(?:😀)+$/u);
  });

  it('leaves a short text whole', () => {
    expect(splitText('short')).toEqual(['short']);
    expect(splitText('')).toEqual(['']);
  });
});

describe('the parts a tab sent ahead', () => {
  const part = (key: string, index: number, count: number, text: string): TextPart => ({
    key,
    index,
    count,
    part: text,
  });

  it('are joined, in order, with the last part the request carries', () => {
    const parts = new TextParts();
    parts.add(1, part('k', 1, 3, 'b'));
    parts.add(1, part('k', 0, 3, 'a'));
    expect(parts.take(1, 'k', 'c')).toBe('abc');
    // Taken once.
    expect(() => parts.take(1, 'k', 'c')).toThrow(/did not arrive whole/);
  });

  it('refuse a text with a part missing, another key, or another tab', () => {
    const parts = new TextParts();
    parts.add(1, part('k', 0, 3, 'a'));
    expect(() => parts.take(1, 'k', 'c')).toThrow(/did not arrive whole/);
    parts.add(1, part('k', 0, 2, 'a'));
    expect(() => parts.take(2, 'k', 'b')).toThrow(/did not arrive whole/);
    expect(() => parts.take(1, 'other', 'b')).toThrow(/did not arrive whole/);
  });

  it("drop a tab's older text when it starts another", () => {
    const parts = new TextParts();
    parts.add(1, part('old', 0, 2, 'x'));
    parts.add(1, part('new', 0, 2, 'y'));
    expect(() => parts.take(1, 'old', 'z')).toThrow(/did not arrive whole/);
    parts.add(1, part('new', 0, 2, 'y'));
    expect(parts.take(1, 'new', 'z')).toBe('yz');
  });

  it('refuse parts that cannot belong to a whole text, with a one-line message', () => {
    const parts = new TextParts();
    expect(() => parts.add(1, part('k', 0, 1, 'a'))).toThrow(/2 to 256 parts/);
    expect(() => parts.add(1, part('k', 0, MAX_PARTS + 1, 'a'))).toThrow(/2 to 256 parts/);
    expect(() => parts.add(1, part('k', 2, 3, 'a'))).toThrow(/not one of the 2 sent ahead/);
    expect(() => parts.add(1, part('k', -1, 3, 'a'))).toThrow(/not one of/);
    expect(() => parts.add(1, part('', 0, 2, 'a'))).toThrow(/needs a key/);
    expect(() => parts.add(1, part('k', 0, 2, 'a'.repeat(PART_CHARS + 1)))).toThrow(/longer/);
    expect(parts.tabs).toBe(0);
  });

  it('are forgotten when no request takes them in time', () => {
    let now = 0;
    const parts = new TextParts(() => now);
    parts.add(1, part('k', 0, 2, 'a'));
    expect(parts.tabs).toBe(1);
    now = PARTS_TTL_MS + 1;
    expect(parts.tabs).toBe(0);
  });
});

describe('sending a text ahead', () => {
  it('sends all but the last part, with the page free to run after each', async () => {
    const text = long(300_000);
    const events: string[] = [];
    const sent: TextPart[] = [];
    const carried = await sendAhead(
      text,
      async (p) => {
        events.push(`part ${p.index}`);
        sent.push(p);
      },
      async () => {
        events.push('pause');
      },
    );
    const count = splitText(text).length;
    expect(count).toBeGreaterThan(2);
    expect(sent).toHaveLength(count - 1);
    expect(events.slice(0, 4)).toEqual(['part 0', 'pause', 'part 1', 'pause']);
    expect(carried.textKey).toBe(sent[0]!.key);
    expect(sent.map((p) => p.part).join('') + carried.text).toBe(text);
  });

  it('sends a short text whole with its request', async () => {
    let sends = 0;
    const carried = await sendAhead(
      'a short article',
      async () => {
        sends++;
      },
      async () => undefined,
    );
    expect(carried).toEqual({ text: 'a short article' });
    expect(sends).toBe(0);
  });
});

describe("the background's page requests with a text in parts", () => {
  const page = {
    url: 'https://news.example/a',
    title: null,
    siteName: null,
    published: null,
    byline: null,
    lang: null,
  };
  const tab = { tabId: 7, url: page.url, kind: 'content' as const };
  const seen: string[] = [];
  const handlers = withTextParts({
    'page.analyze': async ({ text }: { text: string }) => {
      seen.push(text);
      return {
        report: {
          page: { title: null, url: page.url, isArticle: true, textLength: text.length },
          matches: [],
          actors: [],
        },
        sources: {},
        dismissed: [],
        enabled: true,
      };
    },
    'page.meaning': async ({ text }: { text: string }) => {
      seen.push(text);
      return { matches: [], sources: {}, status: { state: 'off', reason: 'test' } };
    },
  } as unknown as Omit<LibraryHandlers, 'page.textPart'>);

  it('analyses the whole text, joined from what the tab sent ahead', async () => {
    const text = long(200_000);
    const carried = await sendAhead(
      text,
      async (p) => handlers['page.textPart'](p, tab),
      async () => undefined,
    );
    await handlers['page.analyze']({ page, ...carried }, tab);
    expect(seen.at(-1)).toBe(text);
  });

  it('refuses an analysis whose parts never came, and parts from outside a tab', async () => {
    await expect(
      handlers['page.meaning']({ page, text: 'end', textKey: 'nothing' }, tab),
    ).rejects.toThrow(/did not arrive whole/);
    expect(() =>
      handlers['page.textPart'](
        { key: 'k', index: 0, count: 2, part: 'a' },
        { tabId: null, url: null },
      ),
    ).toThrow(/Only a page/);
  });
});
