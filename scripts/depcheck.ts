/**
 * The import-graph check (`npm run depcheck`, run by CI): dependency-cruiser reads every import of
 * the tree, then three rules hold or the run fails with the offending imports listed.
 *
 * - No file imports itself through a chain (no file cycles).
 * - No two folders import each other, directly or through other folders (no folder loops). A
 *   folder is `lib/<name>`, `components/<name>`, `entrypoints/<name>`, `tests/<name>` or a top
 *   folder (`bench`, `scripts`, `testkit`); a file directly in `lib/` counts on its own.
 *   dependency-cruiser's rules see files, not folders, so this one is computed here from its output.
 * - The algorithm folders (match, text, actors, coverage, anchoring, diff) never import the platform
 *   folders (db, dom, overlay, messaging, node glue), the extension's code, Node built-ins or the
 *   extension framework, so the CLI, the tests and the extension run the same pure core.
 *
 * dependency-cruiser's command line refuses Node 20; its API, used here, runs on it.
 */
import { cruise, type ICruiseResult, type IReporterOutput } from 'dependency-cruiser';

const ROOTS = ['lib', 'components', 'entrypoints', 'bench', 'scripts', 'testkit', 'tests'];
const ALGORITHMS = '^lib/(match|text|actors|coverage|anchoring|diff)/';
const PLATFORM =
  '^(lib/(db|dom|overlay|messaging|node|import)/|lib/extract(-offpage)?\\.ts$|components/|entrypoints/)';

/**
 * Folder loops that another branch of this wave removes (text <-> actors: lib/text/attribution.ts
 * is being split by job). Listed so this check can run in CI meanwhile; an entry that no longer
 * occurs fails the run, so the list cannot go stale.
 */
const PENDING_LOOPS: string[][] = [];

/** The folder a module belongs to for the loop rule. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  if (['lib', 'components', 'entrypoints', 'tests'].includes(parts[0]!) && parts.length > 2)
    return `${parts[0]}/${parts[1]}`;
  return parts[0] === 'lib' ? path : parts[0]!;
}

/** Strongly connected groups of more than one folder (Tarjan), each sorted, in a stable order. */
export function folderLoops(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) loops.push(group.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return loops.sort((a, b) => a.join().localeCompare(b.join()));
}

async function main(): Promise<number> {
  const result: IReporterOutput = await cruise(ROOTS, {
    exclude: { path: '(^|/)node_modules/|\\.d\\.ts$|/generated/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    validate: true,
    ruleSet: {
      forbidden: [
        {
          name: 'no-file-cycles',
          severity: 'error',
          from: {},
          to: { circular: true },
        },
        {
          name: 'pure-core',
          comment: 'algorithm folders import no platform code',
          severity: 'error',
          from: { path: ALGORITHMS },
          to: { path: PLATFORM },
        },
        {
          name: 'pure-core-no-runtime',
          comment: 'algorithm folders use no Node built-ins and no extension framework',
          severity: 'error',
          from: { path: ALGORITHMS },
          to: { dependencyTypes: ['core'] },
        },
        {
          name: 'pure-core-no-framework',
          severity: 'error',
          from: { path: ALGORITHMS },
          to: { path: '(^|/)node_modules/(wxt|idb|preact|playwright-core|linkedom)/' },
        },
      ],
    },
  } as never);
  const output = result.output as ICruiseResult;
  const problems: string[] = [];
  for (const v of output.summary.violations) {
    const via = v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => c.name).join(' -> ')})` : '';
    problems.push(`${v.rule.name}: ${v.from} -> ${v.to}${via}`);
  }

  const edges = new Map<string, Set<string>>();
  const example = new Map<string, string>();
  let files = 0;
  for (const m of output.modules) {
    if (!ROOTS.some((r) => m.source.startsWith(`${r}/`))) continue;
    files++;
    const from = folderOf(m.source);
    if (!edges.has(from)) edges.set(from, new Set());
    for (const d of m.dependencies) {
      if (!ROOTS.some((r) => d.resolved.startsWith(`${r}/`))) continue;
      const to = folderOf(d.resolved);
      if (to === from) continue;
      edges.get(from)!.add(to);
      if (!example.has(`${from} ${to}`))
        example.set(`${from} ${to}`, `${m.source} -> ${d.resolved}`);
    }
  }
  const pending = new Set(PENDING_LOOPS.map((l) => [...l].sort().join(' <-> ')));
  const seen = new Set<string>();
  for (const loop of folderLoops(edges)) {
    const name = loop.join(' <-> ');
    seen.add(name);
    if (pending.has(name)) {
      console.log(`pending (being removed on another branch): folder loop ${name}`);
      continue;
    }
    const members = new Set(loop);
    const via = [...example.entries()]
      .filter(([k]) => {
        const [a, b] = k.split(' ');
        return members.has(a!) && members.has(b!);
      })
      .map(([, e]) => `\n    ${e}`)
      .join('');
    problems.push(`folder loop: ${name}, for example:${via}`);
  }
  for (const name of pending)
    if (!seen.has(name))
      problems.push(`the pending folder loop ${name} is gone: remove it from PENDING_LOOPS`);

  if (problems.length) {
    console.error(`depcheck: ${problems.length} problem(s) in ${files} files`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  console.log(
    `depcheck: ${files} files, ${edges.size} folders: no file cycles, no folder loops, pure core imports no platform code`,
  );
  return 0;
}

process.exitCode = await main();
