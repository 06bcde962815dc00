/**
 * Team sync benchmark (`npx tsx bench/sync.ts [--sizes=1000,10000] [--rounds=5]`), in Chromium
 * with the built extension (`npm run build:test:chrome`) and pouchdb-server on 127.0.0.1:
 * - first sync: a fresh profile joins a database that already holds N sources; time from the
 *   Save click to every source in the library, time per source, the worker's JS heap after, and
 *   the time to get the synced library ready for matching (the index built once, after the sync);
 * - delay: profile A adds a source; how long until B's open page draws its highlight, as a
 *   median over rounds, and as a ratio to A's own time to store the source.
 * Synthetic sources are cut from the demo library's sentences (no ../shared needed).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LIBRARY_DIR, loadSources } from '../lib/node/load-sources';
import { toDoc } from '../lib/sync/docs';
import type { Source } from '../lib/types';
import { startCouch, type CouchServer } from '../testkit/couch';
import { launchWithExtension, serveStatic, type ExtensionBrowser } from '../testkit/harness';
import { SyncPage } from '../testkit/sync-page';

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const SIZES = arg('sizes', '1000,10000').split(',').map(Number);
const ROUNDS = Number(arg('rounds', '5'));

/** N sources of 4–10 paragraphs of demo-library sentences, reproducible. */
function syntheticSources(n: number, prefix: string): Source[] {
  const pool = loadSources(DEMO_LIBRARY_DIR).flatMap((s) =>
    s.text.split(/(?<=[.!?])\s+(?=\p{Lu})/u).filter((x) => x.length > 40),
  );
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    title: `Synthetic source ${i}`,
    outlet: `Outlet ${i % 37}`,
    url: `https://synthetic.example/${prefix}/${i}`,
    published: '2026-01-01',
    language: 'en',
    text: Array.from({ length: 4 + Math.floor(rand() * 7) }, () =>
      Array.from(
        { length: 2 + Math.floor(rand() * 4) },
        () => pool[Math.floor(rand() * pool.length)],
      ).join(' '),
    ).join('\n'),
  }));
}

