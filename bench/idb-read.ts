/**
 * How long Chromium's IndexedDB takes to hand a record back to the extension's service worker, by
 * the record's shape and size, after a browser restart (so nothing is served from memory): what a
 * waking worker pays to read its stored library. The figures say the read takes time in proportion
 * to the bytes stored, whatever holds them, so the stored library is made smaller, not reshaped.
 *
 *   npx tsx bench/idb-read.ts            # 3 restarts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_OUT_DIR, ensureBuild } from './browser';

ensureBuild(false);
process.env.SOURCELIGHT_OUT_DIR = BENCH_OUT_DIR;
const { launchWithExtension } = await import('../testkit/harness');
const profile = mkdtempSync(join(tmpdir(), 'sourcelight-idb-read-'));
const workerOf = async (b: Awaited<ReturnType<typeof launchWithExtension>>) =>
  b.context.serviceWorkers().find((x) => x.url().includes(b.extensionId)) ??
  (await b.context.waitForEvent('serviceworker'));

// Records as big as a 10,000-source library's parts: its texts (26.7 M characters, some outside
// Latin-1, so two bytes each), the same as UTF-8 bytes, its postings (4 M 32-bit ids), all together.
const WRITE = `(async () => {
  const unit = 'The minister said “we will not back down” on Tuesday, adding that talks would go on. ';
  const text = unit.repeat(Math.ceil(26_700_000 / unit.length)).slice(0, 26_700_000);
  const records = {
    'text (two-byte string, 53 MB)': text,
    'text as UTF-8 (27 MB)': new TextEncoder().encode(text),
    'postings (Int32Array, 16 MB)': new Int32Array(4_000_000).map((_, i) => i * 7),
    'text + postings (69 MB)': { text, postings: new Int32Array(4_000_000).map((_, i) => i * 7) },
    'a tenth of the text (5.3 MB)': text.slice(0, 2_670_000),
  };
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open('idb-read', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('s');
    r.onsuccess = () => ok(r.result);
    r.onerror = () => no(r.error);
  });
  for (const [k, v] of Object.entries(records))
    await new Promise((ok, no) => {
      const tx = db.transaction('s', 'readwrite');
      tx.objectStore('s').put(v, k);
      tx.oncomplete = ok;
      tx.onerror = () => no(tx.error);
    });
  db.close();
  return Object.keys(records);
})()`;

const READ = (keys: string[]) => `(async () => {
  const db = await new Promise((ok, no) => {
    const r = indexedDB.open('idb-read', 1);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => no(r.error);
  });
  const out = {};
  for (const k of ${JSON.stringify(keys)}) {
    const t = performance.now();
    const v = await new Promise((ok, no) => {
      const rq = db.transaction('s').objectStore('s').get(k);
      rq.onsuccess = () => ok(rq.result);
      rq.onerror = () => no(rq.error);
    });
    out[k] = performance.now() - t;
    if (v instanceof Uint8Array) {
      const d = performance.now();
      new TextDecoder().decode(v);
      out['decoding all the UTF-8'] = performance.now() - d;
      const s = performance.now();
      new TextDecoder().decode(v.subarray(0, 2_700));
      out['decoding one source (2.7 KB)'] = performance.now() - s;
    }
  }
  db.close();
  return out;
})()`;

let browser = await launchWithExtension({ userDataDir: profile });
try {
  const keys = (await (await workerOf(browser)).evaluate(WRITE)) as string[];
  const runs: Record<string, number>[] = [];
  for (let restart = 0; restart < 3; restart++) {
    await browser.close();
    browser = await launchWithExtension({ userDataDir: profile });
    // Every other restart reads in the reverse order, so no record always comes first.
    const order = restart % 2 ? [...keys].reverse() : keys;
    runs.push((await (await workerOf(browser)).evaluate(READ(order))) as Record<string, number>);
  }
  console.log('IndexedDB read in the extension worker after a restart (ms, each restart):');
  for (const k of Object.keys(runs[0]!))
    console.log(`  ${k.padEnd(32)} ${runs.map((r) => r[k]!.toFixed(1).padStart(7)).join(' ')}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
