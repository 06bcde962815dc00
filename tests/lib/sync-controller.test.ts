/**
 * Team sync against servers that misbehave: down, silent, answering 401, 403 or 500, or sending
 * something that is not a CouchDB reply. Each gives one plain line, a retry later with a longer
 * wait, and no change to the local database. A real HTTP server on 127.0.0.1 plays each part.
 */
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import { IDBFactory } from 'fake-indexeddb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../lib/db/schema';
import { createLibraryService } from '../../lib/db/service';
import { createSyncStore } from '../../lib/db/sync-store';
import { createSyncController } from '../../lib/sync/controller';
import { backoffMs, describeProblem } from '../../lib/sync/errors';
import { loadPouch, type PouchFactory } from '../../lib/sync/pouch';

let pouch: PouchFactory;
let server: Server | null = null;
let n = 0;

/** A server answering every request with `answer`; its address. */
async function misbehaving(
  answer: (res: import('node:http').ServerResponse) => void,
): Promise<string> {
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  const a = server.address();
  return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
}

beforeEach(async () => {
  pouch ??= await loadPouch({ name: 'memory', plugin: memoryAdapter });
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((ok) => (server ? server.close(ok) : ok(null)));
  server = null;
});

/** A controller whose retry timers are recorded instead of run. */
async function controllerFor(url: string, permitted = true) {
  const db = await openDatabase({ factory: new IDBFactory(), name: `c-${++n}` });
  const service = createLibraryService({ db });
  await service.handlers['library.import'](
    {
      sources: [
        {
          id: 'kept',
          title: 'Kept',
          outlet: null,
          url: null,
          published: null,
          language: 'en',
          text: 'A source that must stay as it is.',
        },
      ],
      origin: 'paste',
    },
    { tabId: null, url: null },
  );
  const waits: number[] = [];
  const controller = createSyncController({
    pouch,
    store: createSyncStore(db),
    library: service.handlers,
    hasPermission: async () => permitted,
    localName: `local-${n}`,
    slowMs: 300,
    random: () => 0,
    setTimer: (f, ms) => {
      // Only the retry waits are recorded; request timeouts run for real.
      if (ms === 300 || ms === 1200) {
        const t = setTimeout(f, ms);
        return () => clearTimeout(t);
      }
      waits.push(ms);
      return () => undefined;
    },
  });
  const status = await controller.configure({
    server: url,
    database: 'team',
    username: 'u',
    password: 'p',
    enabled: true,
  });
  return { controller, status, waits, service };
}

describe('sync against a server that misbehaves', () => {
  it.each([
    [
      '401',
      (res: import('node:http').ServerResponse) =>
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"error":"unauthorized","reason":"Name or password is incorrect."}'),
      /refused the user name or password/,
      30_000,
    ],
    [
      '403',
      (res: import('node:http').ServerResponse) =>
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end('{"error":"forbidden","reason":"no"}'),
      /may not use that database/,
      30_000,
    ],
    [
      '500',
      (res: import('node:http').ServerResponse) =>
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"error":"internal","reason":"boom"}'),
      /internal error \(HTTP 500\)/,
      1_000,
    ],
    [
      'not JSON',
      (res: import('node:http').ServerResponse) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>'),
      /not a CouchDB reply/,
      1_000,
    ],
    ['silent', () => undefined, /too slow to answer/, 1_000],
  ])(
    'a server answering %s gets a plain message and a later retry',
    async (_what, answer, message, firstWait) => {
      const url = await misbehaving(answer);
      const { status, waits, service } = await controllerFor(url);
      expect(status.error).toMatch(message);
      expect(status.error).toContain(url);
      expect(waits).toEqual([firstWait]);
      expect(
        (await service.handlers['library.list']({}, { tabId: null, url: null })).map((s) => s.id),
      ).toEqual(['kept']);
    },
  );

  it('a server that is down says so and keeps changes for later', async () => {
    const url = await misbehaving(() => undefined);
    server!.close();
    server!.closeAllConnections();
    server = null;
    const { status } = await controllerFor(url);
    expect(status.error).toMatch(/Cannot reach .* Your changes are kept here/);
    expect(status.phase).toBe('retrying');
  });

  it('without the host permission it asks the user to allow access', async () => {
    const url = await misbehaving((res) => res.end('{}'));
    const { status } = await controllerFor(url, false);
    expect(status.error).toMatch(/allow access when the browser asks/);
  });

  it('waits longer after each failure, up to five minutes', () => {
    const waits = [1, 2, 3, 4, 12].map((k) => backoffMs(k, 'server', () => 0));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 300_000]);
    expect(describeProblem({ status: 401, name: 'unauthorized' }, 'https://x').kind).toBe(
      'credentials',
    );
  });
});