const auth = (c: CouchServer) =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** Creates a database holding `sources`, written as a member's browser would have written them. */
async function seedDatabase(couch: CouchServer, name: string, sources: Source[]) {
  const headers = { authorization: auth(couch), 'content-type': 'application/json' };
  await fetch(`${couch.url}/${name}`, { method: 'PUT', headers });
  for (let i = 0; i < sources.length; i += 1000) {
    const docs = sources
      .slice(i, i + 1000)
      .map((source) =>
        toDoc({ kind: 'source', source, origin: 'file', addedAt: 1, updatedAt: 1 }, 'seed'),
      );
    const r = await fetch(`${couch.url}/${name}/_bulk_docs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ docs }),
    });
    if (!r.ok) throw new Error(`seeding ${name}: HTTP ${r.status}`);
  }
}

async function joinProfile(
  couch: CouchServer,
): Promise<{ browser: ExtensionBrowser; sync: SyncPage }> {
  const browser = await launchWithExtension();
  const sync = await SyncPage.open(browser);
  await sync.grantOrigin(couch.url);
  return { browser, sync };
}

const configFor = (couch: CouchServer, database: string) => ({
  server: couch.url,
  database,
  username: couch.username,
  password: couch.password,
  enabled: true,
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/**
 * The service worker's JS heap in MB, read over the DevTools protocol (workers have no
 * performance.memory): a page's session attaches to the worker's target and asks it.
 */
async function heapMB(b: ExtensionBrowser): Promise<number | null> {
  const page = await b.context.newPage();
  try {
    const cdp = await b.context.newCDPSession(page);
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: { targetId: string; type: string; url: string }[];
    };
    const worker = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.includes(b.extensionId),
    );
    if (!worker) return null;
    const { sessionId } = (await cdp.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    })) as { sessionId: string };
    const answer = new Promise<number>((ok) => {
      cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
        const m = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
        if (e.sessionId === sessionId && m.id === 1 && m.result) ok(m.result.usedSize / 2 ** 20);
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }),
    });
    return await Promise.race([
      answer,
      new Promise<null>((ok) => setTimeout(() => ok(null), 10_000)),
    ]);
  } catch {
    return null;
  } finally {
    await page.close();
  }
}

async function firstSync(couch: CouchServer, n: number) {
  const database = `library-${n}`;
  await seedDatabase(couch, database, syntheticSources(n, `s${n}`));
  const { browser, sync } = await joinProfile(couch);
  const heapBefore = await heapMB(browser);
  const t0 = performance.now();
  await sync.configure(configFor(couch, database));
  // The inbox applies documents in the server's order, so the last source seeded arrives last: the
  // bench asks for that one source every 100 ms (listing the whole library that often would load
  // the worker it measures), then checks that every source is there.
  const last = `s${n}-${n - 1}`;
  while (!(await sync.request<unknown>('source.get', { id: last })))
    await new Promise((ok) => setTimeout(ok, 100));
  const syncMs = performance.now() - t0;
  const have = (await sync.request<{ id: string }[]>('library.list', {})).filter((x) =>
    x.id.startsWith(`s${n}-`),
  ).length;
  if (have !== n) throw new Error(`first sync of ${n}: ${have} sources arrived`);
  const t1 = performance.now();
  await sync.request('library.prepare', {});
  const prepareMs = performance.now() - t1;
  const heapAfter = await heapMB(browser);
  await browser.close();
  // The same sources imported by hand in a fresh profile, in the inbox's batches: what sync adds to an import.
  const plain = await launchWithExtension();
  const page = await SyncPage.open(plain);
  const sources = syntheticSources(n, `p${n}`);
  const t2 = performance.now();
  for (let i = 0; i < n; i += 250)
    await page.request('library.import', {
      sources: sources.slice(i, i + 250),
      origin: 'file',
      where: 'bench',
    });
  const importMs = performance.now() - t2;
  await plain.close();
  return { n, syncMs, perSourceMs: syncMs / n, prepareMs, heapBefore, heapAfter, importMs };
}

async function delay(couch: CouchServer) {
  const database = 'delay';
  await fetch(`${couch.url}/${database}`, {
    method: 'PUT',
    headers: { authorization: auth(couch) },
  });
  const a = await joinProfile(couch);
  const b = await joinProfile(couch);
  for (const p of [a, b]) {
    await p.sync.configure(configFor(couch, database));
    await p.sync.waitUpToDate();
  }
  const quotes = Array.from(
    { length: ROUNDS },
    (_, i) =>
      `Round ${i} of the delay bench found the harbour gates closed at dawn for the ${i + 1}th time this season`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'sourcelight-bench-sync-'));
  writeFileSync(
    join(dir, 'page.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour</title></head><body><article><h1>Harbour gates</h1>${quotes
      .map(
        (q, i) =>
          `<p>The harbour master spoke again on day ${i}. "${q}," she said to the waiting crowd.</p><p>Crews worked through the night on the repairs and expected to finish before the weekend.</p>`,
      )
      .join('')}</article></body></html>`,
  );
  const site = await serveStatic({ '/bench': dir });
  const page = await b.browser.context.newPage();
  await page.goto(site.url('/bench/page.html'));
  // Measured from a settled page: the overlay has read and matched it once.
  await page.waitForFunction(() => {
    const s = document.querySelector('sourcelight-overlay')?.getAttribute('data-sourcelight-state');
    return !!s && s !== 'working';
  });
  const rows: { storeMs: number; delayMs: number; arrivedMs: number }[] = [];
  for (const [i, q] of quotes.entries()) {
    const source: Source = {
      id: `delay-${i}`,
      title: `Harbour statement ${i}`,
      outlet: 'Harbour office',
      url: null,
      published: null,
      language: 'en',
      text: `The harbour office issued a statement on day ${i}.\n"${q}," the harbour master told reporters.\nRepairs continue.`,
    };
    const t0 = performance.now();
    await a.sync.request('library.import', { sources: [source], origin: 'paste', where: 'bench' });
    const storeMs = performance.now() - t0;
    // When the source is in B's library (replication and the inbox), apart from B matching its page again.
    const arrived = (async () => {
      while (!(await b.sync.request<unknown>('source.get', { id: source.id })))
        await new Promise((ok) => setTimeout(ok, 50));
      return performance.now() - t0;
    })();
    await page
      .waitForFunction(
        (want) =>
          Number(
            document.querySelector('sourcelight-overlay')?.getAttribute('data-count-verbatim'),
          ) >= want,
        i + 1,
        { timeout: 120_000, polling: 'raf' },
      )
      .catch(async (e: Error) => {
        const status = await b.sync.request('sync.status', {});
        const list = (await b.sync.request<{ id: string }[]>('library.list', {})).map((x) => x.id);
        const host = await page.evaluate(() =>
          document.querySelector('sourcelight-overlay')?.outerHTML.slice(0, 300),
        );
        throw new Error(
          `${e.message}\nB: ${JSON.stringify(status)}\nB's library: ${list.join(', ')}\nB's page: ${host}`,
        );
      });
    const delayMs = performance.now() - t0;
    rows.push({ storeMs, delayMs, arrivedMs: await arrived });
  }
  await a.browser.close();
  await b.browser.close();
  await site.close();
  return rows;
}

const couch = await startCouch();
try {
  console.log('Team sync bench (pouchdb-server on 127.0.0.1, Chromium with the test build)\n');
  const first = [];
  for (const n of SIZES) {
    const r = await firstSync(couch, n);
    first.push(r);
    console.log(
      `first sync of ${n} sources: ${(r.syncMs / 1000).toFixed(1)} s (${r.perSourceMs.toFixed(2)} ms/source; ${(r.syncMs / r.importMs).toFixed(1)}x a plain import of as many sources, ${(r.importMs / 1000).toFixed(1)} s); library ready after it: ${r.prepareMs.toFixed(0)} ms; worker JS heap ${r.heapBefore?.toFixed(0) ?? 'n/a'} -> ${r.heapAfter?.toFixed(0) ?? 'n/a'} MB`,
    );
  }
  if (first.length > 1) {
    const [x, y] = [first[0]!, first[first.length - 1]!];
    console.log(
      `ratio: ${y.n / x.n}x the sources took ${(y.syncMs / x.syncMs).toFixed(1)}x the time`,
    );
  }
  const rows = await delay(couch);
  const d = median(rows.map((r) => r.delayMs));
  const s = median(rows.map((r) => r.storeMs));
  const arrived = median(rows.map((r) => r.arrivedMs));
  console.log(
    `\nA adds a source -> highlight drawn in B's open page: median ${d.toFixed(0)} ms over ${rows.length} rounds (${rows.map((r) => r.delayMs.toFixed(0)).join(', ')} ms); A's own store: median ${s.toFixed(0)} ms; delay / store = ${(d / s).toFixed(1)}x; in B's library after median ${arrived.toFixed(0)} ms (${rows.map((r) => r.arrivedMs.toFixed(0)).join(', ')} ms)`,
  );
} finally {
  await couch.close();
}
