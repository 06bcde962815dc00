import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImportFiles, sourceFromPage, sourceFromPastedText } from '../../lib/import/sources';
import { parseAnnotations } from '../../lib/import/annotations';
import { parseDocument } from '../../lib/node/dom';
import { describeShared, sharedPath } from '../helpers/shared';

const paragraph =
  'The reservoir rose by two metres overnight, engineers said, and the gates were opened at dawn. ';
const articleHtml = (title: string) => `<!doctype html><html lang="en"><head><title>${title}</title>
<meta property="og:site_name" content="Example Daily"><meta property="article:published_time" content="2025-04-01"></head>
<body><nav>Home · World</nav><article><h1>${title}</h1>${Array.from({ length: 8 }, (_, i) => `<p>${paragraph}Paragraph ${i + 1}.</p>`).join('')}</article>
<footer>© Example Daily</footer></body></html>`;
const parseHtml = parseDocument;

describe('parseImportFiles', () => {
  it('reads .txt files with the sources.json that describes them', () => {
    const sources = parseImportFiles([
      {
        name: 'sources.json',
        text: JSON.stringify({
          sources: [{ file: 'a.txt', title: 'Title A', outlet: 'Wire', published: '2025-06-18' }],
        }),
      },
      { name: 'a.txt', text: '\ufeffFirst line.\r\nSecond line.' },
      { name: 'b.txt', text: 'B heading\nBody.' },
    ]);
    expect(sources.map((s) => [s.id, s.title, s.outlet, s.text])).toEqual([
      ['a', 'Title A', 'Wire', 'First line.\nSecond line.'],
      ['b', 'B heading', null, 'B heading\nBody.'],
    ]);
  });

  it('reads a JSON array of sources and an HTML page through Readability', () => {
    const sources = parseImportFiles(
      [
        { name: 'list.json', text: JSON.stringify([{ id: 'x', title: 'X', text: 'Text of x.' }]) },
        { name: 'dam-story.html', text: articleHtml('Gates opened at Qorvan') },
      ],
      { parseHtml },
    );
    expect(sources[0]).toMatchObject({ id: 'x', title: 'X', text: 'Text of x.' });
    expect(sources[1]).toMatchObject({
      id: 'dam-story',
      title: 'Gates opened at Qorvan',
      outlet: 'Example Daily',
      published: '2025-04-01',
      language: 'en',
    });
    expect(sources[1]!.text.split('\n')).toHaveLength(8);
    expect(sources[1]!.text).not.toContain('Home · World');
  });

  const rejects = (files: { name: string; text: string }[], message: RegExp | string) =>
    expect(() => parseImportFiles(files, { parseHtml })).toThrow(message);

  it('names the file and the problem for bad input', () => {
    rejects(
      [{ name: 'notes.pdf', text: '%PDF' }],
      'notes.pdf: is not a supported file type: import .txt, .json or .html files',
    );
    rejects([{ name: 'broken.json', text: '{"sources": [' }], /^broken\.json: is not valid JSON/);
    rejects([{ name: 'empty.txt', text: ' \n ' }], 'empty.txt: source "empty" is empty');
    rejects(
      [{ name: 'sources.json', text: JSON.stringify({ sources: [{ file: 'missing.txt' }] }) }],
      /^sources\.json: lists "missing\.txt" but that file was not selected/,
    );
    rejects(
      [{ name: 'list.json', text: JSON.stringify([{ id: 'x' }]) }],
      'list.json: sources[0]: source "x" has no "text"',
    );
    rejects(
      [{ name: 'menu.html', text: '<html><body><a href="/">Home</a></body></html>' }],
      /^menu\.html: no article text was found/,
    );
    rejects(
      [
        { name: 'dir1/a.txt', text: 'one' },
        { name: 'a.json', text: JSON.stringify([{ id: 'a', text: 'two' }]) },
      ],
      /has a source with the id "a", like a\.json/,
    );
  });

  it('rejects the whole import when any one file is bad', () => {
    rejects(
      [
        { name: 'good.txt', text: 'Fine article.' },
        { name: 'bad.json', text: 'not json' },
      ],
      /^bad\.json/,
    );
  });
});

