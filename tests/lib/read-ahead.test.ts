// The live page read while its article is read away: what is cut from the reading ahead must be
// what a reading after the answer gives, and a change the page made meanwhile must send that
// reading back to the page. linkedom's MutationObserver names wrong targets, so the changes here
// are handed over as records, written as Chromium writes them (tests/e2e/read-ahead.test.ts has
// the page change itself in Chromium).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReadingSkip, locateArticle, readLiveText } from '../../lib/dom/article-region';
import { type Observe, readAhead, SKIP_ATTRIBUTES } from '../../lib/dom/read-ahead';
import { extractArticle } from '../../lib/extract';
import { parseDocument } from '../../lib/node/dom';
import { bigPage } from '../../testkit/hostile-pages';
import { describeShared, sharedPath } from '../helpers/shared';

const skip = createReadingSkip(null);
const quick = { pause: async () => {}, stale: () => false, sliceMs: 0 };

/** An observer whose records the test writes; `watched` tells what it was asked to watch. */
function scripted(): {
  observe: Observe;
  add: (...r: Partial<MutationRecord>[]) => void;
  watched: () => MutationObserverInit | null;
  disconnected: () => boolean;
} {
  let pending: MutationRecord[] = [];
  let init: MutationObserverInit | null = null;
  let off = false;
  return {
    observe: (_target, i) => {
      init = i;
      return {
        takeRecords: () => {
          const r = pending;
          pending = [];
          return r;
        },
        disconnect: () => void (off = true),
      };
    },
    add: (...r) => pending.push(...(r as MutationRecord[])),
    watched: () => init,
    disconnected: () => off,
  };
}

/** `doc` read ahead to its end, with the observer whose records the test writes. */
async function readWithLog(doc: Document) {
  const log = scripted();
  const ahead = readAhead(doc, skip, log.observe, quick)!;
  await ahead.done;
  return { log, ahead };
}

const record = (r: Partial<MutationRecord>): Partial<MutationRecord> => ({
  addedNodes: [] as unknown as NodeList,
  removedNodes: [] as unknown as NodeList,
  ...r,
});

/** Appends a `tag` element holding `text` to the body; the record Chromium writes for that. */
function appended(doc: Document, tag: string, text: string): Partial<MutationRecord> {
  const el = doc.createElement(tag);
  el.textContent = text;
  doc.body.appendChild(el);
  return record({ type: 'childList', target: doc.body, addedNodes: [el] as unknown as NodeList });
}

/** Every element of `doc`'s body, the body too. */
const elementsOf = (doc: Document): Element[] => [
  doc.body,
  ...Array.from(doc.body.querySelectorAll('*')),
];

