import { useEffect, useState } from 'preact/hooks';
import type { SourceSummary, StoredSource, WebAnnotation } from '../../lib/messages';
import type { LibraryActions, PastedSource } from './actions';
import { AnnotationList } from './AnnotationList';
import { SourceRow } from './SourceRow';

/** Props of the Library page. */
export interface LibraryAppProps {
  actions: LibraryActions;
}

type Notice = { kind: 'ok' | 'error'; text: string; undo?: () => Promise<void> } | null;

const EMPTY_PASTE: PastedSource = { text: '', title: '', outlet: '', url: '', published: '' };
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The options page "Library": sources (import, paste, edit, remove with undo), export, and saved annotations. */
export function LibraryApp({ actions }: LibraryAppProps) {
  const [sources, setSources] = useState<SourceSummary[] | null>(null);
  const [defaults, setDefaults] = useState<{ total: number; missing: number }>({ total: 0, missing: 0 });
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [paste, setPaste] = useState<PastedSource>(EMPTY_PASTE);
  const [query, setQuery] = useState('');
  const [annotations, setAnnotations] = useState<WebAnnotation[]>([]);

  const refresh = async () => {
    try {
      const [list, d] = await Promise.all([actions.list(), actions.defaults()]);
      setSources(list);
      setDefaults(d);
    } catch (error) {
      setNotice({ kind: 'error', text: message(error) });
    }
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

  /** Runs a user action, showing its outcome (errors, including a full storage, are always shown). */
  const run = async (action: () => Promise<Notice>) => {
    setBusy(true);
    try {
      setNotice(await action());
    } catch (error) {
      setNotice({ kind: 'error', text: message(error) });
    } finally {
      setBusy(false);
      await refresh();
    }
  };

  const importFiles = (files: File[]) =>
    run(async () => {
      const { added, unchanged } = await actions.importFiles(files);
      const parts = [`Added ${added.length} source${added.length === 1 ? '' : 's'}`];
      if (unchanged.length) parts.push(`${unchanged.length} already in your library`);
      return { kind: 'ok', text: `${parts.join('; ')}.` };
    });

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
          Your source articles and saved annotations stay in this browser. Sourcelight compares the pages you read with them; no article text leaves your
          computer.
        </p>
      </header>

      {notice && (
        <div class={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span data-testid={notice.kind === 'error' ? 'error-message' : 'status-message'}>{notice.text}</span>
          {notice.undo && (
            <button type="button" data-testid="undo" onClick={() => void notice.undo!()}>
              Undo
            </button>
          )}
          <button type="button" class="dismiss" aria-label="Dismiss" onClick={() => setNotice(null)}>
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
            accept=".txt,.json,.html,.htm,text/plain,application/json,text/html"
            data-testid="import-input"
            disabled={busy}
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              const files = [...(input.files ?? [])];
              input.value = '';
              if (files.length) void importFiles(files);
            }}
          />
        </label>
        <p class="muted">
          Plain-text articles (.txt, one paragraph per line), with a sources.json describing them if you have one; a JSON list of sources; or saved web pages
          (.html). Everything selected is imported together or not at all. You can also save the page you are reading from the toolbar popup or the right-click
          menu.
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
            <textarea
              rows={8}
              placeholder="Article text, one paragraph per line"
              data-testid="paste-text"
              value={paste.text}
              onInput={(e) => setPaste({ ...paste, text: (e.target as HTMLTextAreaElement).value })}
            />
            {(['title', 'outlet', 'url', 'published'] as const).map((key) => (
              <input
                key={key}
                placeholder={{ title: 'Title (else the first line)', outlet: 'Outlet', url: 'URL', published: 'Published (YYYY-MM-DD)' }[key]}
                data-testid={`paste-${key}`}
                value={paste[key]}
                onInput={(e) => setPaste({ ...paste, [key]: (e.target as HTMLInputElement).value })}
              />
            ))}
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
                  return { kind: 'ok', text: `Added ${added} source${added === 1 ? '' : 's'} of the demo library.` };
                })
              }
            >
              Add the demo library ({defaults.missing} of {defaults.total} source{defaults.total === 1 ? '' : 's'} missing)
            </button>
          </p>
        )}
      </section>

      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">
          Sources <span class="muted" data-testid="source-count">{sources ? sources.length : '…'}</span>
        </h2>
        {sources && sources.length === 0 && <p class="muted">Your library is empty: import or paste source articles above.</p>}
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
              actions.download(`sourcelight-export-${new Date().toISOString().slice(0, 10)}.json`, await actions.exportAll());
              return { kind: 'ok', text: 'Exported your sources, annotations, visits and settings as JSON.' };
            })
          }
        >
          Export everything (JSON)
        </button>
      </section>

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
                actions.download('sourcelight-annotations.jsonld', await actions.exportAnnotations());
                return { kind: 'ok', text: 'Exported annotations in the W3C Web Annotation format.' };
              })
            }
          >
            Export annotations (W3C JSON-LD)
          </button>
          <label class="file-button">
            Import annotations…
            <input
              type="file"
              accept=".json,.jsonld,application/json,application/ld+json"
              data-testid="annotations-import"
              onChange={(e) => {
                const input = e.target as HTMLInputElement;
                const file = input.files?.[0];
                input.value = '';
                if (file)
                  void run(async () => {
                    const { added, updated } = await actions.importAnnotations(file);
                    await refreshAnnotations();
                    return { kind: 'ok', text: `Imported ${added} new and ${updated} updated annotation${added + updated === 1 ? '' : 's'}.` };
                  });
              }}
            />
          </label>
        </div>
      </section>
    </main>
  );
}
