// The page's reading of records in several places (web/records.js): periods as month ranges, the
// month in which the minimum years are reached, the lanes and benefit-place tags, and the estimate
// lines ("pay X more a month, draw about Y more"). Run: node --test tests/web/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { monthIndex, monthText, periodsOf, reachedAt, estimateLines, optionPercent, lanesOf } from '../../web/records.js';

// A rider: Shenzhen 2014-01..2019-12 (employee), Lincang 2020-01..2022-12 (resident), Kunming from
// 2023-01 and still paying; as_of 2026-11-28, statutory retirement 2057-07.
const history = [
  { region: '440305', from: '2014-01', to: '2019-12' },
  { region: '530902', from: '2020-01', to: '2022-12', scheme: 'resident' },
  { region: '530102', from: '2023-01' },
];
const when = { asOf: '2026-11-28', retirement: '2057-07' };

test('year-months as month numbers and back', () => {
  assert.equal(monthIndex('2014-01') + 71, monthIndex('2019-12'));
  assert.equal(monthText(monthIndex('2057-07')), '2057-07');
  assert.equal(monthText(monthIndex('2026-11-28')), '2026-11');
  assert.equal(monthIndex('2014-13'), null);
  assert.equal(monthIndex('14-01'), null);
  assert.equal(monthIndex(undefined), null);
});

test('periods: closed, by months, and open (paid to as_of, projected to retirement)', () => {
  const ps = periodsOf([...history, { region: '110105', from: '2010-03', months: 5 }], when);
  assert.equal(ps.length, 4);
  const [sz, lc, km, bj] = ps;
  assert.equal(sz.end - sz.start, 72);
  assert.equal(sz.resident, false);
  assert.equal(sz.projectedEnd, null);
  assert.equal(lc.resident, true);
  assert.equal(lc.end - lc.start, 36);
  // 2023-01 up to (not including) the month of as_of: 46 months paid, as the engine counts them.
  assert.equal(km.open, true);
  assert.equal(km.end - km.start, 46);
  assert.equal(monthText(km.projectedEnd), '2057-07');
  assert.equal(bj.end - bj.start, 5);
  // Unreadable periods are left out, not guessed.
  assert.deepEqual(periodsOf([{ region: '440305', from: '2014' }, { region: '440305', from: '2014-01', to: 'x' }], when), []);
});

test('the minimum years: the month they are reached, resident periods not counted', () => {
  const ps = periodsOf(history, when);
  // 72 months in Shenzhen; 240 - 72 = 168 more from 2023-01: reached with the month 2037-01.
  assert.equal(monthText(reachedAt(ps, 240)), '2037-01');
  // Kunming's medical minimum for men (30 years): 360 - 72 = 288 from 2023-01.
  assert.equal(monthText(reachedAt(ps, 360)), '2047-01');
  // Deemed years count first: 10 deemed years leave 240 - 120 - 72 = 48 from 2023-01.
  assert.equal(monthText(reachedAt(ps, 240, 120)), '2027-01');
  // All months paid and projected: 72 + 46 + 368 = 486; one more is never reached.
  assert.notEqual(reachedAt(ps, 486), null);
  assert.equal(reachedAt(ps, 487), null);
  assert.equal(reachedAt(ps, undefined), null);
  // A closed history that stops short of the minimum.
  assert.equal(reachedAt(periodsOf(history.slice(0, 2), when), 240), null);
});

test('lanes: one per place, the benefit place tagged where its province has a lane', () => {
  const ps = periodsOf(history, when);
  const records = {
    benefit_place: { region: '530102', province: '530000' },
    benefit_place_at_retirement: { region: '530000', province: '530000' },
  };
  const lanes = lanesOf(ps, periodsOf([{ region: '440305', from: '2014-01', to: '2019-12' }], when), records);
  assert.deepEqual(lanes.map((l) => l.region), ['440305', '530902', '530102']);
  assert.equal(lanes[0].medical.length, 1);
  assert.deepEqual(lanes[2].benefit, ['today', 'retirement']);
  // A benefit place where nothing was paid (the hukou place) gets a lane of its own.
  const own = lanesOf(ps.slice(0, 1), [], { benefit_place: { region: '510100', province: '510000' } });
  assert.deepEqual(own.map((l) => [l.region, l.benefit]), [['440305', []], ['510100', ['today']]]);
});

test('estimate lines: each option against the one before it, exact in cents', () => {
  // The Kunming rider's records.estimate (shebao evaluate, as_of 2026-11-28).
  const estimate = {
    options: [
      { id: 'ratio_3.00', base: '21789.00', monthly_personal: '4357.80', basic: '5069.20', account: '5482.63', total: '10551.83' },
      { id: 'ratio_0.60', base: '4357.00', monthly_personal: '871.40', basic: '2027.54', account: '1096.33', total: '3123.87' },
      { id: 'ratio_1.00', base: '7263.00', monthly_personal: '1452.60', basic: '2534.60', account: '1827.54', total: '4362.14' },
    ],
  };
  const lines = estimateLines(estimate);
  assert.deepEqual(lines.map((l) => l.id), ['ratio_0.60', 'ratio_1.00', 'ratio_3.00']);
  assert.deepEqual(lines.map((l) => l.percent), [60, 100, 300]);
  assert.equal(lines[0].lowest, true);
  assert.equal(lines[0].morePay, null);
  // 1452.60 - 871.40 and 4362.14 - 3123.87; 4357.80 - 1452.60 and 10551.83 - 4362.14.
  assert.deepEqual([lines[1].morePay, lines[1].moreTotal], ['581.20', '1238.27']);
  assert.deepEqual([lines[2].morePay, lines[2].moreTotal], ['2905.20', '6189.69']);
  assert.equal(lines[2].total, '10551.83');
  // The resident pension first; the lowest base set against it (871.40 - 25.00, 3123.87 - 231.29).
  const withResident = estimateLines({ ...estimate, resident: { id: 'resident_lowest_grade', grade: '300.00', subsidy: '35.00',
    monthly_personal: '25.00', total: '231.29', basic: '163.00', account: '68.29', draws_from: '2054-05', withheld: null } });
  assert.deepEqual(withResident.map((l) => l.id), ['resident_lowest_grade', 'ratio_0.60', 'ratio_1.00', 'ratio_3.00']);
  assert.equal(withResident[0].resident, true);
  assert.deepEqual([withResident[1].morePay, withResident[1].moreTotal, withResident[1].againstResident], ['846.40', '2892.58', true]);
  assert.deepEqual([withResident[2].morePay, withResident[2].againstResident], ['581.20', false]);
  // Withheld: its reason, and the lowest base stands alone.
  const withheld = estimateLines({ ...estimate, resident: { id: 'resident_lowest_grade', withheld: { code: 'no_local_parameters', text: '没有查到' } } });
  assert.equal(withheld[0].withheld, '没有查到');
  assert.equal(withheld[0].total, null);
  assert.equal(withheld[1].morePay, null);
  assert.deepEqual(estimateLines(undefined), []);
  assert.deepEqual(estimateLines({ options: [{ id: 'ratio_0.60', base: 'x', monthly_personal: '1', total: '1' }] }), []);
  assert.equal(optionPercent('ratio_0.60'), 60);
  assert.equal(optionPercent('resident_grade_300'), null);
});
