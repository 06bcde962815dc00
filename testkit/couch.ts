/**
 * A CouchDB-protocol server for the sync tests and benchmark: pouchdb-server (npm) in a child
 * process on 127.0.0.1, its databases in a temporary folder (LevelDB), so it can be stopped hard
 * and started again with its data, as a real server would be. One admin user owns one database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './harness';

export interface CouchServer {
  url: string;
  database: string;
  username: string;
  password: string;
  /** Kills the server (SIGKILL: no goodbye to its clients). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder (does nothing while it runs). */
  start(): Promise<void>;
  /** The database's document count, read with the admin's credentials. */
  docCount(): Promise<number>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });

/** Starts pouchdb-server with an admin and a database only that admin may use. */
export async function startCouch(database = 'team'): Promise<CouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sourcelight-couch-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const username = 'alice';
  const password = 'harbour-secret';
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  let child: ChildProcess | null = null;

  // Its errors go to a log in its folder, so a test that finds it gone can say why.
  const log = join(dir, 'server.log');
  const logTail = () => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').slice(-5).join('\n');
    } catch {
      return '';
    }
  };

  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    const out = openSync(log, 'a');
    child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules/pouchdb-server/bin/pouchdb-server'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--dir',
        dir,
        '--config',
        join(dir, 'config.json'),
        '--no-stdout-logs',
      ],
      { cwd: dir, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    const exited = new Promise<never>((_ok, fail) =>
      child!.once('exit', (code) =>
        fail(new Error(`pouchdb-server exited (${code}) as it started: ${logTail()}`)),
      ),
    );
    // Ready when it answers; each try is an event (a refused or answered request), not a sleep budget.
    const ready = (async () => {
      for (let i = 0; i < 600; i++) {
        const ok = await fetch(`${url}/`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('pouchdb-server did not start');
    })();
    await Promise.race([ready, exited]);
  };

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, { ...init, headers: { authorization: auth, ...init.headers } });

  await start();
  // An admin ends the "admin party"; the database is then the admin's alone.
  await fetch(`${url}/_config/admins/${username}`, {
    method: 'PUT',
    body: JSON.stringify(password),
  });
  await call(`/${database}`, { method: 'PUT' });
  await call(`/${database}/_security`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      admins: { names: [username], roles: [] },
      members: { names: [username], roles: [] },
    }),
  });

  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((ok) => c.once('exit', ok));
    c.kill('SIGKILL');
    await gone;
  };
  return {
    url,
    database,
    username,
    password,
    stop,
    start,
    docCount: async () => {
      const r = await call(`/${database}`).catch((e: Error) => {
        const c = child as ChildProcess | null;
        const state = !c
          ? 'stopped by the test'
          : c.exitCode !== null || c.signalCode
            ? `exited (${c.exitCode ?? c.signalCode}): ${logTail()}`
            : 'running';
        throw new Error(`${e.message}; pouchdb-server ${state}`);
      });
      return ((await r.json()) as { doc_count: number }).doc_count;
    },
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
