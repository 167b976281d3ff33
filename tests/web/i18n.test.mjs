// The page's own strings (web/i18n.js): English without full-width punctuation, every string in
// both languages, and amounts written as the engine writes them for people. Run: node --test tests/web/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRINGS, formatMoney } from '../../web/i18n.js';

// CJK symbols and punctuation (U+3000–U+303F: 、。「」〔〕 …) and the full-width forms (U+FF00–U+FFEF:
// （），：；！？ …). Chinese characters themselves may appear (a place name, 1992年3月 as typed).
const FULL_WIDTH = /[\u3000-\u303F\uFF00-\uFFEF]/;

test('no English string holds full-width punctuation', () => {
  const bad = Object.entries(STRINGS.en).filter(([, v]) => FULL_WIDTH.test(v)).map(([k, v]) => `${k}: ${v}`);
  assert.deepEqual(bad, []);
});

test('the check finds full-width punctuation where there is some', () => {
  assert.ok(FULL_WIDTH.test('60（delay 3 yr）'));
  assert.ok(FULL_WIDTH.test('Born：'));
  assert.ok(!FULL_WIDTH.test('60 (delay 3 yr)'));
});

test('every string is in both languages', () => {
  const zh = Object.keys(STRINGS.zh).sort();
  const en = Object.keys(STRINGS.en).sort();
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'keys missing in English');
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'keys missing in Chinese');
});

test('money: yuan, separators from 10,000 as money_for_people writes them', () => {
  assert.equal(formatMoney('871.40'), '871.40元');
  assert.equal(formatMoney('9999.99'), '9999.99元');
  assert.equal(formatMoney('10000.00'), '10,000.00元');
  assert.equal(formatMoney('10456.80'), '10,456.80元');
  assert.equal(formatMoney('1234567.00'), '1,234,567.00元');
  assert.equal(formatMoney('-10456.80'), '-10,456.80元');
  assert.equal(formatMoney('0.00', 'en'), '0.00 yuan');
  assert.equal(formatMoney('21789.00', 'en'), '21,789.00 yuan');
  // Not an amount: as it was, never a made-up number.
  assert.equal(formatMoney(''), '');
  assert.equal(formatMoney(undefined), '');
  assert.equal(formatMoney('[1: 2070.00]'), '[1: 2070.00]');
});

test('every transfer kind the engine knows has a label in both languages', async () => {
  // The list the pack compiler accepts (engine/src/policy/compiler.h, kTransferKinds).
  const { readFile } = await import('node:fs/promises');
  const header = await readFile(new URL('../../engine/src/policy/compiler.h', import.meta.url), 'utf8');
  const list = /kTransferKinds = \{([^}]*)\}/.exec(header);
  assert.ok(list, 'kTransferKinds not found in compiler.h');
  const kinds = [...list[1].matchAll(/"([a-z_.]+)"/g)].map((m) => m[1]);
  assert.ok(kinds.length >= 8, `only ${kinds.length} kinds read`);
  for (const lang of ['zh', 'en'])
    for (const k of kinds) assert.ok(STRINGS[lang][`tr.kind.${k}`], `${lang}: no label for transfer kind ${k}`);
});
