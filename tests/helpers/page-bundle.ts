/**
 * Our own modules bundled for a plain page, as the content script bundles them: the e2e tests
 * that check a DOM walk against Chromium's own DOM add the bundle to a page of their choosing.
 */
import { build } from 'esbuild';
import { ROOT } from '../../testkit/harness';

/** `source` (imports relative to the repository root) as one script for a page. */
export async function pageBundle(source: string): Promise<string> {
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
  });
  return out.outputFiles[0]!.text;
}
