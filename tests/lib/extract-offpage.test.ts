// Big pages are read away from the page. The demo pages are the project's own; the big page is one
// of them inside invented site chrome (tests/helpers/big-page.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { extractArticle } from '../../lib/extract';
import {
  extractFromHtml,
  isOffPageArticle,
  OFF_PAGE_ELEMENTS,
  readArticle,
  readsOffPage,
  type OffPageArticle,
  withoutScripts,
} from '../../lib/extract-offpage';
import {
  articleOfReply,
  domReader,
  offscreenReader,
  OFFSCREEN_PATH,
  READ_AWAY_PORT,
  type RuntimePort,
  serveOffscreen,
  type OffscreenApi,
} from '../../lib/messaging/offscreen';
import { awayReader, PART_CHARS } from '../../lib/messaging/read-away';
import { parseDocument } from '../../lib/node/dom';
import { withSiteChrome } from '../helpers/big-page';
import { fakeChrome } from '../helpers/fake-offscreen';
import { describeShared, sharedPath } from '../helpers/shared';

const demoHtml = (name: string) =>
  readFileSync(join(import.meta.dirname, '../../assets/demo/pages', name), 'utf8');
const URL = 'https://www.northgatepost.example.com/world/zarhan';
/** Reads serialised pages the way the extension does, with linkedom for the browser's DOMParser. */
const away = domReader(() => ({ parseFromString: (html: string) => parseDocument(html) }));

describe('which pages are read away from them', () => {
  it('reads a small page in place and a page of thousands of elements away', () => {
    expect(readsOffPage(parseDocument(demoHtml('wire-copy.html')))).toBe(false);
    expect(readsOffPage(parseDocument(withSiteChrome(demoHtml('wire-copy.html'))))).toBe(true);
    expect(
      readsOffPage(
        parseDocument(withSiteChrome(demoHtml('wire-copy.html'), OFF_PAGE_ELEMENTS / 10)),
      ),
    ).toBe(false);
  });
});

describe('readArticle', () => {
  it('reads a small page in place, without sending it anywhere', async () => {
    const extractAway = vi.fn();
    const read = await readArticle(parseDocument(demoHtml('wire-copy.html')), {
      url: URL,
      extractAway,
    });
    expect(extractAway).not.toHaveBeenCalled();
    expect(read.where).toBe('page');
    expect(read.article.isArticle).toBe(true);
  });

  it('sends a big page away and gets the same article as reading it in place', async () => {
    const html = withSiteChrome(demoHtml('wire-copy.html'));
    const sent: string[] = [];
    const read = await readArticle(parseDocument(html), {
      url: URL,
      extractAway: (h, u) => {
        sent.push(h);
        return away(h, u);
      },
    });
    expect(read.where).toBe('extension');
    expect(read.fallback).toBeNull();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Qorvan Dam');
    const inPlace = extractArticle(parseDocument(html), { url: URL });
    expect(read.article).toEqual(inPlace);
    expect(read.article.isArticle).toBe(true);
    // The site chrome is not part of the article.
    expect(read.article.text).not.toContain('Section 7');
  });

  it('reads the page in place when the extension fails, answers nonsense or never answers', async () => {
    const doc = parseDocument(withSiteChrome(demoHtml('rewritten.html')));
    const inPlace = extractArticle(doc, { url: URL });
    const failing = await readArticle(doc, {
      url: URL,
      extractAway: () => Promise.reject(new Error('The Sourcelight background is not reachable')),
    });
    expect(failing).toMatchObject({ where: 'page', article: inPlace });
    expect(failing.fallback).toContain('not reachable');
    const nonsense = await readArticle(doc, { url: URL, extractAway: async () => ({ text: 42 }) });
    expect(nonsense).toMatchObject({
      where: 'page',
      article: inPlace,
      fallback: 'the extension sent back no article',
    });
    const silent = await readArticle(doc, {
      url: URL,
      extractAway: () => new Promise(() => undefined),
      timeoutMs: 5,
      setTimer: (f, ms) => setTimeout(f, ms),
    });
    expect(silent).toMatchObject({ where: 'page', article: inPlace });
    expect(silent.fallback).toContain('no answer within 5 ms');
  });

  it('tells the page it looks like an article only when it reads the page itself', async () => {
    const calls: string[] = [];
    await readArticle(parseDocument(demoHtml('opinion.html')), {
      url: URL,
      extractAway: vi.fn(),
      onReaderable: () => calls.push('small'),
    });
    await readArticle(parseDocument(withSiteChrome(demoHtml('opinion.html'))), {
      url: URL,
      extractAway: away,
      onReaderable: () => calls.push('big'),
    });
    expect(calls).toEqual(['small']);
  });
});