describe('pasted text and saved pages', () => {
  it('gives pasted text an id from its title that does not clash', () => {
    const s = sourceFromPastedText(
      {
        text: 'Body line.\nMore.',
        title: 'Dam gates opened',
        outlet: 'Wire',
        url: '',
        published: '',
      },
      new Set(['dam-gates-opened']),
    );
    expect(s).toMatchObject({
      id: 'dam-gates-opened-2',
      title: 'Dam gates opened',
      outlet: 'Wire',
      url: null,
    });
    expect(() => sourceFromPastedText({ text: '  ' })).toThrow(
      'Pasted text: paste the article text first',
    );
  });

  it('saves a page with its metadata, and refuses a page without article text', () => {
    const page = {
      url: 'https://www.example.com/world/2025/dam-opens.html',
      title: 'Dam opens',
      siteName: null,
      published: '2025-04-01',
      byline: null,
      lang: 'en-GB',
    };
    expect(sourceFromPage(page, paragraph.repeat(3))).toMatchObject({
      id: 'example-com-dam-opens',
      outlet: 'example.com',
      language: 'en',
      url: page.url,
    });
    expect(() => sourceFromPage(page, 'Subscribe to read')).toThrow(
      '"Dam opens": no article text was found on this page',
    );
  });
});

describe('parseAnnotations', () => {
  let n = 0;
  const id = () => `urn:uuid:${++n}`;
  it('reads Hypothesis API rows: note, tags, quote selector and page title', () => {
    const row = {
      id: 'AbC123',
      created: '2024-02-03T10:00:00.000000+00:00',
      updated: '2024-02-04T10:00:00.000000+00:00',
      uri: 'https://news.example/a#frag',
      text: 'Source says 1,240',
      tags: ['numbers', 'dam'],
      target: [
        {
          source: 'https://news.example/a',
          selector: [
            {
              type: 'RangeSelector',
              startContainer: '/p[1]',
              startOffset: 0,
              endContainer: '/p[1]',
              endOffset: 5,
            },
            { type: 'TextPositionSelector', start: 10, end: 20 },
            { type: 'TextQuoteSelector', exact: 'some words', prefix: 'before ', suffix: ' after' },
          ],
        },
      ],
      document: { title: ['A story'] },
    };
    const [a] = parseAnnotations({ total: 1, rows: [row] }, 'h.json', id);
    expect(a).toMatchObject({
      id: 'urn:hypothesis:AbC123',
      motivation: 'commenting',
      created: '2024-02-03T10:00:00.000Z',
      modified: '2024-02-04T10:00:00.000Z',
      target: { source: 'https://news.example/a' },
      'sourcelight:pageTitle': 'A story',
    });
    expect(a!.target.selector.map((s) => s.type)).toEqual([
      'TextPositionSelector',
      'TextQuoteSelector',
    ]);
    expect(a!.body.map((b) => [b.purpose, b.value])).toEqual([
      ['commenting', 'Source says 1,240'],
      ['tagging', 'numbers'],
      ['tagging', 'dam'],
    ]);
  });

  it('reads a single W3C annotation with a string body', () => {
    const [a] = parseAnnotations(
      {
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        type: 'Annotation',
        body: 'A note',
        target: {
          source: 'https://x.example/',
          selector: { type: 'TextQuoteSelector', exact: 'q' },
        },
      },
      'one.jsonld',
      id,
    );
    expect(a).toMatchObject({
      id: expect.stringMatching(/^urn:uuid:/),
      body: [{ value: 'A note', purpose: 'commenting' }],
    });
  });

  it('says what is wrong with a file that is not annotations', () => {
    expect(() => parseAnnotations({ hello: 1 }, 'x.json', id)).toThrow(
      /^x\.json: expected W3C annotations/,
    );
    expect(() => parseAnnotations([], 'x.json', id)).toThrow(
      'x.json: the file holds no annotations',
    );
  });
});

describeShared('importing the shared corpus', () => {
  it('imports the corpus folder as the user would select it, with its metadata', () => {
    const dir = sharedPath('corpus');
    const files = readdirSync(dir).map((name) => ({
      name,
      text: readFileSync(`${dir}/${name}`, 'utf8'),
    }));
    const sources = parseImportFiles(files);
    const meta = JSON.parse(readFileSync(`${dir}/sources.json`, 'utf8')) as {
      sources: { file: string; title: string; outlet: string }[];
    };
    expect(sources.map((s) => s.id).sort()).toEqual(
      meta.sources.map((m) => m.file.replace(/\.txt$/, '')).sort(),
    );
    for (const m of meta.sources) {
      const s = sources.find((x) => `${x.id}.txt` === m.file)!;
      expect([s.title, s.outlet]).toEqual([m.title, m.outlet]);
    }
  });
});
