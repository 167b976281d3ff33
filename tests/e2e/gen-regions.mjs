// Generates web/regions.json from the region table the engine loads (policies/cn/regions.csv,
// made by scripts/regions/gen-regions.mjs), so that the page's region pickers use exactly the engine's names:
// every province, with its prefectures and their counties (a municipality is its own prefecture;
// a county under its province directly is listed with the prefectures, without counties).
//   node tests/e2e/gen-regions.mjs          writes web/regions.json
//   node tests/e2e/gen-regions.mjs --check  exits 1 if web/regions.json is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = 'policies/cn/regions.csv';
const outPath = join(root, 'web', 'regions.json');

// One CSV line (RFC 4180 quoting) into fields.
function fields(line) {
  const out = [];
  for (let i = 0; i <= line.length;) {
    if (line[i] === '"') {
      let s = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        s += line.slice(j, q);
        if (line[q + 1] === '"') { s += '"'; j = q + 2; continue; }
        i = q + 2;
        break;
      }
      out.push(s);
    } else {
      const c = line.indexOf(',', i);
      const e = c < 0 ? line.length : c;
      out.push(line.slice(i, e));
      i = e + 1;
    }
  }
  return out;
}

// The page's picker lists (compact: [code, zh, en] rows; a prefecture row adds its counties):
//   provinces: [[code, zh, en], ...]
//   prefectures: [[code, zh, en, [[code, zh, en], ...]], ...], province by province (a prefecture's
//   province is its code's first two digits + "0000")
export function buildRegions(csv) {
  const lines = csv.split('\n').filter((l) => l && !l.startsWith('#'));
  const all = lines.slice(1).map(fields)
    .filter((f) => f[7] === '')  // current codes only
    .map(([code, zh, , , en, parent]) => ({ code, zh, en, parent }));
  if (all.length < 3000) throw new Error(`only ${all.length} regions in ${source}`);
  const row = ({ code, zh, en }) => [code, zh, en];
  const provinces = all.filter((r) => r.code.endsWith('0000'));
  const prefectures = [];
  for (const p of provinces) {
    const direct = all.filter((r) => r.parent === p.code && !r.code.endsWith('00'));
    const prefs = all.filter((r) => r.parent === p.code && r.code.endsWith('00'));
    // A municipality (北京市, ...): its districts under the province itself.
    if (prefs.length === 0 && direct.length > 0) {
      prefectures.push([...row(p), direct.map(row)]);
      continue;
    }
    for (const pr of prefs) prefectures.push([...row(pr), all.filter((c) => c.parent === pr.code).map(row)]);
    for (const c of direct) prefectures.push([...row(c), []]);
  }
  return {
    comment: `Generated from ${source} by tests/e2e/gen-regions.mjs. Do not edit.`,
    provinces: provinces.map(row),
    prefectures,
  };
}

export function regionsText() {
  return JSON.stringify(buildRegions(readFileSync(join(root, source), 'utf8'))) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = regionsText();
  if (process.argv.includes('--check')) {
    let old = '';
    try { old = readFileSync(outPath, 'utf8'); } catch { /* missing */ }
    if (old !== text) {
      console.error('web/regions.json is out of date: run node tests/e2e/gen-regions.mjs');
      process.exit(1);
    }
    console.log('web/regions.json is up to date');
  } else {
    writeFileSync(outPath, text);
    const r = JSON.parse(text);
    console.log(`wrote web/regions.json: ${r.prefectures.length} prefectures, ` +
      `${r.prefectures.reduce((n, p) => n + p[3].length, 0)} counties, ${r.provinces.length} provinces`);
  }
}