describe('extractFromHtml', () => {
  it('keeps the metadata Readability’s clean-up would take from a disposable copy', () => {
    const html = demoHtml('wire-copy.html');
    const read = extractFromHtml(html, URL, parseDocument);
    const { readabilityMs, parseMs, ...article } = read;
    expect(article).toEqual(extractArticle(parseDocument(html), { url: URL }));
    expect(article.siteName).toBe('The Northgate Post');
    expect(article.published).toBe('2026-03-14T16:20:00+00:00');
    expect(readabilityMs).toBeGreaterThanOrEqual(0);
    expect(parseMs).toBeLessThanOrEqual(readabilityMs);
  });

  it('accepts only whole articles as replies', () => {
    const ok: OffPageArticle = {
      title: 't',
      url: null,
      byline: null,
      siteName: null,
      published: null,
      lang: 'en',
      isArticle: true,
      text: 'x',
      readabilityMs: 1,
    };
    expect(isOffPageArticle(ok)).toBe(true);
    expect(isOffPageArticle({ ...ok, readabilityMs: undefined })).toBe(false);
    expect(isOffPageArticle({ ...ok, title: 7 })).toBe(false);
    expect(isOffPageArticle(null)).toBe(false);
    expect(isOffPageArticle('<p>article</p>')).toBe(false);
  });
});

describe('offscreenReader', () => {
  it('opens one offscreen document for pages read at once; it closes itself when idle and is opened again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { api, calls } = fakeChrome(1_000);
      const { read } = offscreenReader(api);
      const html = withSiteChrome(demoHtml('wire-copy.html'));
      const both = Promise.all([read(html, URL), read(demoHtml('opinion.html'), URL)]);
      await vi.advanceTimersByTimeAsync(5);
      const [a, b] = await both;
      expect(calls.created).toBe(1);
      expect(a.text).toBe(extractArticle(parseDocument(html), { url: URL }).text);
      expect(b.text).toBe(
        extractArticle(parseDocument(demoHtml('opinion.html')), { url: URL }).text,
      );
      await vi.advanceTimersByTimeAsync(900);
      expect(calls.closed).toBe(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(calls.closed).toBe(1);
      const again = read(html, URL);
      await vi.advanceTimersByTimeAsync(5);
      expect((await again).isArticle).toBe(true);
      expect(calls.created).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks again, once, a document that closed itself just as it was asked', async () => {
    const { api, calls, closeBeforeNextMessage } = fakeChrome(60_000);
    const { read } = offscreenReader(api);
    await read(demoHtml('opinion.html'), URL);
    closeBeforeNextMessage();
    await expect(read(demoHtml('opinion.html'), URL)).resolves.toMatchObject({ isArticle: true });
    expect(calls).toMatchObject({ created: 2, asked: 3 });
  });

  it('reports a page the offscreen document could not read, and an offscreen document that does not answer', async () => {
    const { api } = fakeChrome();
    await expect(offscreenReader(api).read('<html>', URL)).resolves.toMatchObject({
      isArticle: false,
    });
    const silent: OffscreenApi = { ...api, runtime: { sendMessage: async () => undefined } };
    await expect(offscreenReader(silent).read('<p>x</p>', URL)).rejects.toThrow('did not answer');
  });

  it('leaves the content scripts’ requests, which reach every extension page, to the background', () => {
    const listeners: ((m: unknown, s: unknown, r: (x: unknown) => void) => boolean | undefined)[] =
      [];
    serveOffscreen({ onMessage: { addListener: (l) => listeners.push(l) } }, parseDocument);
    const answered: unknown[] = [];
    expect(
      listeners[0]!({ sourcelight: 'page.analyze', payload: {} }, {}, (r) => answered.push(r)),
    ).toBeUndefined();
    expect(
      listeners[0]!({ sourcelightOffscreen: 'extract', html: 7, url: URL }, {}, (r) =>
        answered.push(r),
      ),
    ).toBeUndefined();
    expect(answered).toEqual([]);
  });
});

