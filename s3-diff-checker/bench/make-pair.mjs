// Writes a deterministic text pair for the benchmark: <old> of about <bytes> bytes, and <new> with about 1% of its
// lines changed (a third edited, a third deleted, a third replaced by an inserted line).
// usage: node make-pair.mjs <bytes> <old-file> <new-file>
import { writeFileSync } from 'node:fs';

const [bytes, oldFile, newFile] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
let seed = 0x5eed1234;
function random() { // mulberry32: small, fast, reproducible
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet',
  'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra', 'tango', 'total', 'count',
  'region', 'eu-west-1', 'us-east-1', '42', '3.14', 'true', 'false', 'null'];
function line(n) {
  const parts = [`${n}:`];
  const count = 6 + Math.floor(random() * 10);
  for (let i = 0; i < count; i++) parts.push(words[Math.floor(random() * words.length)]);
  return parts.join(' ');
}

const oldLines = [];
let size = 0;
while (size < bytes) {
  const l = line(oldLines.length);
  oldLines.push(l);
  size += Buffer.byteLength(l) + 1;
}
const newLines = [];
let changed = 0;
for (const l of oldLines) {
  if (random() >= 0.01) { newLines.push(l); continue; }
  changed++;
  const kind = Math.floor(random() * 3);
  if (kind === 0) newLines.push(l.replace(/ \S+$/, ' CHANGED'));
  else if (kind === 2) newLines.push(`inserted ${line(-1)}`);
  // kind 1: deleted
}
writeFileSync(oldFile, oldLines.join('\n') + '\n');
writeFileSync(newFile, newLines.join('\n') + '\n');
console.log(JSON.stringify({ bytes: size, lines: oldLines.length, changedLines: changed }));
