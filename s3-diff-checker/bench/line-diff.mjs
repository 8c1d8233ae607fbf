// The best JavaScript line diff to compare the checker's line diff with: npm diff's createTwoFilesPatch (a unified
// diff with 3 lines of context, as the checker writes). Times reading both files plus the diff: the first call in
// a fresh Node process, then a second, warmed-up call.
// usage: node line-diff.mjs <old-file> <new-file>
import { readFileSync } from 'node:fs';
import { createTwoFilesPatch } from 'diff';

function run() {
  const start = process.hrtime.bigint();
  const before = readFileSync(process.argv[2], 'utf8');
  const after = readFileSync(process.argv[3], 'utf8');
  const patch = createTwoFilesPatch('old', 'new', before, after, '', '', { context: 3 });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, patch };
}

const first = run();
const warm = run();
const lines = warm.patch.split('\n');
console.log(JSON.stringify({
  firstMs: Math.round(first.ms),
  warmMs: Math.round(warm.ms),
  addedLines: lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length,
  removedLines: lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length,
}));