describe('reading a page ahead', () => {
  const doc = parseDocument(bigPage(60_000));
  const article = extractArticle(doc);

  it('gives, for every element it read, the text and pieces a reading of that element gives', async () => {
    const ahead = readAhead(doc, skip, scripted().observe, quick)!;
    expect(await ahead.done).toBe(true);
    let compared = 0;
    for (const el of elementsOf(doc)) {
      const cut = await ahead.textOf(el);
      if (!cut) continue;
      compared++;
      expect(cut).toEqual(readLiveText(el, skip));
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('finds the container the locating finds', async () => {
    const ahead = readAhead(doc, skip, scripted().observe, quick)!;
    await ahead.done;
    const at = await ahead.locate(article.text);
    expect(at).toEqual(locateArticle(doc, article.text));
    expect(at?.coverage).toBeGreaterThan(0.5);
  });

  it('watches the attributes the skip rule reads, and text and structure under the body', async () => {
    const log = scripted();
    const ahead = readAhead(doc, skip, log.observe, quick)!;
    expect(log.watched()).toMatchObject({ subtree: true, childList: true, characterData: true });
    expect(log.watched()?.attributeFilter).toEqual(SKIP_ATTRIBUTES);
    ahead.release();
    expect(log.disconnected()).toBe(true);
    expect(await ahead.textOf(doc.body)).toBeNull();
  });

  it('tells nothing when stopped before it read the page', async () => {
    const ahead = readAhead(doc, skip, scripted().observe, quick)!;
    ahead.stop();
    expect(await ahead.done).toBe(false);
    expect(await ahead.locate(article.text)).toBeUndefined();
    expect(await ahead.textOf(doc.body)).toBeNull();
  });
});

describe('reading a long page ahead', () => {
  it('locates and cuts in slices, giving the page its thread back as it goes', async () => {
    const doc = parseDocument(bigPage(400_000));
    const text = extractArticle(doc).text;
    let pauses = 0;
    const counting = { pause: async () => void pauses++, stale: () => false, sliceMs: 0 };
    const ahead = readAhead(doc, skip, scripted().observe, counting)!;
    await ahead.done;
    pauses = 0;
    const at = await ahead.locate(text);
    expect(at).toEqual(locateArticle(doc, text));
    expect(pauses).toBeGreaterThan(0);
    // The container, and an element inside it whose pieces are moved to its own start.
    const inner = Array.from(at!.root.querySelectorAll('p')).at(-1)!.parentElement!;
    const cut = await ahead.textOf(at!.root);
    expect(cut).toEqual(readLiveText(at!.root, skip));
    expect(cut!.text.length).toBeGreaterThan(300_000);
    expect(await ahead.textOf(inner)).toEqual(readLiveText(inner, skip));
  });
});

describe('a change the page made while it was read ahead', () => {
  const page = () => {
    const doc = parseDocument(bigPage(20_000));
    const root = locateArticle(doc, extractArticle(doc).text)!.root;
    return { doc, root, text: extractArticle(doc).text };
  };

  it('inside the container: its text is read again, an untouched paragraph is still cut', async () => {
    const { doc, root } = page();
    const { log, ahead } = await readWithLog(doc);
    const [p, other] = Array.from(root.querySelectorAll('p'));
    log.add(record({ type: 'characterData', target: p!.firstChild! }));
    expect(await ahead.textOf(root)).toBeNull();
    expect(await ahead.textOf(p!)).toBeNull();
    expect(await ahead.textOf(other!)).toEqual(readLiveText(other!, skip));
    expect((await ahead.textOf(other!))?.text.length).toBeGreaterThan(0);
  });

  it('an attribute of an ancestor (a class can hide it all): read again', async () => {
    const { doc, root } = page();
    const { log, ahead } = await readWithLog(doc);
    log.add(record({ type: 'attributes', target: doc.body, attributeName: 'class' }));
    expect(await ahead.textOf(root)).toBeNull();
  });

  it('a node added beside the container: the cut still stands', async () => {
    const { doc, root, text } = page();
    const { log, ahead } = await readWithLog(doc);
    log.add(appended(doc, 'div', 'An advertisement'));
    expect(await ahead.textOf(root)).toEqual(readLiveText(root, skip));
    expect(await ahead.locate(text)).toEqual(locateArticle(doc, text));
  });

  it('a paragraph added or changed anywhere: the container is located again', async () => {
    const { doc, text } = page();
    const { log, ahead } = await readWithLog(doc);
    log.add(appended(doc, 'p', 'A paragraph the page added'));
    expect(await ahead.locate(text)).toBeUndefined();
  });

  it('more changes than it keeps: nothing read ahead is used', async () => {
    const { doc, root, text } = page();
    const { log, ahead } = await readWithLog(doc);
    const far = doc.createElement('span');
    for (let i = 0; i < 6_000; i++) log.add(record({ type: 'attributes', target: far }));
    expect(await ahead.textOf(root)).toBeNull();
    expect(await ahead.locate(text)).toBeUndefined();
  });
});

describeShared('reading real pages ahead', () => {
  const dir = sharedPath('fixtures/readability-pages');
  const pages = readdirSync(dir)
    .map((name) => ({ name, file: `${dir}/${name}/source.html` }))
    .filter((p) => existsSync(p.file));

  it('cuts the same container and text as the reading after the answer, on every page', async () => {
    let located = 0;
    for (const p of pages) {
      const doc = parseDocument(readFileSync(p.file, 'utf8'));
      const text = extractArticle(doc).text;
      const ahead = readAhead(doc, skip, scripted().observe, quick);
      if (!ahead) continue;
      await ahead.done;
      const at = await ahead.locate(text);
      expect(at, p.name).toEqual(locateArticle(doc, text));
      if (!at) continue;
      located++;
      const cut = await ahead.textOf(at.root);
      // A container the page's own skip rule hides (or one inside such) is read afresh.
      if (cut) expect(cut, p.name).toEqual(readLiveText(at.root, skip));
    }
    expect(located).toBeGreaterThan(pages.length / 2);
  });
});
