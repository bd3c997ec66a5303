import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/**
 * The folders of `src/` form a graph by their value imports (`import type` erases at build and does not count).
 * It must have no circle: a folder is a feature module, and Nest modules that import each other in a ring need
 * forwardRef, which hides the order things start in. The composition root (the entry points and AppModule) may
 * import every folder; migrations are their own folder (they read features' code to backfill, nobody imports them).
 */
const SRC = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = /^(main|seed|cli|bootstrap|app\.module)\.ts$|\.cli\.ts$/;

function folderOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  if (parts[0] === 'database' && parts[1] === 'migrations') return 'database/migrations';
  return parts.length > 1 ? parts[0]! : '(root)';
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !ENTRY.test(path.relative(SRC, p)) ? [p] : [];
  });
}

/** folder → folder → the imports that make the edge (for the failure message). */
export function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'(\.{1,2}\/[^']+)'/gm)) {
      if (m[1]) continue;
      const from = folderOf(file);
      const to = folderOf(path.resolve(path.dirname(file), m[2]!));
      if (from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${path.relative(SRC, file)} → ${m[2]}`]);
    }
  }
  return graph;
}

/** Strongly connected components with more than one folder (Tarjan). */
export function circles(graph: Map<string, Map<string, string[]>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('source layout', () => {
  it('has no import circle between folders', () => {
    const graph = folderGraph();
    const report = circles(graph).map((c) =>
      [
        c.join(' ↔ '),
        ...c.flatMap((a) => c.flatMap((b) => (graph.get(a)?.get(b) ?? []).slice(0, 2).map((why) => `  ${a} → ${b}: ${why}`))),
      ].join('\n'),
    );
    expect(report).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const ring = new Map([
      ['a', new Map([['b', ['x']]])],
      ['b', new Map([['c', ['y']]])],
      ['c', new Map([['a', ['z']]])],
      ['d', new Map([['a', ['w']]])],
    ]);
    expect(circles(ring)).toEqual([['a', 'b', 'c']]);
  });
});
