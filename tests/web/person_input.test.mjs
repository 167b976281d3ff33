// The page's reader of ID-card numbers and birth months against the same cases as the engine's
// (tests/data/person_input_cases.json). Run: node --test tests/web/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIdCard, parseLooseYearMonth, idCardCheckCharacter } from '../../web/person_input.js';

const cases = JSON.parse(readFileSync(fileURLToPath(new URL('../data/person_input_cases.json', import.meta.url)), 'utf8'));

test('every ID-card case reads as the engine reads it', () => {
  assert.ok(cases.id_cards.length >= 10);
  for (const c of cases.id_cards) {
    const got = parseIdCard(c.text);
    if (c.error) {
      assert.deepEqual(got, { ok: false, error: c.error }, c.text);
    } else {
      assert.equal(got.ok, true, `${c.text}: ${got.error}`);
      assert.equal(got.region, c.region, c.text);
      assert.equal(got.birth, c.birth, c.text);
      assert.equal(got.sex, c.sex, c.text);
    }
  }
});

test('the check character of GB 11643', () => {
  assert.equal(idCardCheckCharacter('11010519491231002'), 'X');
  assert.equal(idCardCheckCharacter('11010519491231003'), '8');
  assert.equal(idCardCheckCharacter('1101051949123100'), '');
});

test('every birth-month case reads as the engine reads it', () => {
  assert.ok(cases.year_months.length >= 20);
  for (const c of cases.year_months) assert.equal(parseLooseYearMonth(c.text), c.month ?? null, c.text);
});
