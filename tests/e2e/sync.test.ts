/**
 * Team sync end to end: two browser profiles (two persistent Chromium contexts with the built
 * extension) and one CouchDB-protocol server (pouchdb-server from npm) on 127.0.0.1.
 * - A adds a source and annotates a passage; B, with the page already open, sees the highlight
 *   appear without reloading, and the note on its options page.
 * - The server stops; both edit the same annotation; the server comes back: both notes are kept,
 *   marked "merged from 2 edits", in both profiles.
 * - The server stops; both add a source with one id and different texts; the server comes back:
 *   both texts are kept and listed, and the one B keeps becomes A's too.
 * - The server is killed while A pushes 300 sources; it restarts and B ends with every one.
 * - A wrong password gives a plain message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCouch, type CouchServer } from '../../testkit/couch';
import {
  launchWithExtension,
  serveStatic,
  type ExtensionBrowser,
  type StaticServer,
} from '../../testkit/harness';
import { OverlayPage } from '../../testkit/overlay-page';
import { SyncPage } from '../../testkit/sync-page';

const QUOTE =
  'The night ferry will keep sailing to the outer islands until the new pier is finished';

/** An invented source: a port statement. */
const SOURCE = {
  id: 'port-statement',
  title: 'Port of Vellin statement on the night ferry',
  outlet: 'Port of Vellin',
  url: 'https://port.example/night-ferry',
  published: '2026-11-02',
  language: 'en',
  text: [
    'The Port of Vellin said on Monday that the night ferry would not be cut this winter.',
    `"${QUOTE}," port director Anselm Oduya told reporters at the harbour office.`,
    'The new pier is due to open in the spring, three months later than planned.',
  ].join('\n'),
};

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Night ferry stays</title>
<meta property="og:site_name" content="Vellin Courier"></head><body><main><article><h1>Night ferry stays</h1>
<p>Islanders who feared losing their only evening link to the mainland were reassured this week by the port authority.</p>
<p>Port director Anselm Oduya was clear. "${QUOTE}," he said, adding that crews had agreed to the winter rota.</p>
<p>The pier works have been delayed by storms, and the council has asked for a new timetable before the spring.</p>
<p>Ferry users said they would hold the port to its word and would watch the timetable closely this winter.</p>
</article></main></body></html>`;

const ANNOTATED = 'The pier works have been delayed by storms';

let couch: CouchServer;
let site: StaticServer;
let a: ExtensionBrowser;
let b: ExtensionBrowser;
let syncA: SyncPage;
let syncB: SyncPage;
let pageDir: string;

beforeAll(async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  pageDir = mkdtempSync(join(tmpdir(), 'sourcelight-sync-pages-'));
  writeFileSync(join(pageDir, 'ferry.html'), PAGE);
  couch = await startCouch();
  site = await serveStatic({ '/news': pageDir });
  a = await launchWithExtension();
  b = await launchWithExtension();
  syncA = await SyncPage.open(a);
  syncB = await SyncPage.open(b);
});

// A test that fails while the server is stopped must not leave the next tests without one, nor
// the profiles waiting out a long back-off.
afterEach(async () => {
  await couch?.start();
  for (const s of [syncA, syncB]) {
    const again = s?.section().getByRole('button', { name: 'Try again now' });
    if (await again?.isVisible()) await again!.click({ timeout: 5_000 }).catch(() => undefined);
  }
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await site?.close();
  await couch?.close();
});

const config = () => ({
  server: couch.url,
  database: couch.database,
  username: couch.username,
  password: couch.password,
  enabled: true,
});

type Annotation = {
  id: string;
  target: { source: string; selector: unknown[] };
  body: { value: string; purpose: string }[];
};

describe('team sync between two profiles', () => {
  it('turns on sync in both profiles after the origin is allowed', async () => {
    for (const s of [syncA, syncB]) {
      await s.grantOrigin(couch.url);
      await s.configure(config());
      await s.waitUpToDate();
    }
  });

  it("shows A's new source as highlights on B's open page, and A's note on B's options page", async () => {
    const pageB = await b.context.newPage();
    await pageB.goto(site.url('/news/ferry.html'));
    const overlayB = new OverlayPage(pageB);
    const before = await overlayB.waitSettled();
    expect(before.counts.verbatim).toBe(0);

    await syncA.request('library.import', { sources: [SOURCE], origin: 'paste', where: 'test' });
    const pageA = await a.context.newPage();
    await pageA.goto(site.url('/news/ferry.html'));
    const overlayA = new OverlayPage(pageA);
    expect((await overlayA.waitSettled()).counts.verbatim).toBe(1);
    await overlayA.annotate(ANNOTATED, 'Storm delay: ask the council for the new date', 'pier');

    // No reload: the background asks the open page to match again when the source arrives.
    await pageB.waitForFunction(
      () =>
        Number(
          document.querySelector('sourcelight-overlay')?.getAttribute('data-count-verbatim'),
        ) === 1,
      null,
      { timeout: 60_000 },
    );
    expect((await overlayB.highlightTexts('verbatim')).join(' ')).toContain(
      'night ferry will keep sailing',
    );
    await pageB.waitForFunction(
      (t) => {
        const h = CSS.highlights.get('sourcelight-saved') as unknown as Set<Range> | undefined;
        return !!h && [...h].some((r) => r.toString().includes(t));
      },
      ANNOTATED,
      { timeout: 60_000 },
    );
    await syncB.page.reload();
    await syncB.page
      .getByText('Storm delay: ask the council for the new date')
      .waitFor({ timeout: 30_000 });
    await pageA.close();
    await pageB.close();
  });

  it('lets the CLI read the same library from the team database', async () => {
    const { main } = await import('../../lib/node/cli');
    const { join } = await import('node:path');
    const run = async (password: string) => {
      let out = '';
      let err = '';
      process.env.SOURCELIGHT_SYNC_USER = couch.username;
      process.env.SOURCELIGHT_SYNC_PASSWORD = password;
      try {
        const code = await main(
          [
            'match',
            join(pageDir, 'ferry.html'),
            '--sources',
            `${couch.url}/${couch.database}`,
            '--json',
          ],
          {
            out: (t) => void (out += t),
            err: (t) => void (err += t),
            stdin: () => Buffer.alloc(0),
          },
        );
        return { code, out, err };
      } finally {
        delete process.env.SOURCELIGHT_SYNC_USER;
        delete process.env.SOURCELIGHT_SYNC_PASSWORD;
      }
    };
    const ok = await run(couch.password);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.out) as { matches: { kind: string; sourceId: string }[] };
    expect(report.matches.filter((m) => m.kind === 'verbatim').map((m) => m.sourceId)).toEqual([
      SOURCE.id,
    ]);
    const refused = await run('wrong');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^sourcelight: .*refused the user name or password/);
  });

  it('keeps both notes when both edit one annotation while the server is down', async () => {
    await syncA.waitUpToDate();
    await syncB.waitUpToDate();
    const [annotation] = await syncA.request<Annotation[]>('annotation.list', {});
    expect(annotation).toBeDefined();
    await couch.stop();
    const edit = (s: SyncPage, note: string) =>
      s.request('annotation.save', {
        draft: {
          id: annotation!.id,
          url: annotation!.target.source,
          selectors: annotation!.target.selector,
          note,
          tags: ['pier'],
        },
      });
    await edit(syncA, 'A: the council says March');
    await edit(syncB, 'B: the port says April');
    // Offline: each profile says it cannot reach the server and counts its change as pending.
    for (const s of [syncA, syncB]) {
      await s
        .error()
        .getByText(/Cannot reach|too slow/)
        .waitFor({ timeout: 60_000 });
      await expect
        .poll(async () => Number(await s.pending().textContent()), { timeout: 30_000 })
        .toBeGreaterThan(0);
    }
    await couch.start();
    await syncA.retryNow();
    await syncA.waitUpToDate();
    await syncB.retryNow();
    await syncB.waitUpToDate();
    for (const s of [syncA, syncB]) {
      await expect
        .poll(
          async () => {
            const [x] = await s.request<Annotation[]>('annotation.list', {});
            return x?.body.find((p) => p.purpose === 'commenting')?.value ?? '';
          },
          { timeout: 60_000 },
        )
        .toMatch(
          /A: the council says March[\s\S]*B: the port says April|B: the port says April[\s\S]*A: the council says March/,
        );
      await s.page.reload();
      await s.page
        .getByTestId('annotation-merged')
        .getByText('Merged from 2 edits')
        .waitFor({ timeout: 30_000 });
      await s.section().getByText('merged from 2 edits, both kept').waitFor({ timeout: 30_000 });
    }
  });

  it('keeps both texts when both add one source id while the server is down, until one is kept', async () => {
    await syncA.waitUpToDate();
    await syncB.waitUpToDate();
    await couch.stop();
    const notice = (text: string) => ({
      id: 'pier-notice',
      title: 'Pier works notice',
      outlet: 'Port of Vellin',
      url: null,
      published: '2026-11-03',
      language: 'en',
      text,
    });
    const textA =
      'The port said the pier works would pause for the winter storms and resume in February.';
    const textB =
      'The port said the pier works would continue through the winter with a smaller crew.';
    await syncA.request('library.import', { sources: [notice(textA)], origin: 'paste' });
    await syncB.request('library.import', { sources: [notice(textB)], origin: 'paste' });
    for (const s of [syncA, syncB])
      await expect
        .poll(async () => Number(await s.pending().textContent()), { timeout: 30_000 })
        .toBeGreaterThan(0);
    await couch.start();
    await syncA.retryNow();
    await syncA.waitUpToDate();
    await syncB.retryNow();
    await syncB.waitUpToDate();
    const textOf = async (s: SyncPage) =>
      (await s.request<{ text: string } | null>('source.get', { id: 'pier-notice' }))?.text;
    // Both libraries use one text (the same), and both list the other beside it.
    await expect
      .poll(async () => (await textOf(syncA)) === (await textOf(syncB)), { timeout: 60_000 })
      .toBe(true);
    const used = await textOf(syncA);
    const other = used === textA ? textB : textA;
    for (const s of [syncA, syncB]) {
      const versions = s
        .section()
        .locator('.sync-versions li[data-source-id="pier-notice"] ol > li');
      await versions.nth(1).waitFor({ timeout: 30_000 });
      expect(await versions.count()).toBe(2);
      await expect.poll(() => versions.nth(1).innerText()).toContain(other.slice(30, 60));
    }
    // B keeps the other text for everyone: A's library takes it too, and the list empties.
    await syncB
      .section()
      .locator('.sync-versions li[data-source-id="pier-notice"] ol > li')
      .nth(1)
      .getByRole('button', { name: 'Keep this text for everyone' })
      .click();
    await expect.poll(() => textOf(syncB)).toBe(other);
    await expect.poll(() => textOf(syncA), { timeout: 60_000 }).toBe(other);
    for (const s of [syncA, syncB])
      await s.section().locator('.sync-versions').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('loses nothing when the server is killed in the middle of a sync and comes back', async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      id: `bulk-${i}`,
      title: `Harbour bulletin ${i}`,
      outlet: 'Port of Vellin',
      url: null,
      published: null,
      language: 'en',
      text: `Bulletin ${i}. The harbour office reported ${i} arrivals and noted that the tide tables for week ${i} were revised. `.repeat(
        20,
      ),
    }));
    const base = await couch.docCount();
    await syncA.request('library.import', { sources: many, origin: 'file', where: 'bulk' });
    // Killed as soon as the first documents reach it: the rest of A's push is cut off.
    await expect
      .poll(() => couch.docCount(), { interval: 10, timeout: 60_000 })
      .toBeGreaterThan(base);
    const atKill = await couch.docCount();
    await couch.stop();
    expect(atKill, 'the server was stopped before the push was through').toBeLessThan(base + 300);
    await couch.start();
    await syncA.retryNow();
    await syncB.retryNow();
    await syncA.waitUpToDate(120_000);
    await expect.poll(() => couch.docCount(), { timeout: 120_000 }).toBe(base + 300);
    await syncB.waitUpToDate(120_000);
    await expect
      .poll(
        async () =>
          (await syncB.request<{ id: string }[]>('library.list', {})).filter((s) =>
            s.id.startsWith('bulk-'),
          ).length,
        { timeout: 120_000 },
      )
      .toBe(300);
  });

  it('says plainly when the password is wrong', async () => {
    await syncB.configure({ ...config(), password: 'not-the-password' });
    await syncB.error().getByText('refused the user name or password').waitFor({ timeout: 30_000 });
    // Nothing already synced is lost.
    expect(
      (await syncB.request<{ id: string }[]>('library.list', {})).some((s) => s.id === SOURCE.id),
    ).toBe(true);
  });
});
