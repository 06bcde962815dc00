import { useEffect, useState } from 'preact/hooks';
import { checkCorrections, type ActorCorrections } from '../../lib/actors/index';
import type {
  ActorList,
  ActorListEntry,
  SourceSummary,
  StoredSource,
  WebAnnotation,
} from '../../lib/messages';
import {
  addActorAlias,
  mergeActorInto,
  removeActorAlias,
  renameActor,
  setActorHidden,
} from './actor-edits';
import type { LibraryActions, PastedSource } from './actions';
import { ActorsSection } from './ActorsSection';
import { AnnotationList } from './AnnotationList';
import { SourceRow } from './SourceRow';

/** Props of the Library page. */
export interface LibraryAppProps {
  actions: LibraryActions;
}

type Notice = { kind: 'ok' | 'error'; text: string; undo?: () => Promise<void> } | null;

const EMPTY_PASTE: PastedSource = { text: '', title: '', outlet: '', url: '', published: '' };

/** Each pasted-article field's visible label and its hint (checked on saving, not by the browser). */
const PASTE_FIELDS: Record<'title' | 'outlet' | 'url' | 'published', [string, string]> = {
  title: ['Title', 'else the first line'],
  outlet: ['Outlet', ''],
  url: ['Address (URL)', ''],
  published: ['Published', 'YYYY-MM-DD'],
};
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The options page "Library": sources (import, paste, edit, remove with undo), export, actor corrections (with undo) and saved annotations. */
export function LibraryApp({ actions }: LibraryAppProps) {
  const [sources, setSources] = useState<SourceSummary[] | null>(null);
  const [defaults, setDefaults] = useState<{ total: number; missing: number }>({
    total: 0,
    missing: 0,
  });
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [paste, setPaste] = useState<PastedSource>(EMPTY_PASTE);
  const [query, setQuery] = useState('');
  const [annotations, setAnnotations] = useState<WebAnnotation[]>([]);
  const [actors, setActors] = useState<ActorList | null>(null);

  const refresh = async () => {
    // Sources and actors load independently: a failing actor list must not hide the sources.
    const loadActors = actions.listActors().then(setActors, (error: unknown) => {
      setActors((old) => old ?? { actors: [], corrections: {} });
      setNotice({ kind: 'error', text: `Could not list the actors: ${message(error)}` });
    });
    try {
      const [list, d] = await Promise.all([actions.list(), actions.defaults()]);
      setSources(list);
      setDefaults(d);
    } catch (error) {
      setNotice({ kind: 'error', text: message(error) });
    }
    await loadActors;
  };
  const refreshAnnotations = async (q = query) => {
    try {
      setAnnotations(await actions.listAnnotations(q));
    } catch (error) {
      setNotice({ kind: 'error', text: message(error) });
    }
  };
  useEffect(() => {
    void refresh();
    void refreshAnnotations('');
  }, []);

  /** Runs a user action, showing its outcome (errors, including a full storage, are always shown); resolves whether it succeeded. */
  const run = async (action: () => Promise<Notice>): Promise<boolean> => {
    setBusy(true);
    try {
      setNotice(await action());
      return true;
    } catch (error) {
      setNotice({ kind: 'error', text: message(error) });
      return false;
    } finally {
      // Stay busy until the lists are fresh: the next actor edit starts from the saved corrections.
      await refresh();
      setBusy(false);
    }
  };

  /** Saves the next actor corrections, offering Undo back to the ones in force before. */
  const correct = (edit: (c: ActorCorrections) => ActorCorrections, done: string) =>
    run(async () => {
      const previous = actors?.corrections ?? {};
      const next = edit(previous);
      const problem = checkCorrections(next);
      if (problem) throw new Error(`That change was not saved: ${problem}.`);
      await actions.saveActorCorrections(next);
      return {
        kind: 'ok',
        text: `${done} Pages you open from now on show the change.`,
        undo: async () => {
          await run(async () => {
            await actions.saveActorCorrections(previous);
            return { kind: 'ok', text: 'Undone: the actor list is as it was before that change.' };
          });
        },
      };
    });
  const named = (a: ActorListEntry) => `“${a.name}”`;

  const importFiles = (files: File[]) =>
    run(async () => {
      const { added, unchanged, skipped = [] } = await actions.importFiles(files);
      const parts = [`Added ${added.length} source${added.length === 1 ? '' : 's'}`];
      if (unchanged.length) parts.push(`${unchanged.length} already in your library`);
      for (const s of skipped) parts.push(`skipped “${s.item}”: ${s.reason}`);
      return { kind: 'ok', text: `${parts.join('; ')}.` };
    });
  /** A file input's change: import what was chosen, and clear the input so the same files can be chosen again. */
  const importChosen = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) void importFiles(files);
  };

  const remove = (source: SourceSummary) =>
    run(async () => {
      const removed: StoredSource = await actions.remove(source.id);
      return {
        kind: 'ok',
        text: `Removed “${source.title}”.`,
        undo: async () => {
          await run(async () => {
            await actions.restore(removed);
            return { kind: 'ok', text: `Restored “${source.title}”.` };
          });
        },
      };
    });

  const deleteAnnotation = (a: WebAnnotation) =>
    run(async () => {
      const gone = await actions.deleteAnnotation(a.id);
      await refreshAnnotations();
      return {
        kind: 'ok',
        text: 'Annotation deleted.',
        undo: gone
          ? async () => {
              await run(async () => {
                await actions.restoreAnnotation(gone);
                await refreshAnnotations();
                return { kind: 'ok', text: 'Annotation restored.' };
              });
            }
          : undefined,
      };
    });

  return (
    <main>
      <header>
        <h1>Sourcelight library</h1>
        <p class="muted">
          Your source articles and saved annotations stay in this browser. Sourcelight compares the
          pages you read with them; no article text leaves your computer.
        </p>
      </header>

      {notice && (
        <div
          class={`notice ${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          <span data-testid={notice.kind === 'error' ? 'error-message' : 'status-message'}>
            {notice.text}
          </span>
          {notice.undo && (
            <button type="button" data-testid="undo" onClick={() => void notice.undo!()}>
              Undo
            </button>
          )}
          <button
            type="button"
            class="dismiss"
            aria-label="Dismiss"
            onClick={() => setNotice(null)}
          >
            ×
          </button>
        </div>
      )}

      <section aria-labelledby="add-heading">
        <h2 id="add-heading">Add sources</h2>
        <label class="file-button">
          Import files…
          <input
            type="file"
            multiple
            accept=".txt,.json,.html,.htm,.rdf,text/plain,application/json,text/html"
            data-testid="import-input"
            disabled={busy}
            onChange={importChosen}
          />
        </label>
        <p class="muted">
          Plain-text articles (.txt, one paragraph per line), with a sources.json describing them if
          you have one; a JSON list of sources; or saved web pages (.html). Everything selected is
          imported together or not at all. You can also save the page you are reading from the
          toolbar popup or the right-click menu.
        </p>
        <label class="button">
          Import a Zotero export folder…
          <input
            type="file"
            {...{ webkitdirectory: '' }}
            data-testid="import-folder"
            disabled={busy}
            onChange={importChosen}
          />
        </label>
        <p class="muted">
          A collection exported from Zotero with its files (Zotero RDF and the files folder), or CSL
          JSON next to a folder of saved pages: metadata from Zotero, text from each snapshot. Items
          without a snapshot are listed as skipped.
        </p>
        <details>
          <summary>Paste an article</summary>
          <form
            class="paste"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                const added = await actions.addPasted(paste);
                setPaste(EMPTY_PASTE);
                return { kind: 'ok', text: `Added “${added.title}”.` };
              });
            }}
          >
            <label class="field">
              Article text <span class="muted">(one paragraph per line)</span>
              <textarea
                rows={8}
                data-testid="paste-text"
                value={paste.text}
                onInput={(e) =>
                  setPaste({ ...paste, text: (e.target as HTMLTextAreaElement).value })
                }
              />
            </label>
            {(['title', 'outlet', 'url', 'published'] as const).map((key) => {
              const [label, hint] = PASTE_FIELDS[key];
              return (
                <label key={key} class="field">
                  {label} {hint && <span class="muted">({hint})</span>}
                  <input
                    data-testid={`paste-${key}`}
                    value={paste[key]}
                    onInput={(e) =>
                      setPaste({ ...paste, [key]: (e.target as HTMLInputElement).value })
                    }
                  />
                </label>
              );
            })}
            <button type="submit" data-testid="paste-save" disabled={busy}>
              Save to library
            </button>
          </form>
        </details>
        {defaults.missing > 0 && (
          <p>
            <button
              type="button"
              data-testid="add-defaults"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const { added } = await actions.addDefaults();
                  return {
                    kind: 'ok',
                    text: `Added ${added} source${added === 1 ? '' : 's'} of the demo library.`,
                  };
                })
              }
            >
              Add the demo library ({defaults.missing} of {defaults.total} source
              {defaults.total === 1 ? '' : 's'} missing)
            </button>
          </p>
        )}
      </section>

      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">
          Sources{' '}
          <span class="muted" data-testid="source-count">
            {sources ? sources.length : '…'}
          </span>
        </h2>
        {sources === null && (
          <p class="muted" role="status">
            Loading your library…
          </p>
        )}
        {sources && sources.length === 0 && (
          <p class="muted">Your library is empty: import or paste source articles above.</p>
        )}
        <ul class="sources">
          {sources?.map((s) => (
            <SourceRow
              key={s.id}
              source={s}
              onRemove={() => void remove(s)}
              onSave={async (changes) => {
                await run(async () => {
                  const saved = await actions.update(s.id, changes);
                  return { kind: 'ok', text: `Saved “${saved.title}”.` };
                });
              }}
            />
          ))}
        </ul>
        <button
          type="button"
          data-testid="export-button"
          onClick={() =>
            void run(async () => {
              actions.download(
                `sourcelight-export-${new Date().toISOString().slice(0, 10)}.json`,
                await actions.exportAll(),
              );
              return {
                kind: 'ok',
                text: 'Exported your sources, annotations, visits and settings as JSON.',
              };
            })
          }
        >
          Export everything (JSON)
        </button>
      </section>

      <ActorsSection
        list={actors}
        busy={busy}
        onRename={(a, name) =>
          correct(
            (c) => renameActor(c, a, name),
            name.trim()
              ? `Renamed ${named(a)} to “${name.trim()}”.`
              : `${named(a)} keeps the name its sources give.`,
          )
        }
        onHidden={(a, hidden) =>
          correct(
            (c) => setActorHidden(c, a, hidden),
            hidden
              ? `Hid ${named(a)}: it is no longer highlighted.`
              : `${named(a)} is shown again.`,
          )
        }
        onAddAlias={(a, alias) =>
          correct(
            (c) => addActorAlias(c, a, alias),
            `Pages that write “${alias.trim()}” now point to ${named(a)}.`,
          )
        }
        onRemoveAlias={(a, alias) =>
          correct(
            (c) => removeActorAlias(c, a, alias),
            `“${alias}” no longer points to ${named(a)}.`,
          )
        }
        onMerge={(absorb, keep) =>
          correct(
            (c) => mergeActorInto(c, absorb, keep),
            `Merged ${named(absorb)} into ${named(keep)}.`,
          )
        }
      />

      <section aria-labelledby="annotations-heading">
        <h2 id="annotations-heading">Annotations</h2>
        <AnnotationList
          annotations={annotations}
          query={query}
          onQuery={(q) => {
            setQuery(q);
            void refreshAnnotations(q);
          }}
          onDelete={(a) => void deleteAnnotation(a)}
        />
        <div class="row-actions">
          <button
            type="button"
            data-testid="annotations-export"
            onClick={() =>
              void run(async () => {
                actions.download(
                  'sourcelight-annotations.jsonld',
                  await actions.exportAnnotations(),
                );
                return {
                  kind: 'ok',
                  text: 'Exported annotations in the W3C Web Annotation format.',
                };
              })
            }
          >
            Export annotations (W3C JSON-LD)
          </button>
          <label class="file-button">
            Import annotations…
            <input
              type="file"
              multiple
              accept=".json,.jsonld,application/json,application/ld+json"
              data-testid="annotations-import"
              onChange={(e) => {
                const input = e.target as HTMLInputElement;
                const files = [...(input.files ?? [])];
                input.value = '';
                if (files.length)
                  void run(async () => {
                    const { added, updated, unchanged } = await actions.importAnnotations(files);
                    await refreshAnnotations();
                    return {
                      kind: 'ok',
                      text: `Imported ${added} new and ${updated} updated annotation${added + updated === 1 ? '' : 's'}${unchanged ? `; ${unchanged} already here unchanged` : ''}.`,
                    };
                  });
              }}
            />
          </label>
        </div>
      </section>
    </main>
  );
}
