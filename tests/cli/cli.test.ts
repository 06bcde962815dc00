import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../lib/node/cli';
import { describeShared, sharedPath } from '../helpers/shared';

/** Runs the CLI in-process and captures what it prints. */
async function run(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    stdin: () => new TextEncoder().encode(stdin),
  });
  return { code, out, err };
}

const tmp = mkdtempSync(join(tmpdir(), 'sourcelight-cli-'));

describe('CLI errors', () => {
  it('reports a missing page in one line, no stack trace', async () => {
    const r = await run(['match', join(tmp, 'missing.html')]);
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/missing\.html: no such file/);
  });

  it('rejects a page that is not UTF-8', async () => {
    const bad = join(tmp, 'latin.txt');
    writeFileSync(bad, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0xfe]));
    const r = await run(['match', bad]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/latin\.txt: not valid UTF-8/);
  });

  it('rejects invalid and empty sources', async () => {
    const page = join(tmp, 'page.txt');
    writeFileSync(page, 'Some text.');
    const broken = join(tmp, 'broken.json');
    writeFileSync(broken, '{"sources": [');
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    const emptyText = join(tmp, 'empty-text');
    mkdirSync(emptyText, { recursive: true });
    writeFileSync(join(emptyText, 'a.txt'), '  \n');
    for (const [src, msg] of [
      [broken, /broken\.json: invalid JSON/],
      [empty, /no \.txt source files/],
      [emptyText, /"a" is empty/],
      [join(tmp, 'nowhere'), /nowhere: no such file or folder/],
    ] as const) {
      const r = await run(['match', page, '--sources', src]);
      expect(r.code).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
  });

  it('rejects unknown options and commands', async () => {
    expect((await run(['match', '--jsn', 'x'])).err).toMatch(/unknown option --jsn/);
    expect((await run(['matc', 'x'])).err).toMatch(/unknown command "matc"/);
    expect((await run(['match'])).err).toMatch(/name at least one page/);
  });
});

describe('CLI matching', () => {
  it('reads a page from standard input and prints JSON Lines, one document per page', async () => {
    const sources = join(tmp, 'lib');
    mkdirSync(sources, { recursive: true });
    writeFileSync(
      join(sources, 'council.txt'),
      'The mayor said: “The bridge will reopen before the winter storms arrive.”\n',
    );
    const page2 = join(tmp, 'second.txt');
    writeFileSync(page2, 'Nothing to see.');
    const r = await run(
      ['match', '-', page2, '--sources', sources, '--json'],
      'Officials said "the bridge will reopen before the winter storms arrive" again.',
    );
    expect(r.code).toBe(0);
    const docs = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs).toHaveLength(2);
    expect(docs[0].file).toBe('-');
    expect(docs[0].matches[0]).toMatchObject({
      kind: 'verbatim',
      sourceId: 'council',
      sourceText: 'The bridge will reopen before the winter storms arrive',
      pageText: 'the bridge will reopen before the winter storms arrive',
    });
    expect(docs[1].matches).toEqual([]);
  });

  it('uses the embedded demo library when no --sources is given', async () => {
    const r = await run([
      'match',
      join(import.meta.dirname, '../../assets/demo/pages/wire-copy.html'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/passages? from your sources/);
  });
});

describeShared('CLI on the stored corpus', () => {
  it('prints the contract JSON with the verbatim seed quotes of a page that quotes them', async () => {
    const r = await run([
      'match',
      '--json',
      sharedPath('fixtures/coverage-dev/pages/00-moneycontrol.html'),
      '--sources',
      sharedPath('corpus'),
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['file', 'page', 'matches', 'actors']);
    expect(Object.keys(doc.page)).toEqual(['title', 'url', 'isArticle', 'textLength']);
    expect(doc.page.isArticle).toBe(true);
    const texts = doc.matches.map((m: { sourceText: string }) => m.sourceText);
    expect(texts).toContain('If they attack, they will without doubt face irreparable harm');
    expect(texts).toContain(
      'they cannot impose either war or peace on the Islamic Republic of Iran',
    );
    for (const m of doc.matches) {
      expect(Object.keys(m)).toEqual([
        'kind',
        'pageText',
        'sourceId',
        'sourceStart',
        'sourceEnd',
        'sourceText',
        'score',
        'speaker',
        'divergences',
      ]);
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(1);
    }
  });
});