describe('a page sent away goes without its scripts, style sheets and drawings', () => {
  const page = (body: string) =>
    `<!DOCTYPE html><html><head><title>T &lt;script&gt;</title><style>p { color: red }</style>` +
    `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ld headline","author":{"name":"Ana Ruiz"}}</script>` +
    `<SCRIPT src="a.js"></SCRIPT><script>if (a < b && c > d) document.write("<p>no</p>")</script></head><body>${body}</body></html>`;
  const body =
    '<!-- <script> a comment, not a script --><p data-x="<script>" title="a > b">First paragraph of the story.</p>' +
    '<textarea>kept <script> text</textarea><noscript><img src="i.png"></noscript>' +
    '<script>var s = "</scrip" + "t>";</script ><p>Second paragraph.</p><style media="print">.x{}</style >';

  it('drops them and nothing else, keeping the JSON-LD Readability reads', () => {
    const out = withoutScripts(page(body));
    for (const gone of ['color: red', 'a.js', 'document.write', 'var s', '.x{}'])
      expect(out).not.toContain(gone);
    expect(out).toContain('Ld headline');
    for (const kept of [
      '<!-- <script> a comment, not a script -->',
      '<p data-x="<script>" title="a > b">First paragraph of the story.</p>',
      '<textarea>kept <script> text</textarea>',
      '<noscript><img src="i.png"></noscript>',
      '<p>Second paragraph.</p>',
      '<title>T &lt;script&gt;</title>',
    ])
      expect(out).toContain(kept);
  });

  it('empties each svg, nested ones and tricky markup included, and keeps what follows', () => {
    const icon =
      '<svg class="icon" viewBox="0 0 8 8"><title>Share</title>' +
      '<!-- </svg> in a comment --><g data-x="</svg>"><svg><path d="M0 0"/></svg></g>' +
      '<svg/><text>Label</text></svg>';
    const html = page(`<p>Before the icon.</p>${icon}<p>After the icon.</p><svg></svg>`);
    const out = withoutScripts(html);
    expect(out).toContain(
      '<p>Before the icon.</p><svg class="icon" viewBox="0 0 8 8"></svg><p>After the icon.</p><svg></svg>',
    );
    for (const gone of ['Share', 'Label', 'M0 0']) expect(out).not.toContain(gone);
    // An svg never closed is left as it is.
    const open = '<p>Story</p><svg><path d="M0 0"/>';
    expect(withoutScripts(open)).toBe(open);
  });

  it('returns markup it cannot read to the end as it is', () => {
    const open = '<p>Story</p><script>never closed';
    expect(withoutScripts(open)).toBe(open);
    const unquoted = '<p>Story</p><a title="never closed>';
    expect(withoutScripts(unquoted)).toBe(unquoted);
  });
});

describeShared('the real pages read away from them', () => {
  const dir = sharedPath('fixtures/readability-pages');
  // Only the pages big enough to be read away are ever sent without their scripts.
  const big = readdirSync(dir)
    .map((name) => ({ name, file: `${dir}/${name}/source.html` }))
    .filter((p) => existsSync(p.file))
    .map((p) => ({ ...p, doc: parseDocument(readFileSync(p.file, 'utf8')) }))
    .filter((p) => readsOffPage(p.doc));

  it('read to the same article without their scripts, style sheets and drawings', () => {
    expect(big.length).toBeGreaterThan(3);
    let sent = 0;
    let whole = 0;
    for (const p of big) {
      const html = p.doc.documentElement.outerHTML;
      const stripped = withoutScripts(html);
      whole += html.length;
      sent += stripped.length;
      const read = (h: string) => extractFromHtml(h, 'https://example.invalid/', parseDocument);
      const { readabilityMs: _a, parseMs: _b, ...before } = read(html);
      const { readabilityMs: _c, parseMs: _d, ...after } = read(stripped);
      expect(after, p.name).toEqual(before);
    }
    // They are a good part of what is sent.
    expect(sent).toBeLessThan(0.9 * whole);
  });
});

