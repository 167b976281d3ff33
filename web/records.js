// Records in several places (issue 19): the periods of coverage.*.history as bars along the years,
// one row per place, with the benefit place today and at retirement (result.records), the
// statutory retirement month and the month in which the minimum years are reached; and the
// pension estimate per base option as "pay X more a month, draw about Y more a month".
// The helpers above the SVG part need no DOM (tests/web/records.test.mjs runs them in Node).

// ---- months -----------------------------------------------------------------------------------

// "2012-01" (or "2012-01-31") -> months since year 0; null when not a year-month.
export function monthIndex(ym) {
  const m = /^(\d{4})-(\d{2})/.exec(String(ym ?? ''));
  if (!m || +m[2] < 1 || +m[2] > 12) return null;
  return +m[1] * 12 + (+m[2] - 1);
}

export function monthText(i) {
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

// The periods of one history as half-open month ranges [start, end): a closed period ends after
// its `to` month (or after `months` months); an open one ("still paying") is paid up to the month
// of as_of and, if paid on, projected to the retirement month. Unreadable periods are left out.
export function periodsOf(history, { asOf, retirement }) {
  const now = monthIndex(asOf), ret = monthIndex(retirement);
  const out = [];
  (history ?? []).forEach((p, index) => {
    const start = monthIndex(p.from);
    if (start === null) return;
    let end, open = false;
    if (p.to !== undefined && p.to !== null && p.to !== '') {
      const to = monthIndex(p.to);
      if (to === null) return;
      end = to + 1;
    } else if (Number.isInteger(p.months)) {
      end = start + p.months;
    } else {
      open = true;
      end = now ?? start;
    }
    out.push({
      index, region: String(p.region ?? ''), start, end: Math.max(start, end), open,
      projectedEnd: open && ret !== null && ret > end ? ret : null,
      resident: p.scheme === 'resident', temporary: p.temporary === true,
    });
  });
  return out;
}

// The month (index) in which `required` months are reached, counting `deemed` months first and then
// the employee periods (paid and projected) in order; null when they are never reached.
export function reachedAt(periods, required, deemed = 0) {
  if (!(required > 0)) return null;
  let acc = deemed;
  if (acc >= required) return null;
  const parts = [];
  for (const p of periods) {
    if (p.resident) continue;
    parts.push([p.start, p.end]);
    if (p.projectedEnd !== null) parts.push([p.end, p.projectedEnd]);
  }
  parts.sort((a, b) => a[0] - b[0]);
  for (const [s, e] of parts) {
    const len = Math.max(0, e - s);
    if (acc + len >= required) return s + (required - acc);
    acc += len;
  }
  return null;
}

// ---- the estimate -----------------------------------------------------------------------------

const cents = (x) => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(x ?? ''));
  if (!m) return null;
  const v = +m[2] * 100 + +(m[3] ?? '0').padEnd(2, '0');
  return m[1] ? -v : v;
};
const yuan = (c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;

// "ratio_0.60" -> 60 (percent of the average wage), or null.
export function optionPercent(id) {
  const m = /^ratio_(\d+(?:\.\d+)?)$/.exec(id ?? '');
  return m ? Math.round(Number(m[1]) * 100) : null;
}

// The options of records.estimate, lowest base first, each with what it costs and pays more than
// the option before it (amounts as the API writes them: "581.20"; exact in cents). The resident
// pension (estimate.resident) comes first when the API gives it: with its figure, the lowest base
// is set against it; without, it carries the API's plain reason (`withheld`).
export function estimateLines(estimate) {
  const opts = (estimate?.options ?? [])
    .filter((o) => cents(o.base) !== null && cents(o.monthly_personal) !== null && cents(o.total) !== null)
    .sort((a, b) => cents(a.base) - cents(b.base));
  if (!opts.length) return [];
  const res = estimate.resident;
  const resTotal = res && !res.withheld ? cents(res.total) : null;
  const out = [];
  if (res) {
    out.push({
      id: res.id ?? 'resident_lowest_grade', resident: true, percent: null, grade: res.grade, subsidy: res.subsidy,
      pay: res.monthly_personal ?? null, total: resTotal !== null ? res.total : null, basic: res.basic, account: res.account,
      drawsFrom: res.draws_from, withheld: res.withheld?.text ?? null, lowest: false, morePay: null, moreTotal: null,
    });
  }
  opts.forEach((o, i) => {
    const before = i ? opts[i - 1] : resTotal !== null && cents(res.monthly_personal) !== null
      ? { monthly_personal: res.monthly_personal, total: res.total } : null;
    out.push({
      id: o.id, percent: optionPercent(o.id), base: o.base, pay: o.monthly_personal, total: o.total,
      basic: o.basic, account: o.account, lowest: i === 0, againstResident: i === 0 && before !== null,
      morePay: before ? yuan(cents(o.monthly_personal) - cents(before.monthly_personal)) : null,
      moreTotal: before ? yuan(cents(o.total) - cents(before.total)) : null,
    });
  });
  return out;
}

// ---- the picture (SVG) ------------------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
function el(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// The lanes: every place of the histories in order of first appearance, and the benefit places
// (today, at retirement) where no lane holds their province.
export function lanesOf(pension, medical, records) {
  const lanes = [];
  const lane = (region) => {
    let l = lanes.find((x) => x.region === region);
    if (!l) { l = { region, pension: [], medical: [], benefit: [] }; lanes.push(l); }
    return l;
  };
  for (const p of pension) lane(p.region).pension.push(p);
  for (const p of medical) lane(p.region).medical.push(p);
  for (const [key, tag] of [['benefit_place', 'today'], ['benefit_place_at_retirement', 'retirement']]) {
    const b = records?.[key];
    if (!b?.region) continue;
    const prov = String(b.province ?? b.region).slice(0, 2);
    // The lane of the region itself, else the last lane in its province, else a lane of its own.
    const l = lanes.find((x) => x.region === b.region) ?? [...lanes].reverse().find((x) => x.region.slice(0, 2) === prov) ?? lane(b.region);
    l.benefit.push(tag);
  }
  return lanes;
}

// profile: the profile sent; result: RESULT.md. t(key, vars) gives UI strings, dur(months) a
// duration and name(code) a region's name. Returns null when the profile has no history.
export function recordsSvg(profile, result, t, dur, name) {
  const cov = profile?.coverage ?? {};
  const ph = cov.pension?.history ?? [], mh = cov.medical?.history ?? [];
  if (!ph.length && !mh.length) return null;
  const records = result.records ?? {};
  const asOf = result.as_of;
  const retirement = result.person?.retirement?.date ?? records.estimate?.retirement;
  const pension = periodsOf(ph, { asOf, retirement });
  const medical = periodsOf(mh, { asOf, retirement });
  const lanes = lanesOf(pension, medical, records);
  const now = monthIndex(asOf), ret = monthIndex(retirement);
  const deemed = (cov.pension?.deemed ?? []).reduce((a, d) => a + (Number.isInteger(d.months) ? d.months : Number.isInteger(d.years) ? d.years * 12 : 0), 0);
  const reqP = result.person?.outlook?.required_months;
  const reqM = records.medical_years?.required_months;
  const atP = reachedAt(pension, reqP, deemed);
  const atM = reachedAt(medical, reqM, 0);

  const all = [...pension, ...medical];
  const first = Math.min(...all.map((p) => p.start), now ?? Infinity);
  const last = Math.max(...all.map((p) => p.projectedEnd ?? p.end), ret ?? -Infinity, now ?? -Infinity);
  const y0 = Math.floor(first / 12), y1 = Math.floor(last / 12) + 1;
  const W = 720, labelW = 170, right = 14;
  const x = (m) => labelW + ((m - y0 * 12) / ((y1 - y0) * 12)) * (W - labelW - right);

  // Marks: today, the minimum years (pension, medical), the retirement month; their labels above
  // the lanes, a label on the first row where it meets no other.
  const marks = [];
  if (now !== null) marks.push({ m: now, cls: 'rc-now', kind: 'today', text: `${t('tl.today')} ${monthText(now)}` });
  if (atP !== null) marks.push({ m: atP, cls: 'rc-min', kind: 'pension-minimum', text: t('rc.minPension', { x: dur(reqP), date: monthText(atP) }) });
  if (atM !== null) marks.push({ m: atM, cls: 'rc-min rc-min-med', kind: 'medical-minimum', text: t('rc.minMedical', { x: dur(reqM), date: monthText(atM) }) });
  if (ret !== null) marks.push({ m: ret, cls: 'rc-retire', kind: 'retirement', text: `${t('tl.retire')} ${monthText(ret)}` });
  // A minimum not reached by retirement: the engine's shortfall, said at the retirement mark.
  const shortP = result.person?.outlook?.shortfall_months, shortM = records.medical_years?.missing_months;
  if (ret !== null && atP === null && shortP > 0) marks.push({ m: ret, cls: 'rc-min', kind: 'pension-short', text: t('rc.shortPension', { x: dur(reqP), y: dur(shortP) }) });
  if (ret !== null && atM === null && shortM > 0) marks.push({ m: ret, cls: 'rc-min rc-min-med', kind: 'medical-short', text: t('rc.shortMedical', { x: dur(reqM), y: dur(shortM) }) });
  const rows = [];
  for (const k of marks) {
    const mx = x(k.m);
    const w = [...k.text].reduce((a, c) => a + (c.charCodeAt(0) > 0x2e80 ? 11 : 6.2), 0);
    k.anchor = mx - w / 2 < labelW ? 'start' : mx + w / 2 > W ? 'end' : 'middle';
    const [a, b] = k.anchor === 'start' ? [mx, mx + w] : k.anchor === 'end' ? [mx - w, mx] : [mx - w / 2, mx + w / 2];
    let r = rows.findIndex((row) => row.every(([c, d]) => b + 8 < c || a > d + 8));
    if (r < 0) { rows.push([]); r = rows.length - 1; }
    rows[r].push([a, b]);
    k.row = r;
  }
  const rowH = 14, top = Math.max(1, rows.length) * rowH + 6, laneH = 28;
  const H = top + lanes.length * laneH + 24;

  const id = 'rc' + Math.random().toString(36).slice(2, 8);
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'records-svg', id: 'records-svg',
    'aria-labelledby': `${id}-title`, preserveAspectRatio: 'xMinYMin meet' });
  svg.append(el('title', { id: `${id}-title` }, t('rc.heading')));
  const defs = el('defs');
  const hatch = el('pattern', { id: `${id}-hatch`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(el('rect', { width: 6, height: 6, class: 'rc-hatch-bg' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'rc-hatch' }));
  defs.append(hatch);
  svg.append(defs);

  // Lanes: the place's name on the left (with the benefit-place tags), its bars on the right.
  lanes.forEach((l, i) => {
    const y = top + i * laneH;
    const g = el('g', { class: 'rc-lane', 'data-region': l.region, 'data-benefit': l.benefit.join(' ') });
    if (i % 2 === 0) g.append(el('rect', { x: 0, y, width: W, height: laneH, class: 'rc-lane-bg' }));
    const label = el('text', { x: 4, y: y + 12, class: 'rc-place' + (l.benefit.length ? ' rc-benefit' : '') }, shorten(name(l.region) || l.region, 13));
    g.append(label);
    if (l.benefit.length) {
      const tag = l.benefit.length === 2 ? t('rc.benefitBoth') : l.benefit[0] === 'today' ? t('rc.benefitToday') : t('rc.benefitRetire');
      g.append(el('text', { x: 4, y: y + 25, class: 'rc-tag' }, `★ ${tag}`));
    }
    for (const p of l.pension) {
      const cls = p.resident ? 'rc-bar rc-resident' : p.temporary ? 'rc-bar rc-temporary' : 'rc-bar rc-employee';
      if (p.end > p.start) {
        g.append(el('rect', { x: x(p.start), y: y + 4, width: Math.max(1.5, x(p.end) - x(p.start)), height: 14, class: cls,
          'data-kind': 'pension', 'data-from': monthText(p.start), 'data-to': monthText(p.end - 1), 'data-index': p.index }));
      }
      if (p.projectedEnd !== null) {
        g.append(el('rect', { x: x(p.end), y: y + 4, width: x(p.projectedEnd) - x(p.end), height: 14, fill: `url(#${id}-hatch)`,
          class: 'rc-bar rc-projected', 'data-kind': 'pension-projected' }));
      }
      if (p.temporary && x(p.end) - x(p.start) > 30) {
        g.append(el('text', { x: x(p.start) + 3, y: y + 15, class: 'rc-inbar' }, t('rc.temporaryShort')));
      }
    }
    for (const p of l.medical) {
      if (p.end > p.start) {
        g.append(el('rect', { x: x(p.start), y: y + 21, width: Math.max(1.5, x(p.end) - x(p.start)), height: 5,
          class: 'rc-med' + (p.resident ? ' rc-med-resident' : ''), 'data-kind': 'medical', 'data-from': monthText(p.start), 'data-to': monthText(p.end - 1) }));
      }
      if (p.projectedEnd !== null) {
        g.append(el('rect', { x: x(p.end), y: y + 21, width: x(p.projectedEnd) - x(p.end), height: 5, class: 'rc-med rc-med-projected', 'data-kind': 'medical-projected' }));
      }
    }
    svg.append(g);
  });

  // Axis in years.
  const axisY = top + lanes.length * laneH + 4;
  svg.append(el('line', { x1: x(y0 * 12), y1: axisY, x2: x(y1 * 12), y2: axisY, class: 'rc-axis' }));
  const span = y1 - y0, step = span > 30 ? 5 : span > 12 ? 2 : 1;
  for (let y = Math.ceil(y0 / step) * step; y <= y1; y += step) {
    svg.append(el('line', { x1: x(y * 12), y1: axisY, x2: x(y * 12), y2: axisY + 4, class: 'rc-axis' }));
    svg.append(el('text', { x: x(y * 12), y: axisY + 16, class: 'rc-year', 'text-anchor': 'middle' }, String(y)));
  }

  for (const k of marks) {
    const mx = x(k.m), ly = (k.row + 1) * rowH;
    svg.append(el('line', { x1: mx, y1: ly + 2, x2: mx, y2: axisY, class: 'rc-mark ' + k.cls, 'data-mark': k.kind, 'data-month': monthText(k.m) }));
    svg.append(el('text', { x: k.anchor === 'start' ? mx + 2 : k.anchor === 'end' ? mx - 2 : mx, y: ly, class: 'rc-mark-label', 'text-anchor': k.anchor }, k.text));
  }
  return { svg, reachedPension: atP, reachedMedical: atM, lanes };
}

// At most what fits the label column: 13 Chinese characters or 26 Latin letters.
function shorten(s, n) {
  const max = /[\u4e00-\u9fff]/.test(s) ? n : n * 2;
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}
