/**
 * The library lists page notes and orphans by what they are, and replies under the annotation they
 * answer; the popup lists a page's notes, saying when a reply's annotation was deleted. Rendered
 * with Preact into a linkedom document, from the sample Hypothesis export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnnotationList } from '../../components/library/AnnotationList';
import { PageNotes } from '../../components/popup/PageNotes';
import { annotationKind } from '../../lib/anchoring/model';
import { readAnnotationDocuments } from '../../lib/import/annotations';

const data = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/imports/hypothesis-rows.json'), 'utf8'),
);
const { annotations } = readAnnotationDocuments([{ name: 'h.json', data }], () => 'urn:uuid:x');

let root: HTMLElement;
beforeAll(() => {
  const { document, window } = parseHTML(
    '<!doctype html><html><body><div id="app"></div></body></html>',
  );
  Object.assign(globalThis, { document, window });
  root = document.getElementById('app') as unknown as HTMLElement;
});

describe('annotation lists', () => {
  it('puts each reply under the first annotation of its thread, and names page notes and orphans', () => {
    render(
      h(AnnotationList, { annotations, query: '', onQuery: () => {}, onDelete: () => {} }),
      root,
    );
    const rows = [...root.querySelectorAll('[data-testid="annotation-row"]')];
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual([
      'highlight',
      'page-note',
      'highlight',
      'orphan',
      'reply',
    ]);
    const replies = [...rows[0]!.querySelectorAll('[data-testid="annotation-reply"]')];
    expect(replies.map((r) => r.querySelector('.note')?.textContent)).toEqual([
      "The union's count was 3,200; the ministry rounded up.",
      'Agreed — flagged for the correction log.',
    ]);
    expect(rows[1]!.textContent).toContain('Note on the whole page');
    expect(rows[3]!.textContent).toContain('Kept from an import: its selectors (RangeSelector)');
    expect(rows[4]!.textContent).toContain('Reply to an annotation that is no longer here');
  });

  it('shows page notes in the popup as text, markup and all', () => {
    const note = annotations.find((a) => annotationKind(a) === 'page-note')!;
    const hostile = {
      ...note,
      body: [{ ...note.body[0]!, value: '<img src=x onerror=alert(1)> <b>bold?</b>' }],
    };
    const reply = annotations.find((a) => a.id.endsWith('demo007'))!;
    render(h(PageNotes, { notes: [hostile], replies: [reply], unanswered: [reply.id] }), root);
    expect(root.querySelector('img, b')).toBeNull();
    expect(root.querySelector('[data-testid="page-note"]')!.textContent).toBe(
      '<img src=x onerror=alert(1)> <b>bold?</b>',
    );
    expect(root.querySelector('[data-testid="page-reply"]')!.textContent).toBe(
      'Reply to a deleted annotation: Answering a note its author has since deleted.',
    );
  });
});
