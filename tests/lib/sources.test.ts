import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import {
  findBoilerplateStart,
  parseMetadata,
  SourceError,
  sourcesFromFiles,
  sourcesFromJson,
} from '../../lib/sources';
import { readFileSync } from 'node:fs';
import { loadSources } from '../../lib/node/load-sources';
import { describeShared, sharedPath } from '../helpers/shared';

describe('source model', () => {
  it('builds sources from .txt files with sources.json metadata, id = file name without .txt', () => {
    const meta = parseMetadata({
      sources: [{ file: 'a.txt', title: 'A story', outlet: 'Ledger', published: '2026-03-01' }],
    });
    const [a, b] = sourcesFromFiles(
      [
        { name: 'a.txt', text: 'First line.\r\nSecond line.' },
        { name: 'b.txt', text: '\ufeffUntitled text body' },
      ],
      meta,
    );
    expect(a).toMatchObject({
      id: 'a',
      title: 'A story',
      outlet: 'Ledger',
      published: '2026-03-01',
      language: 'en',
    });
    expect(a!.text).toBe('First line.\nSecond line.');
    expect(b).toMatchObject({ id: 'b', title: 'Untitled text body', outlet: null, url: null });
  });

  it('rejects empty texts, missing ids and duplicate ids with a message naming the problem', () => {
    expect(() => sourcesFromJson([{ id: 'x', text: '   ' }], 'lib.json')).toThrow(
      /lib.json.*"x" is empty/,
    );
    expect(() => sourcesFromJson([{ text: 'words' }], 'lib.json')).toThrow(
      /needs a non-empty "id"/,
    );
    expect(() =>
      sourcesFromJson(
        [
          { id: 'x', text: 'a' },
          { id: 'x', text: 'b' },
        ],
        'lib.json',
      ),
    ).toThrow(/two sources have the id "x"/);
    expect(() => sourcesFromJson({ nope: 1 }, 'lib.json')).toThrow(SourceError);
    expect(() => sourcesFromJson([], 'lib.json')).toThrow(/no sources/);
  });

  it('detects trailing promo lines by rule and keeps them out of matching', () => {
    const text = [
      'The council approved the budget on Tuesday after a long debate.',
      'Opposition members said the vote was rushed.',
      'Subscribe to the Harbour Ledger newsletter for the week’s top stories!',
      'Download our app to stay updated.',
      '© 2026 Harbour Ledger Media. All rights reserved.',
    ].join('\n');
    const cut = findBoilerplateStart(text, 'Harbour Ledger');
    expect(text.slice(0, cut)).toBe(
      'The council approved the budget on Tuesday after a long debate.\nOpposition members said the vote was rushed.',
    );
    const lib = createLibrary(sourcesFromJson([{ id: 's', text }]));
    expect(lib.sources[0]!.words.some((t) => t.norm === 'newsletter')).toBe(false);
  });

  it('never treats a whole text or a mid-article line as boilerplate', () => {
    const onlyPromo = 'Download our app today.';
    expect(findBoilerplateStart(onlyPromo)).toBe(onlyPromo.length);
    const middle = 'Find the missing ballots, the judge ordered.\nThe count resumed on Friday.';
    expect(findBoilerplateStart(middle)).toBe(middle.length);
  });
});

describeShared('the stored corpus', () => {
  it('loads the corpus folder with its metadata and drops the publisher lines of 000_69ad1bd6725ff5e0', () => {
    const sources = loadSources(sharedPath('corpus'));
    expect(sources.map((s) => s.id).sort()).toEqual([
      '000_69ad1bd6725ff5e0',
      '004_215ecf2017219c74',
    ]);
    const s0 = sources.find((s) => s.id === '000_69ad1bd6725ff5e0')!;
    expect(s0.outlet).toBe('Moneycontrol');
    expect(s0.text).toBe(readFileSync(sharedPath('corpus', '000_69ad1bd6725ff5e0.txt'), 'utf8'));
    const lib = createLibrary(sources);
    const body = s0.text.slice(0, lib.byId.get(s0.id)!.bodyEnd);
    expect(body.endsWith('The meeting is scheduled for Friday morning.')).toBe(true);
    // The other article has no promo lines: nothing is cut.
    expect(lib.byId.get('004_215ecf2017219c74')!.bodyEnd).toBe(
      sources.find((s) => s.id === '004_215ecf2017219c74')!.text.length,
    );
  });
});
