// A big page serialised in pieces must send exactly the HTML one outerHTML gives (the offscreen
// document reads it). The real pages are in ../shared; the corner-case markup is invented (testkit).
// linkedom counts no elements for `getElementsByTagName('*')`, so here no element is cut into
// pieces (and its attributes would come out in another order): the cutting itself is checked in
// Chromium, by tests/e2e/serialize.test.ts, on the same corner cases and a real page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runSliced, runToEnd } from '../../lib/dom/sliced';
import { serializeWalk } from '../../lib/dom/serialize';
import { withoutScripts } from '../../lib/extract-offpage';
import { parseDocument } from '../../lib/node/dom';
import { bigPage, deepPage, serializerCornersPage } from '../../testkit/hostile-pages';
import { describeShared, sharedPath } from '../helpers/shared';

describe('a page serialised in pieces', () => {
  it('gives what outerHTML gives, however small the pieces', () => {
    const doc = parseDocument(serializerCornersPage());
    const whole = doc.documentElement.outerHTML;
    for (const piece of [0, 1, 3, 10, 1000])
      expect(
        runToEnd(serializeWalk(doc.documentElement, { pieceElements: piece })),
        `pieces of ${piece}`,
      ).toBe(whole);
  });

  it('leaves the page as it was', () => {
    const doc = parseDocument(serializerCornersPage());
    const before = doc.documentElement.outerHTML;
    runToEnd(serializeWalk(doc.documentElement, { pieceElements: 0 }));
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('gives what outerHTML gives on a page nested 5,000 deep', () => {
    const doc = parseDocument(deepPage(5_000));
    const walk = serializeWalk(doc.documentElement, { pieceElements: 10 });
    expect(runToEnd(walk)).toBe(doc.documentElement.outerHTML);
  });

  it('pauses between pieces of a big page', async () => {
    const doc = parseDocument(bigPage(200_000));
    let pauses = 0;
    const html = await runSliced(
      serializeWalk(doc.documentElement),
      async () => void pauses++,
      () => false,
      0,
    );
    expect(html).toBe(doc.documentElement.outerHTML);
    // Each piece holds at most a few hundred elements.
    expect(pauses).toBeGreaterThan(doc.getElementsByTagName('*').length / 1000);
  });
});

describeShared('real pages serialised in pieces', () => {
  const dir = sharedPath('fixtures/readability-pages');
  const docs = readdirSync(dir)
    .map((name) => `${dir}/${name}/source.html`)
    .filter((f) => existsSync(f))
    .slice(0, 40)
    .map((f) => ({ f, doc: parseDocument(readFileSync(f, 'utf8')) }));

  it('give what outerHTML gives', () => {
    expect(docs.length).toBeGreaterThan(10);
    for (const { f, doc } of docs)
      expect(runToEnd(serializeWalk(doc.documentElement, { pieceElements: 20 })), f).toBe(
        doc.documentElement.outerHTML,
      );
  });

  it('cut out their scripts piece by piece as from the whole HTML', () => {
    let cut = 0;
    for (const { f, doc } of docs) {
      const whole = withoutScripts(doc.documentElement.outerHTML);
      const pieces = runToEnd(
        serializeWalk(doc.documentElement, { pieceElements: 20, each: withoutScripts }),
      );
      expect(pieces, f).toBe(whole);
      if (whole.length < doc.documentElement.outerHTML.length) cut++;
    }
    // Most real pages carry scripts or style sheets to cut.
    expect(cut).toBeGreaterThan(docs.length / 2);
  });
});
