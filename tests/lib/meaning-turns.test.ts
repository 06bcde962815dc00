/**
 * Pages first: the sentence model's meaning passes wait while another page is being read, and a
 * pass stops once its tab closes or moves on. On a 2-core machine a pass left running by the page
 * before doubled the next page's wait for its highlights; a closed page's pass is work for nobody.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../lib/db/schema';
import { createForeground } from '../../lib/db/foreground';
import { createLibraryService } from '../../lib/db/service';
import type { PageInfo } from '../../lib/messages';
import { NO_ANTONYMS } from '../../lib/semantic/antonyms';
import type { SentenceEncoder } from '../../lib/semantic/encoder';
import { countingEncoder } from '../helpers/counting-encoder';
import { STORY_PAGE, STORY_PAGE_TEXT, STORY_SOURCES } from '../helpers/dam-source';

/** A fake clock whose timers run when the test moves time on. */
function fakeClock() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    setTimeout: (run: () => void, ms: number) => timers.push({ at: now + ms, run }),
    async advance(ms: number) {
      now += ms;
      for (const t of timers.splice(0).sort((a, b) => a.at - b.at))
        if (t.at <= now) t.run();
        else timers.push(t);
      await Promise.resolve();
    },
  };
}

/** Whether `p` has settled after the microtasks queued so far ran. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe('the foreground tracker', () => {
  it('lets the model run when no page is being read', async () => {
    const fg = createForeground(fakeClock());
    expect(await settled(fg.idle())).toBe(true);
  });

  it('holds the model while a page is served and for the hold after, until the page asks for its own pass', async () => {
    const clock = fakeClock();
    const fg = createForeground({ ...clock, holdMs: 1_000 });
    let finish!: () => void;
    const request = fg.serve(7, () => new Promise<void>((ok) => (finish = ok)));
    const idle = fg.idle();
    expect(await settled(idle)).toBe(false);
    finish();
    await request;
    await clock.advance(500);
    expect(await settled(idle)).toBe(false);
    await clock.advance(600);
    expect(await settled(idle)).toBe(true);

    // A page that drew (its meaning request) holds nothing, hold or not.
    await fg.serve(7, async () => undefined);
    const again = fg.idle();
    expect(await settled(again)).toBe(false);
    fg.meaningPass(7);
    expect(await settled(again)).toBe(true);
  });

  it('holds the model while a page is read in the offscreen document, until its next request, a while at most', async () => {
    const clock = fakeClock();
    const fg = createForeground({ ...clock, holdMs: 1_000 });
    // The page asked for the offscreen document, got its answer, and is being read there.
    await fg.serve(7, async () => ({ direct: true }));
    fg.awaitNext(7, 15_000);
    const idle = fg.idle();
    await clock.advance(5_000);
    expect(await settled(idle)).toBe(false);
    // Its matching request: served, then the usual hold.
    await fg.serve(7, async () => undefined);
    await clock.advance(500);
    expect(await settled(idle)).toBe(false);
    await clock.advance(600);
    expect(await settled(idle)).toBe(true);

    // A page that never comes back holds it for the wait at most, plus the hold.
    fg.awaitNext(8, 15_000);
    const later = fg.idle();
    await clock.advance(14_900);
    expect(await settled(later)).toBe(false);
    await clock.advance(100);
    expect(await settled(later)).toBe(false);
    await clock.advance(1_000);
    expect(await settled(later)).toBe(true);

    // Nor does a tab that closed meanwhile.
    fg.awaitNext(9, 15_000);
    const closed = fg.idle();
    fg.closed(9);
    expect(await settled(closed)).toBe(true);
  });

  it("drops a tab's pass when the tab closes or sends another page request, and watches tabs only meanwhile", async () => {
    const clock = fakeClock();
    let watching = 0;
    let report: ((tab: number) => void) | null = null;
    const fg = createForeground({
      ...clock,
      watchClosedTabs: (closed) => {
        watching += 1;
        report = closed;
        return () => {
          watching -= 1;
        };
      },
    });
    expect(watching).toBe(0);
    const first = fg.meaningPass(1);
    const other = fg.meaningPass(2);
    expect(watching).toBe(1);
    expect([first.wanted(), other.wanted()]).toEqual([true, true]);
    report!(1);
    expect([first.wanted(), other.wanted()]).toEqual([false, true]);
    await fg.serve(2, async () => undefined);
    expect(other.wanted()).toBe(false);
    expect(watching).toBe(0);
    // A pass that ended by itself stops the watch too.
    const third = fg.meaningPass(3);
    expect(watching).toBe(1);
    third.end();
    expect(watching).toBe(0);
  });
});

/** An encoder that takes a few ms a sentence and logs when each run begins. */
function slowEncoder(log: string[]): SentenceEncoder {
  const inner = countingEncoder();
  return {
    dim: inner.dim,
    modelId: inner.modelId,
    async embed(texts) {
      log.push('model run');
      await new Promise((ok) => setTimeout(ok, 5 * texts.length));
      return inner.embed(texts);
    },
  };
}

