import { readFileSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { anchor, describeSelection } from '../../lib/anchoring/index';
import { describeShared, sharedPath } from '../helpers/shared';

describeShared('re-anchoring in real article text', () => {
  it('finds edited passages again after text is added above them, and prints the time it takes', () => {
    const dir = sharedPath('fixtures/readability-pages');
    let text = '';
    for (const name of readdirSync(dir).sort()) {
      try {
        text += `${readFileSync(`${dir}/${name}/expected.html`, 'utf8')
          .replace(/<[^>]+>/g, ' ')
          .replace(/[ \t]+/g, ' ')}\n`;
      } catch {
        // A fixture folder without expected output adds nothing.
      }
    }
    text = text.slice(0, 100_000);
    const added = 'A new first paragraph was added to the story.\n';
    const times: number[] = [];
    const misses: number[] = [];
    const N = 40;
    for (let i = 0; i < N; i++) {
      const start = Math.floor((i / N) * (text.length - 400));
      const selectors = describeSelection(text, start, start + 300);
      // Seven characters inside the passage are rewritten and the whole text shifts.
      const edited = `${added + text.slice(0, start + 100)}XYZ QRS${text.slice(start + 107)}`;
      const t0 = performance.now();
      const found = anchor(edited, selectors);
      times.push(performance.now() - t0);
      // The passage as it now stands; a highlight drops whitespace at its edges.
      let from = start + added.length;
      let to = from + 300;
      while (/\s/.test(edited[from]!)) from++;
      while (/\s/.test(edited[to - 1]!)) to--;
      if (found?.method !== 'fuzzy' || found.start !== from || found.end !== to) misses.push(start);
    }
    times.sort((a, b) => a - b);
    console.log(
      `anchoring: ${N} edited 300-character passages in ${text.length} characters: median ${times[N / 2]!.toFixed(1)} ms, max ${times[N - 1]!.toFixed(1)} ms`,
    );
    expect(misses).toEqual([]);
    // The work is fixed and its time is printed, not asserted: a loaded 2-core machine may need minutes.
  }, 300_000);
});
