// Generates web/regions.json from the engine's region table (engine/src/core/region.cpp), so that
// the page's region pickers use exactly the names the engine knows.
//   node tests/e2e/gen-regions.mjs          writes web/regions.json
//   node tests/e2e/gen-regions.mjs --check  exits 1 if web/regions.json is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = 'engine/src/core/region.cpp';
const outPath = join(root, 'web', 'regions.json');

export function buildRegions(cpp) {
  const re = /RegionName\{\s*(\d{6})\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*\}/g;
  const all = [];
  for (const m of cpp.matchAll(re)) {
    all.push({ code: m[1], zh: m[2], zh_short: m[3], en: m[4], en_short: m[5] });
  }
  if (all.length < 40) throw new Error(`only ${all.length} regions found in ${source}`);
  const provinces = all.filter((r) => r.code.endsWith('0000'));
  const prefectures = all
    .filter((r) => r.code.startsWith('53') && !r.code.endsWith('0000') && r.code.endsWith('00'))
    .map((p) => ({
      ...p,
      counties: all.filter((c) => c.code.slice(0, 4) === p.code.slice(0, 4) && !c.code.endsWith('00')),
    }));
  return {
    comment: `Generated from ${source} by tests/e2e/gen-regions.mjs. Do not edit.`,
    province: provinces.find((p) => p.code === '530000'),
    prefectures,
    provinces,
  };
}

export function regionsText() {
  return JSON.stringify(buildRegions(readFileSync(join(root, source), 'utf8')), null, 1) + '\n';
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
      `${r.prefectures.reduce((n, p) => n + p.counties.length, 0)} counties, ${r.provinces.length} provinces`);
  }
}
