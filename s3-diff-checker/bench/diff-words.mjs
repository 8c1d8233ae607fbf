// The public sample's approach: read both versions whole, decode as UTF-8, run npm diff's diffWords.
// Prints the time spent reading both files and in diffWords (one call: the sample diffs once per invocation) and
// the number of added/removed parts.
// usage: node diff-words.mjs <old-file> <new-file>
import { readFileSync } from 'node:fs';
import { diffWords } from 'diff';

const start = process.hrtime.bigint();
const before = readFileSync(process.argv[2], 'utf8');
const after = readFileSync(process.argv[3], 'utf8');
const parts = diffWords(before, after);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const added = parts.filter((p) => p.added).length;
const removed = parts.filter((p) => p.removed).length;
console.log(JSON.stringify({ ms: Math.round(ms), addedParts: added, removedParts: removed }));
