/**
 * The options page's "Team sync" section: where the team's CouchDB database is, the user's
 * credentials there, sync on or off, and what sync is doing (last synced, pending changes,
 * problems in plain words, sources removed by a member with Undo, notes merged after conflicting
 * edits, sources given two texts with a choice of which to keep, documents set aside as malformed).
 */
import { useEffect, useState } from 'preact/hooks';
import type { SyncConfig, SyncPhase, SyncStatus } from '../../lib/sync-protocol';
import type { SyncActions } from './sync-actions';

const PHASES: Record<SyncPhase, string> = {
  off: 'Sync is off. Everything stays in this browser.',
  connecting: 'Connecting to the server…',
  syncing: 'Syncing…',
  'up-to-date': 'Up to date with the team.',
  retrying: 'Waiting to try again.',
  error: 'Sync needs your attention.',
};

/** How often the section asks the background what sync is doing. */
const POLL_MS = 1_500;

const when = (t: number | null) => (t ? new Date(t).toLocaleString() : 'never');

/** The sync section; `actions` reach the background. */
export function SyncPanel({ actions }: { actions: SyncActions }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [form, setForm] = useState<SyncConfig | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const load = () =>
      actions.status().then(
        (s) => {
          if (!live) return;
          setStatus(s);
          setForm((f) => f ?? { ...s.config, password: '' });
        },
        (e: Error) => live && setMessage(e.message),
      );
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [actions]);

  if (!form || !status) return <p>Loading sync settings…</p>;
  const set = (patch: Partial<SyncConfig>) => setForm({ ...form, ...patch });

  const save = (e: Event) => {
    e.preventDefault();
    setMessage(null);
    // The permission prompt needs this click's gesture: ask before anything is awaited.
    const access = form.enabled ? actions.requestAccess(form.server) : Promise.resolve(true);
    setBusy(true);
    void access
      .then(async (granted) => {
        if (!granted) {
          setMessage('Sync stays off: the browser did not allow Sourcelight to reach that server.');
          return;
        }
        const next = await actions.configure(form);
        setStatus(next);
        setForm({ ...form, password: '' });
        setMessage(form.enabled ? 'Saved. Sync is on.' : 'Saved. Sync is off.');
      })
      .catch((error: Error) => setMessage(error.message))
      .finally(() => setBusy(false));
  };
  const act = (run: () => Promise<SyncStatus>) => () => {
    setBusy(true);
    void run()
      .then(setStatus, (error: Error) => setMessage(error.message))
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="sync-heading" class="sync">
      <h2 id="sync-heading">Team sync</h2>
      <p class="hint">
        Share sources, annotations, actor corrections and "Not a match" choices with your team
        through a CouchDB database. The password stays in this browser and is sent only to that
        server.
      </p>
      <form onSubmit={save}>
        <label>
          Server address
          <input
            type="url"
            name="server"
            required={form.enabled}
            placeholder="https://couch.example.org:6984"
            value={form.server}
            onInput={(e) => set({ server: e.currentTarget.value.trim() })}
          />
        </label>
        <label>
          Database
          <input
            name="database"
            required={form.enabled}
            value={form.database}
            onInput={(e) => set({ database: e.currentTarget.value.trim() })}
          />
        </label>
        <label>
          User name
          <input
            name="username"
            autocomplete="username"
            value={form.username}
            onInput={(e) => set({ username: e.currentTarget.value })}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            placeholder={status.config.hasPassword ? '(unchanged)' : ''}
            value={form.password}
            onInput={(e) => set({ password: e.currentTarget.value })}
          />
        </label>
        <label class="inline">
          <input
            type="checkbox"
            name="enabled"
            checked={form.enabled}
            onChange={(e) => set({ enabled: e.currentTarget.checked })}
          />
          Sync with this database
        </label>
        <button type="submit" disabled={busy}>
          Save
        </button>
      </form>
      {message && (
        <p class="message" role="status">
          {message}
        </p>
      )}
      <dl class="sync-status" data-phase={status.phase}>
        <dt>State</dt>
        <dd class="sync-phase">{PHASES[status.phase]}</dd>
        <dt>Last synced</dt>
        <dd class="sync-last">{when(status.lastSynced)}</dd>
        <dt>Changes not yet on the server</dt>
        <dd class="sync-pending">{status.pending}</dd>
      </dl>
      {status.error && (
        <p class="sync-error" role="alert">
          {status.error}
          {status.retryAt ? ` Next try at ${new Date(status.retryAt).toLocaleTimeString()}.` : ''}{' '}
          <button type="button" onClick={act(actions.retry)} disabled={busy}>
            Try again now
          </button>
        </p>
      )}
      {status.removed.length > 0 && (
        <div class="sync-removed">
          <h3>Removed sources</h3>
          <ul>
            {status.removed.map((r) => (
              <li key={r.id}>
                "{r.title}" removed {r.byMe ? 'by you' : 'by a team member'} on {when(r.removedAt)}{' '}
                <button
                  type="button"
                  onClick={act(() => actions.undoRemoval(r.id))}
                  disabled={busy}
                >
                  Undo for everyone
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.merged.length > 0 && (
        <div class="sync-merged">
          <h3>Notes edited by two people at once</h3>
          <ul>
            {status.merged.map((m) => (
              <li key={m.id}>
                "{m.quote}": merged from {m.edits} edits, both kept ({when(m.at)})
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.sourceConflicts.length > 0 && (
        <div class="sync-versions">
          <h3>Sources with two texts</h3>
          <p class="hint">
            Members gave these sources different texts while apart. Your library uses the first; the
            others are kept until someone keeps one text for the whole team.
          </p>
          <ul>
            {status.sourceConflicts.map((c) => (
              <li key={c.id} data-source-id={c.id}>
                <strong>"{c.title}"</strong>
                <ol>
                  {c.versions.map((v, i) => (
                    <li key={i}>
                      <span class="sync-version-who">
                        {i === 0 ? 'In your library: ' : 'Also kept: '}
                        {v.byMe ? 'your text' : "a team member's text"}, {v.chars} characters,{' '}
                        {when(v.updatedAt)}
                      </span>
                      <blockquote class="sync-version-excerpt">{v.excerpt}</blockquote>
                      <button
                        type="button"
                        onClick={act(() => actions.keepVersion(c.id, i))}
                        disabled={busy}
                      >
                        Keep this text for everyone
                      </button>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ul>
        </div>
      )}
      {status.quarantined.length > 0 && (
        <div class="sync-quarantined">
          <h3>Set aside</h3>
          <p class="hint">
            These documents on the server are not in a form Sourcelight writes; they were not
            applied, and nothing here was changed.
          </p>
          <ul>
            {status.quarantined.map((q) => (
              <li key={q.id}>
                {q.id}: {q.problem}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
