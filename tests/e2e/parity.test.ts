/**
 * One matcher, one answer: on every coverage-dev and topical-dev page (../shared/fixtures), the
 * built extension in Chromium highlights exactly the passages `sourcelight match --json` reports
 * for the same page and the same library (the corpus articles), short news briefs included. One
 * browser, the pages in sequence; skipped with a plain reason when ../shared is absent.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ExtensionBrowser,
  launchWithExtension,
  ROOT,
  type StaticServer,
  serveStatic,
} from '../../testkit/harness';
import { OverlayPage } from '../../testkit/overlay-page';
import { describeShared, SHARED_DIR } from '../helpers/shared';

/** The passage kinds (actors are another feature, compared elsewhere). */
const PASSAGE_KINDS = ['verbatim', 'variant', 'paraphrase', 'reuse'] as const;

/** Text with its runs of white space made one space, as a DOM range and extracted text differ there. */
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Each kind's passages, squashed and sorted: what a reader sees, in a comparable form. */
type Passages = Record<(typeof PASSAGE_KINDS)[number], string[]>;

const SETS = ['coverage-dev', 'topical-dev'] as const;

describeShared('the extension highlights what the CLI reports (coverage-dev, topical-dev)', () => {
  const pages = SETS.flatMap((set) => {
    const dir = join(SHARED_DIR!, 'fixtures', set, 'pages');
    return readdirSync(dir)
      .filter((n) => n.endsWith('.html'))
      .sort()
      .map((name) => ({ set, name, file: join(dir, name) }));
  });
  let browser: ExtensionBrowser;
  let server: StaticServer;
  let cli: Map<string, Passages>;

  beforeAll(async () => {
    // The CLI once, on every page: JSON Lines, one document per page in the order given.
    const out = execFileSync(
      process.execPath,
      [
        join(ROOT, 'bin/sourcelight.mjs'),
        'match',
        '--json',
        '--sources',
        join(SHARED_DIR!, 'corpus'),
        ...pages.map((p) => p.file),
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const docs = out
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { matches: { kind: string; pageText: string }[] });
    expect(docs).toHaveLength(pages.length);
    cli = new Map(
      pages.map((p, i) => [
        p.file,
        Object.fromEntries(
          PASSAGE_KINDS.map((k) => [
            k,
            docs[i]!.matches.filter((m) => m.kind === k)
              .map((m) => squash(m.pageText))
              .sort(),
          ]),
        ) as Passages,
      ]),
    );
    browser = await launchWithExtension();
    server = await serveStatic(
      Object.fromEntries(SETS.map((s) => [`/${s}`, join(SHARED_DIR!, 'fixtures', s, 'pages')])),
    );
    // The library holds the corpus only, as the CLI's --sources does: the demo library goes.
    const existing = (await backgroundRequest('library.list', {})) as { id: string }[];
    for (const s of existing) await backgroundRequest('library.remove', { id: s.id });
    const { loadSources } = await import('../../lib/node/load-sources');
    await backgroundRequest('library.import', {
      sources: loadSources(join(SHARED_DIR!, 'corpus')),
      origin: 'file',
      where: 'corpus',
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A request to the background, sent from an extension page (as the popup would). */
  async function backgroundRequest(name: string, payload: unknown): Promise<unknown> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const reply = (await page.evaluate(
      ([n, p]) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
          }
        ).chrome.runtime.sendMessage({ sourcelight: n, payload: p }),
      [name, payload] as const,
    )) as { ok: boolean; value?: unknown; error?: string };
    await page.close();
    if (!reply?.ok) throw new Error(`${name}: ${reply?.error}`);
    return reply.value;
  }

  it('draws, on every page, the passages the CLI reports and no others', async () => {
    const page = await browser.context.newPage();
    const overlay = new OverlayPage(page);
    const differing: { page: string; cli: Passages; drawn: Passages }[] = [];
    let linked = 0;
    for (const p of pages) {
      await page.goto(server.url(`/${p.set}/${p.name}`), { waitUntil: 'domcontentloaded' });
      await overlay.waitSettled(1, 60_000);
      const drawn = {} as Passages;
      for (const k of PASSAGE_KINDS)
        drawn[k] = (await overlay.highlightTexts(k)).map(squash).sort();
      const expected = cli.get(p.file)!;
      linked += PASSAGE_KINDS.reduce((n, k) => n + expected[k].length, 0);
      if (JSON.stringify(drawn) !== JSON.stringify(expected))
        differing.push({ page: `${p.set}/${p.name}`, cli: expected, drawn });
    }
    await page.close();
    // The comparison means something only when the CLI links passages on these pages.
    expect(linked).toBeGreaterThan(0);
    expect(differing).toEqual([]);
  }, 600_000);
});
