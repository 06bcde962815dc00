import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { RIVER_SOURCE } from '../helpers/river-source';
import { modelBuilt } from '../../lib/semantic/node';

const run = (args: string[]) => runCli(args);

// An invented source and a page that renders one sentence word for word and one quote in other words.
const tmp = mkdtempSync(join(tmpdir(), 'sourcelight-meaning-'));
const sources = join(tmp, 'sources.json');
// The river story's first two lines: the copied sentence and the quote the page rewords.
const twoLines = RIVER_SOURCE.text.split('\n').slice(0, 2).join('\n');
writeFileSync(sources, JSON.stringify([{ ...RIVER_SOURCE, text: twoLines }]));
const page = join(tmp, 'page.txt');
writeFileSync(
  page,
  "Belvoria's foreign minister Maren Oskelund met the river commission in Tarsk on Tuesday to discuss the new dam on the Ilva.\n“We are going to stand up for the farmers whose livelihoods rely on this river,” Oskelund told reporters.",
);
const saved = process.env.SOURCELIGHT_MODEL_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.SOURCELIGHT_MODEL_DIR;
  else process.env.SOURCELIGHT_MODEL_DIR = saved;
});

describe('sourcelight match --meaning', () => {
  it('without the model: one line says meaning is off, and the word matches still come', async () => {
    process.env.SOURCELIGHT_MODEL_DIR = join(tmp, 'no-model-here');
    const r = await run(['match', page, '--sources', sources, '--meaning', '--json']);
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^sourcelight: Matching through meaning is off \(/);
    const report = JSON.parse(r.out);
    expect(report.matches.length).toBeGreaterThan(0);
    expect(report.matches.every((m: { via?: string }) => m.via === undefined)).toBe(true);
  });

  it.skipIf(!modelBuilt())(
    'with the model: the reworded quote is linked, marked as made through meaning',
    async () => {
      const r = await run(['match', page, '--sources', sources, '--meaning']);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(
        /reworded quote through meaning only \(\d+%\): “We are going to stand up for the farmers/,
      );
    },
    120_000,
  );
});
