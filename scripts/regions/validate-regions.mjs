// Applies the rules of RegionTable::parse (engine/src/core/region.cpp on branch i17a) to a regions.csv.
import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2], 'utf8');
const header = 'code,name,short,pinyin,en,parent,valid_from,valid_to,successor';
const provinces = new Set(['11','12','13','14','15','21','22','23','31','32','33','34','35','36','37','41','42','43','44','45','46','50','51','52','53','54','61','62','63','64','65','71','81','82']);
let seenHeader = false, prev = -1, n = 0; const rows = new Map(); const problems = [];
text.split('\n').forEach((line, i) => {
  if (!line || line.startsWith('#')) return;
  if (!seenHeader) { if (line !== header) problems.push(`line ${i + 1}: bad header`); seenHeader = true; return; }
  const f = []; let cur = '', q = false;
  for (let j = 0; j < line.length; j++) { const c = line[j];
    if (q) { if (c === '"' && line[j+1] === '"') { cur += '"'; j++; } else if (c === '"') q = false; else cur += c; }
    else if (c === '"' && cur === '') q = true; else if (c === ',') { f.push(cur); cur = ''; } else cur += c; }
  f.push(cur);
  if (f.length !== 9) return problems.push(`line ${i + 1}: ${f.length} fields`);
  if (!/^\d{6}$/.test(f[0]) || !provinces.has(f[0].slice(0, 2))) problems.push(`line ${i + 1}: code ${f[0]}`);
  for (const k of [5, 6, 7]) if (f[k] && !/^\d+$/.test(f[k])) problems.push(`line ${i + 1}: field ${k} ${f[k]}`);
  if (!f[1] || !f[4]) problems.push(`line ${i + 1}: name/en empty`);
  if (+f[0] <= prev) problems.push(`line ${i + 1}: not sorted`); prev = +f[0];
  if ((f[7] === '') !== (f[8] === '')) problems.push(`line ${i + 1}: valid_to/successor`);
  rows.set(f[0], f); n++;
});
for (const [c, f] of rows) for (const s of f[8].split(' ').filter(Boolean)) if (!rows.has(s) || rows.get(s)[7]) problems.push(`${c}: successor ${s} not current`);
for (const [c, f] of rows) if (f[5] && !rows.has(f[5])) problems.push(`${c}: parent ${f[5]} missing`);
console.log(`${n} rows, ${problems.length} problems`); problems.slice(0, 20).forEach((p) => console.log(p));
