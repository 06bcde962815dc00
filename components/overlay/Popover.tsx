/**
 * The popover of one highlight: the source passage in context, where it comes from, how it was
 * changed, who speaks, and the user's actions. A view: all data and callbacks come as props.
 */
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { sameNamed } from '../../lib/actors/same-name';
import { diffReadable } from '../../lib/diff/compare';
import { KIND_LOOK } from '../../lib/kinds';
import { confidenceWords } from '../../lib/overlay/model';
import { Comparison } from './Comparison';
import { followAnchor } from './popover-placement';
import type { PopoverModel } from './types';
import { WordDiff } from './WordDiff';

/** Props of the popover. */
export interface PopoverProps {
  model: PopoverModel;
  onClose: () => void;
  onSave: () => void;
  onDismiss: () => void;
  onPointerEnter: () => void;
  onPointerLeave: () => void;
}

/** Only http(s) links are offered: a source URL from an imported file could be anything. */
function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The popover dialog for a match or an actor highlight. */
export function Popover({
  model,
  onClose,
  onSave,
  onDismiss,
  onPointerEnter,
  onPointerLeave,
}: PopoverProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { item, anchor } = model;
  useEffect(() => {
    // Keyboard and click openings move focus into the dialog; hover openings leave it where it is.
    if (model.pinned) ref.current?.focus({ preventScroll: true });
  }, [model.pinned, item.id]);
  // Next to its passage, inside the viewport, following it as the page scrolls.
  useLayoutEffect(() => (ref.current ? followAnchor(anchor, ref.current) : undefined), [anchor]);

  const look = KIND_LOOK[item.kind];
  const title = item.kind === 'actor' ? item.actor.name : look.name;
  return (
    <div
      ref={ref}
      class={`popover kind-${item.kind}`}
      role="dialog"
      aria-label={`Sourcelight: ${title}`}
      tabIndex={-1}
      onMouseEnter={onPointerEnter}
      onMouseLeave={onPointerLeave}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header>
        <span class={`swatch kind-${item.kind}`} aria-hidden="true">
          {look.symbol}
        </span>
        <span class="title">
          <strong>{title}</strong>
          {item.kind !== 'actor' && (
            <span class="confidence">{confidenceWords(item.match.score)}</span>
          )}
          {item.kind === 'actor' && <span class="confidence">{look.name}</span>}
        </span>
        <button type="button" class="close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the body scrolls when the viewport is short, and keyboard users must be able to scroll it too */}
      <section class="body" tabIndex={0} aria-label="Details">
        {item.kind !== 'actor' && <p class="meaning">{capitalise(look.meaning)}.</p>}
        {model.loading && <p class="muted">Loading the source…</p>}
        {model.error && <p class="error">{model.error}</p>}
        {item.kind === 'actor' ? <ActorBody model={model} /> : <MatchBody model={model} />}
      </section>
      {item.kind !== 'actor' && (
        <footer>
          <button
            type="button"
            onClick={onSave}
            disabled={model.saved === 'saving' || model.saved === 'saved'}
          >
            {model.saved === 'saved' ? 'Saved' : model.saved === 'saving' ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={onDismiss}>
            Not a match
          </button>
          {model.saved === 'unavailable' && <span class="muted">Saving is not available yet.</span>}
          {model.saved === 'failed' && <span class="error">Could not save.</span>}
        </footer>
      )}
    </div>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function SourceLine({ model }: { model: PopoverModel }) {
  const s = model.source;
  if (!s) return null;
  const href = safeHref(s.url);
  return (
    <p class="source-line">
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {s.title}
        </a>
      ) : (
        <span>{s.title}</span>
      )}
      {s.outlet && <span> · {s.outlet}</span>}
      {s.published && <span> · {s.published}</span>}
    </p>
  );
}

function MatchBody({ model }: { model: PopoverModel }) {
  if (model.item.kind === 'actor') return null;
  const m = model.item.match;
  const speakerDiffers =
    m.speaker.page && m.speaker.source && !sameNamed(m.speaker.page, m.speaker.source);
  return (
    <>
      {m.via === 'meaning' && (
        <p class="via-meaning" role="note">
          Linked through meaning only, similarity {m.score.toFixed(2)}: the words differ, but the
          on-device sentence model reads the same claim, and no negation, opposite word, figure,
          speaker or name tells them apart.
        </p>
      )}
      <SourceLine model={model} />
      <blockquote class="passage" aria-label="Source passage with context">
        {model.context ? (
          <>
            {model.context.before && <span class="context">{model.context.before}</span>}
            <mark class={`kind-${m.kind}`}>{model.context.passage}</mark>
            {model.context.after && <span class="context">{model.context.after}</span>}
          </>
        ) : (
          <mark class={`kind-${m.kind}`}>{m.sourceText}</mark>
        )}
      </blockquote>
      <h3>Page against source</h3>
      {m.kind === 'verbatim' || diffReadable(model.diff) || !model.comparison ? (
        <WordDiff parts={model.diff} />
      ) : (
        <Comparison comparison={model.comparison} here="on this page" />
      )}
      {(m.speaker.page || m.speaker.source) && (
        <p class="speaker">
          Speaker: on this page {m.speaker.page ?? 'not named'}; in the source{' '}
          {m.speaker.source ?? 'not named'}.
        </p>
      )}
      {speakerDiffers && (
        <p class="warning" role="note">
          Attribution differs: the page and the source name different speakers.
        </p>
      )}
      {m.divergences.length > 0 && (
        <ul class="divergences" aria-label="Numbers that differ">
          {m.divergences.map((d, i) => (
            <li key={i}>
              {d.what}: page says <strong>{d.page}</strong>, source says <strong>{d.source}</strong>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ActorBody({ model }: { model: PopoverModel }) {
  if (model.item.kind !== 'actor') return null;
  const actor = model.item.actor;
  const details = model.actor;
  const role = details?.role ?? actor.role;
  const count = details?.sourceCount ?? actor.sourceIds.length;
  return (
    <>
      <p>
        {actor.type === 'person' ? 'Person' : 'Organisation'}
        {role ? `: ${role}` : ''}
      </p>
      <p>
        Named in {count} of your source{count === 1 ? '' : 's'}.
      </p>
      {details && details.quotes.length > 0 && (
        <>
          <h3>Their words in your sources</h3>
          {details.quotes.map((g) => (
            <section key={g.sourceTitle} class="quote-group">
              <p class="source-line">{g.sourceTitle}</p>
              <ul class="quotes">
                {g.quotes.map((q, i) => (
                  <li key={i}>
                    <q>{q}</q>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </>
  );
}
