/**
 * `sourcelight import --dry-run`: what each sample export would add, printed before anything goes
 * near the browser; malformed files and bad arguments end with one line and status 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const F = 'tests/fixtures/imports';

const run = (args: string[]) => runCli(args);

describe('sourcelight import --dry-run', () => {
  it('prints the highlights, page notes, replies and orphans of Hypothesis API rows', async () => {
    const r = await run(['import', '--dry-run', `${F}/hypothesis-rows.json`]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain(`${F}/hypothesis-rows.json: Hypothesis API rows, 7 annotations`);
    expect(r.out).toContain('kept as an orphan: its selectors (RangeSelector)');
    expect(r.out).toContain(
      'a reply to "urn:hypothesis:Hk3vQe9aEe-deleted9", which is not in the file',
    );
    expect(r.out).toMatch(
      /Would add 0 sources and 7 annotations \(2 highlights, 1 page note, 3 replies, 1 orphan\); 0 skipped\.\n$/,
    );
  });

  it('reads a paged W3C collection given as its three files', async () => {
    const r = await run([
      'import',
      '--dry-run',
      `${F}/w3c-page-1.json`,
      `${F}/w3c-collection.json`,
      `${F}/w3c-page-0.json`,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('w3c-collection.json: W3C AnnotationCollection, 5 annotations');
    expect(r.out).toContain('(2 highlights, 1 page note, 1 reply, 1 orphan)');
  });

  it('reads a Zotero RDF export folder and a CSL JSON folder, listing the item without a snapshot', async () => {
    for (const folder of ['zotero-rdf', 'csl']) {
      const r = await run(['import', '--dry-run', `${F}/${folder}`]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(
        '+ port-strike-talks-resume-after-weekend-stand-off: “Port strike talks resume after weekend stand-off” (Harbour Gazette, 2026-03-01, en)',
      );
      expect(r.out).toContain(
        '+ dock-dispute-enters-second-week: “Dock dispute enters second week” (Tidewater Post, 2026-03-08, en)',
      );
      expect(r.out).toContain('skipped: Statement on the harbour dispute: no HTML snapshot');
      expect(r.out).toContain('Would add 2 sources and 0 annotations; 1 skipped.');
    }
  });

  it('ends with one line and status 2 on a malformed file, a missing page file or a bad argument', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sourcelight-import-'));
    writeFileSync(join(tmp, 'cut.json'), readCut());
    const cases: [string[], RegExp][] = [
      [['import', '--dry-run', join(tmp, 'cut.json')], /cut\.json: is not valid JSON/],
      [
        ['import', '--dry-run', `${F}/w3c-collection.json`],
        /links to the AnnotationPage .* not among the files selected/,
      ],
      [['import', `${F}/hypothesis-rows.json`], /only checks files \(add --dry-run\)/],
      [['import', '--dry-run'], /name at least one file or folder/],
      [['import', '--dry-run', join(tmp, 'nope.json')], /nope\.json: no such file or folder/],
      [['import', '--dry-run', '--frobnicate', 'x'], /unknown option --frobnicate/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
});

function readCut(): string {
  return '{"total": 3, "rows": [{"id": "a", "uri": "https://x.example/", "text": "cut he';
}
