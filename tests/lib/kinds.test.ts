import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_KINDS, KIND_LOOK, kindsReadmeTable } from '../../lib/kinds';
import { HIGHLIGHT_CSS } from '../../lib/overlay/highlighter';
import { highlightName } from '../../lib/overlay/model';

describe('the kinds’ one definition', () => {
  it('is what the README shows (npm run screenshots rewrites the table)', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(kindsReadmeTable(highlightName));
  });

  it('is what the page highlights are drawn with', () => {
    for (const k of HIGHLIGHT_KINDS) {
      const rule = HIGHLIGHT_CSS.split('\n').find((r) => r.includes(`(${highlightName(k)})`));
      expect(rule).toContain(KIND_LOOK[k].lineColour);
      expect(rule).toContain(KIND_LOOK[k].line);
    }
  });

  it('gives every kind its own symbol, colour and underline', () => {
    for (const field of ['symbol', 'colour', 'line', 'name'] as const)
      expect(new Set(HIGHLIGHT_KINDS.map((k) => KIND_LOOK[k][field])).size).toBe(
        HIGHLIGHT_KINDS.length,
      );
  });
});