/** A service over the story library whose model is `slowEncoder`; `closed` reports a closed tab. */
async function service(log: string[]) {
  // A database of its own: stored vectors would spare a second service the model's runs.
  const db = await openDatabase({ factory: new IDBFactory(), name: 'turns' });
  let closed: ((tab: number) => void) | null = null;
  const s = createLibraryService({
    db,
    defaultSources: STORY_SOURCES,
    loadModel: async () => ({ encoder: slowEncoder(log), antonyms: NO_ANTONYMS }),
    now: () => 1_000,
    storedLibraryWriteMs: 0,
    pageHoldMs: 300,
    watchClosedTabs: (report) => {
      closed = report;
      return () => (closed = null);
    },
  });
  await s.seedDefaultsOnce();
  return { s, close: (tab: number) => closed?.(tab) };
}

/** Tab 1's page, drawn lexically, then its meaning pass (not awaited). */
async function tabOnePass(s: Awaited<ReturnType<typeof service>>['s']) {
  await s.handlers['page.analyze'](
    { page: STORY_PAGE, text: PAGE_TEXT },
    { tabId: 1, url: STORY_PAGE.url },
  );
  return s.handlers['page.meaning'](
    { page: STORY_PAGE, text: PAGE_TEXT },
    { tabId: 1, url: STORY_PAGE.url },
  );
}

/** The story page with sentences that reword the sources (what the model is asked about). */
const PAGE_TEXT = `${STORY_PAGE_TEXT}
Divers are to spend three weeks on the breakwater of Kessholm, which a storm damaged.
Boats that fish out of the harbour will be moved to the quay at Ostvik meanwhile.
Minister Varga promised that the gates of the Qorvan dam would open on the first of May.`;

const OTHER: PageInfo = { ...STORY_PAGE, url: 'https://other.example/story' };

describe("a page's meaning pass in the background", () => {
  it('lets the model run no sentence while another tab waits for its lexical highlights, then finishes the pass', async () => {
    const alone: string[] = [];
    const quiet = await service(alone);
    const expected = await tabOnePass(quiet.s);
    const runs = alone.length;
    expect(
      runs,
      'the pass must use the model several times for this test to mean anything',
    ).toBeGreaterThan(2);

    const log: string[] = [];
    const { s } = await service(log);
    const pass = tabOnePass(s);
    await expect.poll(() => log.length, { interval: 1 }).toBeGreaterThan(0);
    // Tab 2 opens a page: its site switch and its matching.
    log.push('page 2 asks');
    await s.handlers['site.isEnabled']({ host: 'other.example' }, { tabId: 2, url: OTHER.url });
    // Between its requests the page reads its article on its own thread.
    await new Promise((ok) => setTimeout(ok, 100));
    await s.handlers['page.analyze'](
      { page: OTHER, text: PAGE_TEXT },
      { tabId: 2, url: OTHER.url },
    );
    log.push('page 2 drawn');
    // Tab 2 never asks for its own pass here: tab 1's goes on once tab 2's hold ends.
    const answer = await pass;
    const during = log.slice(log.indexOf('page 2 asks'), log.indexOf('page 2 drawn'));
    expect(during).toEqual(['page 2 asks']);
    // Tab 1's pass was only held, not dropped: it ran the model as often as alone, to the same end.
    expect(log.filter((x) => x === 'model run')).toHaveLength(runs);
    expect(answer).toEqual(expected);
  });

  it('lets the model run no sentence while another tab has its big page read in the offscreen document', async () => {
    const log: string[] = [];
    const { s } = await service(log);
    const pass = tabOnePass(s);
    await expect.poll(() => log.length, { interval: 1 }).toBeGreaterThan(0);
    log.push('page 2 asks');
    const tab2 = { tabId: 2, url: OTHER.url };
    await s.handlers['site.isEnabled']({ host: 'other.example' }, tab2);
    await s.handlers['page.openAway']({}, tab2);
    // Read away from the worker for longer than a page's hold (300 ms here): the worker hears nothing.
    await new Promise((ok) => setTimeout(ok, 600));
    await s.handlers['page.analyze']({ page: OTHER, text: PAGE_TEXT }, tab2);
    log.push('page 2 drawn');
    await pass;
    const during = log.slice(log.indexOf('page 2 asks'), log.indexOf('page 2 drawn'));
    expect(during).toEqual(['page 2 asks']);
  });

  it('stops using the model once its tab closes', async () => {
    const alone: string[] = [];
    const quiet = await service(alone);
    await tabOnePass(quiet.s);

    const log: string[] = [];
    const { s, close } = await service(log);
    const pass = tabOnePass(s);
    await expect.poll(() => log.length, { interval: 1 }).toBeGreaterThan(0);
    close(1);
    const answer = await pass;
    expect(answer.matches).toEqual([]);
    expect(log.length).toBeLessThan(alone.length);
  });
});