describe('a big page sent to the offscreen document by the page itself', () => {
  /** The page's reader against a fake Chrome, the background's part played by `offscreenReader`. */
  function setup(direct = true) {
    const chrome = fakeChrome(60_000);
    const background = offscreenReader(chrome.api);
    const throughBackground = vi.fn(background.read);
    const reader = awayReader({
      openAway: async () => {
        if (direct) await background.open();
        return { direct };
      },
      extract: throughBackground,
      connect: (name) => chrome.connect(name),
    });
    return { chrome, reader, throughBackground };
  }
  const html = withSiteChrome(demoHtml('wire-copy.html'));
  const inPlace = () => extractArticle(parseDocument(html), { url: URL });

  it('reaches it on a port, not through the background, and reads the same article', async () => {
    const { chrome, reader, throughBackground } = setup();
    const whileAway = vi.fn();
    const read = await readArticle(parseDocument(html), {
      url: URL,
      openAway: reader.open,
      extractAway: reader.read,
      whileAway,
    });
    expect(read).toMatchObject({ where: 'extension', fallback: null });
    // The page was told once that its HTML had left, so it could read on (lib/dom/read-ahead.ts).
    expect(whileAway).toHaveBeenCalledTimes(1);
    expect(read.article).toEqual(inPlace());
    expect(chrome.calls).toMatchObject({ created: 1, ports: 1, asked: 0 });
    expect(throughBackground).not.toHaveBeenCalled();
    expect(reader.via()).toBe('port');
  });

  it('sends a page of more than a part in parts, a task each, and the document reads it whole', async () => {
    const chrome = fakeChrome(60_000);
    const background = offscreenReader(chrome.api);
    const sent: { kind: unknown; chars: number }[] = [];
    let pauses = 0;
    const reader = awayReader({
      openAway: async () => {
        await background.open();
        return { direct: true };
      },
      extract: () => Promise.reject(new Error('not through the background')),
      connect: (name) => {
        const port = chrome.connect(name);
        const post = port.postMessage.bind(port);
        port.postMessage = (m: unknown) => {
          const { sourcelightOffscreen, html: h } = m as {
            sourcelightOffscreen: unknown;
            html: string;
          };
          sent.push({ kind: sourcelightOffscreen, chars: h.length });
          post(m);
        };
        return port;
      },
      pause: async () => {
        pauses++;
        await new Promise((r) => setTimeout(r, 0));
      },
    });
    // A comment of 600,000 characters: three parts of at most PART_CHARS.
    const big = html.replace('</body>', `<!--${'x'.repeat(600_000)}--></body>`);
    const left: number[] = [];
    const article = (await reader.read(big, URL, () => left.push(sent.length))) as OffPageArticle;
    expect(article.text).toBe(inPlace().text);
    expect(sent.map((m) => m.kind)).toEqual(['part', 'part', 'extract']);
    // Told once, when the last of the three messages had gone.
    expect(left).toEqual([3]);
    expect(sent.every((m) => m.chars <= PART_CHARS)).toBe(true);
    expect(sent.reduce((n, m) => n + m.chars, 0)).toBe(big.length);
    expect(pauses).toBe(2);
  });

  it('goes through the background when the document has closed before the page sends', async () => {
    const { chrome, reader, throughBackground } = setup();
    reader.open();
    await new Promise((r) => setTimeout(r, 5));
    chrome.close();
    const article = await reader.read(html, URL);
    expect(article).toEqual(expect.objectContaining({ text: inPlace().text }));
    expect(throughBackground).toHaveBeenCalledTimes(1);
    expect(chrome.calls).toMatchObject({ created: 2, ports: 1 });
    expect(reader.via()).toBe('background');
  });

  it('goes through the background where the background reads pages itself, or cannot say', async () => {
    const { chrome, reader, throughBackground } = setup(false);
    expect((await reader.read(html, URL)) as OffPageArticle).toMatchObject({ isArticle: true });
    expect(chrome.calls.ports).toBe(0);
    expect(throughBackground).toHaveBeenCalledTimes(1);
    const failing = awayReader({
      openAway: () => Promise.reject(new Error('no worker')),
      extract: async () => 'through the background',
      connect: () => {
        throw new Error('not asked');
      },
    });
    expect(await failing.read(html, URL)).toBe('through the background');
  });

  it('reports what the document could not read, and answers no other extension or message', async () => {
    expect(() => articleOfReply({ ok: false, error: 'The page could not be read: x' })).toThrow(
      'could not be read: x',
    );
    expect(() => articleOfReply({ ok: true, article: { text: 7 } })).toThrow('no article');
    const { chrome } = setup();
    await chrome.api.offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['DOM_PARSER'],
      justification: 'test',
    });
    const outcome = (port: RuntimePort, message: unknown) =>
      new Promise<string>((resolve) => {
        port.onMessage.addListener(() => resolve('answered'));
        port.onDisconnect.addListener(() => resolve('closed'));
        port.postMessage(message);
      });
    const request = { sourcelightOffscreen: 'extract', html, url: URL };
    expect(await outcome(chrome.connect(READ_AWAY_PORT, 'another-extension'), request)).toBe(
      'closed',
    );
    expect(await outcome(chrome.connect(READ_AWAY_PORT), { ...request, html: 7 })).toBe('closed');
    expect(await outcome(chrome.connect(READ_AWAY_PORT), request)).toBe('answered');
  });
});
