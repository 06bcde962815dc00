/**
 * One analysis of an invented page against a library of one invented source, run by a waking
 * service worker while IndexedDB reads its library (the worker's thread would otherwise wait idle).
 * Its first run compiles the matching and actor code and builds the word tables: on the first page
 * after a wake that code ran cold, several times slower than warm. Nothing it derives is kept.
 */
import { analyzeText } from './analyze';
import { createLibrary } from './library';
import type { Source } from './types';

const SOURCE: Source = {
  id: 'warm-up',
  title: 'Ferry service resumes',
  outlet: 'Invented Wire',
  url: null,
  published: '2025-01-02',
  language: 'en',
  text:
    'Transport Minister Ilse Drovak said on Monday that the ferry to Pellmar would run again from March.\n' +
    '"We have repaired both piers and the crews are ready to sail," Drovak told reporters in Sundholm.\n' +
    'The crossing was closed for six weeks after a storm damaged the northern pier.',
};

const PAGE =
  'Ferries return to Pellmar\n' +
  '"We have repaired the piers and the crews are ready," the minister, Ilse Drovak, said.\n' +
  'The crossing was closed for six weeks after a storm damaged the northern pier.\n' +
  'Drovak added that tickets would cost the same as last year.';

let done = false;

/** Runs the invented analysis once per worker; later calls do nothing. */
export function warmUp(): void {
  if (done) return;
  done = true;
  analyzeText(PAGE, createLibrary([SOURCE]));
}
