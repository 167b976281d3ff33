// End-to-end test of the service-window page (web/) in Debian's Chromium, driven by playwright-core,
// against the real `shebao serve`.
//
//   node tests/e2e/page.test.mjs [--shebao BIN] [--out DIR]
//     BIN  the shebao executable (default $SHEBAO_BIN, else build-asan/bin/shebao)
//     DIR  where screenshots go (default $SHEBAO_E2E_OUT, else build-asan/e2e-screenshots)
//
// For each example profile in examples/ it fills the form with the keyboard alone, submits with
// Enter, and checks what the page shows against the API's JSON for the same profile. It also checks
// a validation message, the language switch, the print view, "copy JSON", the focus order and
// styles, and the time from submitting to the rendered answer.
// Exit: 0 all passed, 1 a failure, 77 skipped (no Chromium). Last line: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepStrictEqual } from 'node:assert/strict';
import { chromium } from 'playwright-core';
import YAML from 'yaml';
import { STRINGS, formatMoney } from '../../web/i18n.js';
import { idCardCheckCharacter } from '../../web/person_input.js';
import { regionsText } from './gen-regions.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const argv = process.argv.slice(2);
const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const BIN = resolve(arg('--shebao') ?? process.env.SHEBAO_BIN ?? join(root, 'build-asan/bin/shebao'));
const OUT = resolve(arg('--out') ?? process.env.SHEBAO_E2E_OUT ?? join(root, 'build-asan/e2e-screenshots'));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WEB = join(root, 'web');
const EXAMPLES = join(root, 'examples');
const LIMIT_MS = 100;
// The office printed at the foot of the answer (serve --office-*).
const OFFICE = { name: '测试区社会保险服务窗口', address: '测试路1号', phone: '0000-1234567' };
const OFFICE_ARGS = ['--office-name', OFFICE.name, '--office-address', OFFICE.address, '--office-phone', OFFICE.phone];

// ---- a tiny runner ----------------------------------------------------------------------------

let passed = 0, failed = 0;
const notes = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n  ')}`);
  }
}
function check(cond, message) { if (!cond) throw new Error(message); }
function finish(code) {
  for (const n of notes) console.log(`# ${n}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed ? 1 : 0));
}

if (!existsSync(CHROMIUM)) {
  console.log(`SKIP: ${CHROMIUM} not found (Debian package chromium; scripts/install-deps.sh installs it)`);
  console.log('0 passed, 0 failed, 1 skipped');
  process.exit(77);
}
if (!existsSync(BIN)) {
  console.log(`not ok - the shebao executable ${BIN} does not exist (build it, or pass --shebao BIN)`);
  failed++;
  finish(1);
}
const watchdog = setTimeout(() => { console.log('not ok - the whole test took longer than 280 s'); failed++; finish(1); }, 280_000);

// ---- the server -------------------------------------------------------------------------------

function startServer() {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--web', WEB, ...OFFICE_ARGS], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    const timer = setTimeout(() => reject(new Error(`shebao serve printed no "listening on" line within 30 s; stderr: ${err.slice(-500)}`)), 30_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:(\d+))/);
      if (m) { clearTimeout(timer); resolvePromise({ proc, base: m[1], stderr: () => err }); }
    });
    proc.stderr.on('data', (d) => { err = (err + d).slice(-20_000); });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`shebao serve exited with ${code}: ${err.slice(-800)}`)); });
  });
}

async function api(base, profile, lang = 'zh') {
  const res = await fetch(`${base}/v1/evaluate?lang=${lang}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(profile),
  });
  return { status: res.status, body: await res.json() };
}

// ---- driving the page with the keyboard -------------------------------------------------------

const idOf = (path) => 'f-' + path.replace(/\./g, '-');

async function activeId(page) { return page.evaluate(() => document.activeElement?.id ?? ''); }

// Presses Tab until the element with this id has the focus (it must come later in the tab order).
async function tabTo(page, id, max = 60) {
  for (let i = 0; i <= max; i++) {
    if ((await activeId(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id} (stuck at #${await activeId(page)})`);
}

async function typeInto(page, id, text) {
  await tabTo(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  const v = await page.inputValue('#' + id);
  check(v === text, `#${id} holds "${v}", typed "${text}"`);
}

async function chooseByKeys(page, id, value) {
  await tabTo(page, id);
  const { from, to } = await page.evaluate(([sid, v]) => {
    const s = document.getElementById(sid);
    return { from: s.selectedIndex, to: [...s.options].findIndex((o) => o.value === v) };
  }, [id, value]);
  check(to >= 0, `#${id} has no option "${value}"`);
  const key = to > from ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i < Math.abs(to - from); i++) await page.keyboard.press(key);
  const v = await page.inputValue('#' + id);
  check(v === value, `#${id} is "${v}" after the arrow keys, wanted "${value}"`);
}

// A region through the picker's search box (GET v1/regions): the code typed, the first match taken
// with Enter; the prefecture and county lists must then hold it.
async function searchRegion(page, id, text) {
  await typeInto(page, id + '-search', text);
  await page.waitForSelector(`#${id}-found [role=option]`, { timeout: 5000 });
  const first = await page.$eval(`#${id}-found [role=option]`, (li) => ({ code: li.dataset.code, text: li.textContent }));
  await page.keyboard.press('Enter');
  return first;
}

async function fillRegion(page, id, code, regions) {
  if (!/^\d{6}$/.test(code)) {  // not a code the search knows: "elsewhere", the text typed as is
    await tabTo(page, id + '-pref');
    await page.keyboard.press('End');
    check((await page.inputValue(`#${id}-pref`)) === 'other', `End did not choose "elsewhere" in #${id}-pref`);
    await typeInto(page, id + '-code', code);
    return;
  }
  const first = await searchRegion(page, id, code);
  check(first.code === code, `searching ${code} offered ${first.code} first`);
  const pref = regions.prefectures.find((p) => p[0] === code || p[3].some((c) => c[0] === code));
  const got = await page.evaluate((i) => ({ pref: document.getElementById(i + '-pref').value,
    county: document.getElementById(i + '-county').value, other: document.getElementById(i + '-code').value }), id);
  if (!pref) check(got.pref === 'other' && got.other === code, `#${id}: ${JSON.stringify(got)} for ${code}`);
  else check(got.pref === pref[0] && (code === pref[0] || got.county === code), `#${id}: ${JSON.stringify(got)} for ${code}`);
}

function leaves(obj, prefix = '') {
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    const p = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...leaves(v, p));
    else out.push(p);
  }
  return out;
}
const getPath = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

// A field folded under "更多" (a closed <details>): its summary is reached with Tab and opened with Enter.
async function unfold(page, wrapId) {
  const toggle = await page.evaluate((w) => {
    const d = document.getElementById(w).closest('details');
    return d && !d.open ? d.querySelector('summary').id : null;
  }, wrapId);
  if (!toggle) return;
  await tabTo(page, toggle);
  await page.keyboard.press('Enter');
  check(await page.evaluate((w) => document.getElementById(w).closest('details').open, wrapId), `Enter did not open #${toggle}`);
}

// Fills the form for `profile` with the keyboard only, field after field in tab order.
async function fillByKeyboard(page, profile, regions) {
  const fields = await page.$$eval('[data-path]', (els) => els.map((e) => ({ path: e.dataset.path, kind: e.dataset.kind })));
  const used = new Set();
  const histories = ['pension', 'medical'].filter((k) => profile.coverage?.[k]?.history?.length);
  for (const { path, kind } of fields) {
    // The periods' rows come after the coverage fields, before the choices.
    if (histories.length && (path.startsWith('choices.') || path === 'as_of')) {
      await fillHistories(page, profile, regions);
      for (const k of histories.splice(0)) used.add(`coverage.${k}.history`);
    }
    const value = getPath(profile, path);
    if (value === undefined || value === null) continue;
    used.add(path);
    const id = idOf(path);
    const hidden = await page.evaluate((w) => document.getElementById(w).hidden, 'wrap-' + id);
    if (kind === 'checkbox' && value === false) {
      check(hidden || !(await page.isChecked('#' + id)), `#${id} should start unchecked`);
      continue;  // unchecked is false; PROFILE.md's default
    }
    check(!hidden, `the field ${path} is hidden although the profile gives it (${JSON.stringify(value)})`);
    await unfold(page, 'wrap-' + id);
    switch (kind) {
      case 'text': await typeInto(page, id, String(value)); break;
      case 'number': {
        const text = path === 'choices.pension_base_ratio' ? String(Number((value * 100).toFixed(6))) : String(value);
        await typeInto(page, id, text);
        break;
      }
      case 'select': await chooseByKeys(page, id, String(value)); break;
      case 'radio': {
        const first = await page.$eval(`#${id} input[type=radio]`, (r) => r.id);
        await tabTo(page, first);
        const ids = await page.$$eval(`#${id} input[type=radio]`, (rs) => rs.map((r) => r.value));
        const n = ids.indexOf(String(value));
        check(n >= 0, `no radio ${value} for ${path}`);
        if (n === 0) await page.keyboard.press('Space');
        for (let i = 0; i < n; i++) await page.keyboard.press('ArrowRight');
        check(await page.isChecked(`#${id}-${value}`), `radio ${path}=${value} not checked`);
        break;
      }
      case 'checkbox':
        await tabTo(page, id);
        await page.keyboard.press('Space');
        check(await page.isChecked('#' + id), `#${id} not checked by Space`);
        break;
      case 'region': await fillRegion(page, id, String(value), regions); break;
      case 'platform': {
        const known = await page.$$eval(`#${id} option`, (os) => os.map((o) => o.value));
        if (known.includes(String(value))) await chooseByKeys(page, id, String(value));
        else { await chooseByKeys(page, id, '*other'); await typeInto(page, id + '-other', String(value)); }
        break;
      }
      default: throw new Error(`unknown field kind ${kind} for ${path}`);
    }
  }
  const missing = leaves(profile).filter((p) => !p.startsWith('extra') && !used.has(p));
  check(missing.length === 0, `the form has no field for ${missing.join(', ')}`);
}

// coverage.pension.history / coverage.medical.history with the keyboard: the folded "add a period"
// opened with Enter (it offers one pension row), a row added with Enter on "add", then per row the
// region's search box, from, to or "still paying", the scheme and the temporary account.
async function fillHistories(page, profile, regions) {
  await tabTo(page, 'history-toggle');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#hist-pension-rows > li', { timeout: 5000 });
  for (const kind of ['pension', 'medical']) {
    const periods = profile.coverage?.[kind]?.history ?? [];
    for (let i = 0; i < periods.length; i++) {
      const p = periods[i];
      const have = await page.$$eval(`#hist-${kind}-rows > li`, (ls) => ls.length);
      if (have <= i) {
        await tabTo(page, `hist-${kind}-add`);
        await page.keyboard.press('Enter');
        await page.waitForFunction(([k, n]) => document.querySelectorAll(`#hist-${k}-rows > li`).length > n, [kind, i]);
      }
      const rid = await page.$eval(`#hist-${kind}-rows > li:nth-child(${i + 1})`, (li) => li.id);
      await fillRegion(page, rid + '-region', p.region, regions);
      await typeInto(page, rid + '-from', p.from);
      if (p.to) await typeInto(page, rid + '-to', p.to);
      else {
        await tabTo(page, rid + '-open');
        await page.keyboard.press('Space');
        check(await page.isChecked(`#${rid}-open`), `"still paying" not checked in ${rid}`);
      }
      await chooseByKeys(page, rid + '-scheme', p.scheme ?? 'employee');
      if (p.temporary) {
        await tabTo(page, rid + '-temporary');
        await page.keyboard.press('Space');
      }
    }
  }
}

// Presses Enter in the focused field and returns the milliseconds from the key to the rendered
// answer (the page's 'shebao:rendered' event) and to the next frame after it.
async function submitTimed(page) {
  await page.evaluate(() => {
    window.__e2e = {};
    document.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__e2e.t0 = performance.now(); }, { capture: true, once: true });
    document.addEventListener('shebao:rendered', (ev) => {
      window.__e2e.t1 = performance.now();
      window.__e2e.fetch = ev.detail.fetchMs;
      requestAnimationFrame(() => { window.__e2e.t2 = performance.now(); });
    }, { once: true });
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__e2e.t2 !== undefined, null, { timeout: 10_000 });
  const t = await page.evaluate(() => window.__e2e);
  return { dom: t.t1 - t.t0, frame: t.t2 - t.t0, fetch: t.fetch };
}

async function langStrings(page) {
  return page.evaluate(() => document.documentElement.lang.startsWith('en') ? 'en' : 'zh');
}

// ---- what the page must show for a result -----------------------------------------------------

async function checkAnswer(page, result, lang) {
  const S = STRINGS[lang];
  const money = (x) => formatMoney(x, lang);
  const shown = await page.evaluate(() => [...document.querySelectorAll('tbody.scheme')].map((tb) => ({
    id: tb.dataset.scheme,
    status: tb.dataset.status,
    determined: tb.dataset.determined,
    name: tb.querySelector('.scheme-name')?.textContent,
    badge: tb.querySelector('.badge[data-status]')?.textContent,
    badgeColour: getComputedStyle(tb.querySelector('.badge[data-status]')).backgroundColor + '/' + getComputedStyle(tb.querySelector('.badge[data-status]')).color,
    undetermined: tb.querySelector('.badge.undetermined')?.textContent ?? null,
    where: tb.querySelector('td.where')?.textContent,
    channel: tb.querySelector('td.channel')?.textContent,
    monthly: tb.querySelector('td.monthly')?.dataset.amount,
    monthlyText: tb.querySelector('td.monthly')?.textContent,
    yearly: tb.querySelector('td.yearly')?.dataset.amount,
    yearlyText: tb.querySelector('td.yearly')?.textContent,
    options: Object.fromEntries([...tb.querySelectorAll('.opt[data-option]')].map((td) => [td.dataset.option, td.textContent])),
    text: tb.textContent,
  })));
  check(shown.length === result.schemes.length, `${shown.length} scheme rows shown, the API gives ${result.schemes.length}`);
  const colours = new Map();
  result.schemes.forEach((s, i) => {
    const row = shown[i];
    const at = `${s.id}: `;
    check(row.id === s.id, `${at}row ${i} is ${row.id}`);
    check(row.status === s.status, `${at}status ${row.status}, API ${s.status}`);
    check(row.badge === S['status.' + s.status], `${at}status word "${row.badge}", expected "${S['status.' + s.status]}"`);
    if (colours.has(s.status)) check(colours.get(s.status) === row.badgeColour, `${at}same status, different colour`);
    for (const [st, c] of colours) if (st !== s.status) check(c !== row.badgeColour, `${at}status ${s.status} has the colour of ${st}`);
    colours.set(s.status, row.badgeColour);
    check(row.name === s.name, `${at}name "${row.name}", API "${s.name}"`);
    if (s.determined === false) check(row.undetermined === S.undetermined, `${at}determined:false not shown as ${S.undetermined}`);
    else check(row.undetermined === null, `${at}shown as undetermined`);
    if (s.enrol_region) check(row.where === (s.enrol_region_name || s.enrol_region), `${at}where "${row.where}", API "${s.enrol_region_name}"`);
    if (s.channel) check(row.channel === S['channel.' + s.channel], `${at}channel "${row.channel}"`);
    const c = s.contribution;
    check((row.monthly || undefined) === c?.monthly?.personal, `${at}monthly ${row.monthly}, API ${c?.monthly?.personal}`);
    if (c?.monthly) check(row.monthlyText === money(c.monthly.personal), `${at}monthly amount "${row.monthlyText}", wanted ${money(c.monthly.personal)}`);
    check((row.yearly || undefined) === c?.annual?.personal, `${at}yearly ${row.yearly}, API ${c?.annual?.personal}`);
    if (c?.annual) check(row.yearlyText === money(c.annual.personal), `${at}yearly amount "${row.yearlyText}", wanted ${money(c.annual.personal)}`);
    if (c?.government_annual) check(row.text.includes(money(c.government_annual)), `${at}government subsidy not shown`);
    for (const o of c?.options ?? []) {
      if (!o.id.startsWith('ratio_')) { check(row.text.includes(money(o.annual.personal)), `${at}option ${o.id} not shown`); continue; }
      const cell = row.options[o.id];
      check(cell !== undefined, `${at}no entry for ${o.id}`);
      check(cell.includes(money(o.monthly.personal)) && cell.includes(money(o.annual.personal)), `${at}${o.id} shows "${cell}"`);
    }
    check(!/未知|unknown/i.test(row.text), `${at}"unknown" shown in place of a value`);
    for (const d of s.details ?? []) {
      if (d.value.startsWith('[')) check(!row.text.includes(d.value), `${at}the map ${d.id} is shown raw`);
    }
    for (const r of s.reasons ?? []) {
      check(row.text.includes(r.text), `${at}reason ${r.rule} not shown`);
      for (const ci of r.citations ?? []) check(row.text.includes(ci.document + (lang === 'en' && ci.article ? ' ' : '') + ci.article), `${at}citation ${ci.document} ${ci.article} not shown`);
    }
  });

  const body = await page.textContent('#answer-body');
  const ret = result.person?.retirement;
  if (ret) {
    check((await page.textContent('#ret-date')) === ret.date, 'retirement date not shown');
    check((await page.textContent('#ret-age')).includes(String(ret.age.years)), 'retirement age not shown');
  }
  const transfers = await page.$$eval('li.transfer', (ls) => ls.map((l) => ({ kind: l.dataset.kind, text: l.textContent })));
  check(transfers.length === (result.transfers ?? []).length, `${transfers.length} transfers shown, API ${(result.transfers ?? []).length}`);
  (result.transfers ?? []).forEach((tr, i) => {
    check(transfers[i].kind === tr.kind, `transfer ${i} kind`);
    for (const st of tr.steps) check(transfers[i].text.includes(st), `transfer ${tr.kind}: a step is missing`);
  });
  for (const n of result.needs ?? []) check(await page.$(`#needs a[data-need="${n}"]`), `need ${n} has no link`);
  for (const w of result.warnings ?? []) check(body.includes(w.text), `warning ${w.code} (${w.subject}) not shown`);
  check((await page.textContent('#meta-digest')) === result.policy_set.digest, 'digest not shown');
  check((await page.textContent('#meta-as-of')) === result.as_of, 'as_of not shown');
  const o = result.person?.outlook;
  const drawnRecords = await page.$('#records');
  if (o && drawnRecords) {
    check(!(await page.$('#timeline svg.timeline')), 'the single-bar picture beside the records picture');
  } else if (o) {
    check(await page.$('#timeline svg.timeline'), 'no timeline picture');
    if (o.months_paid > 0) check((await page.getAttribute('#timeline rect.tl-paid', 'data-months')) === String(o.months_paid), 'paid months in the picture');
    if (o.projected_months < o.required_months) check(await page.$('#timeline rect.tl-short'), 'no shortfall drawn');
  }
  // The estimate: one line per base option, each against the lowest, the assumptions in small print.
  const est = result.records?.estimate;
  const estLines = await page.$$eval('#estimate li.est-line', (ls) => ls.map((l) => ({ id: l.dataset.option, text: l.textContent })));
  if (est?.options?.length) {
    check(estLines.length === est.options.length + (est.resident ? 1 : 0), `${estLines.length} estimate lines, the API gives ${est.options.length} options`);
    if (est.resident) {
      const line = estLines.find((l) => l.id === est.resident.id);
      check(line, 'no resident-pension line');
      check(est.resident.withheld ? line.text.includes(est.resident.withheld.text) : line.text.includes(money(est.resident.total)), `resident: "${line?.text}"`);
    }
    // Each option against the one before it, as the API compares them.
    for (const o of est.options) {
      const line = estLines.find((l) => l.id === o.id);
      check(line, `no estimate line for ${o.id}`);
      check(line.text.includes(money(o.total)), `${o.id}: the total ${o.total} is not in "${line.text}"`);
      if (!o.compared_to) { check(line.text.includes(money(o.monthly_personal)), `${o.id}: "${line.text}"`); continue; }
      const key = o.compared_to === 'resident_lowest_grade' ? 'est.vsResident' : 'est.more';
      const want = S[key].replace('{pct}', `${Math.round(Number(o.id.slice(6)) * 100)}%`).replace('{base}', money(o.base))
        .replace('{pay}', money(o.monthly_personal)).replace('{x}', money(o.more_monthly_personal))
        .replace('{y}', money(o.more_total)).replace('{total}', money(o.total));
      check(line.text.startsWith(want), `${o.id}: "${line.text}", wanted "${want}"`);
    }
    const small = await page.textContent('#est-assumptions');
    for (const a of est.assumptions ?? []) check(small.includes(a.text), `assumption ${a.id} not shown`);
  } else {
    check(estLines.length === 0 && !(await page.$('#estimate')), 'an estimate is shown where the API gives none');
  }
  const live = await page.evaluate(() => document.querySelector('[aria-live]#announce')?.textContent ?? '');
  check(live.includes(String(result.schemes.length)), `the aria-live region says "${live}"`);
}

// The bottom line as the text answer words it (`shebao evaluate`, lines from "怎么办：" to the blank
// line) and as the page shows it (#bottom-line): the same words in the same order, once the
// numbering, the line wrapping and the spaces are taken out.
function textBottomLine(profile, lang) {
  const r = spawnSync(BIN, ['evaluate', '-', '--lang', lang], { input: JSON.stringify(profile), encoding: 'utf8' });
  check(r.status === 0, `shebao evaluate failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const at = lines.findIndex((l) => l === (lang === 'en' ? 'What to do:' : '怎么办：'));
  check(at >= 0, `no bottom line in the text answer:\n${r.stdout.slice(0, 400)}`);
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end).map((l) => l.trim().replace(/^\d+\. /, '')).join('').replace(/\s+/g, '');
}

async function checkBottomLine(page, profile, lang) {
  const shown = await page.evaluate(() => {
    const bl = document.getElementById('bottom-line');
    return bl ? [...bl.children].filter((e) => e.tagName !== 'H3').map((e) => e.textContent).join('') : null;
  });
  check(shown !== null, 'no bottom line on the page');
  const want = textBottomLine(profile, lang);
  check(want.length > 40, `the text answer's bottom line is "${want}"`);
  const got = shown.replace(/\s+/g, '');
  check(got === want, `the page's bottom line differs from the text answer's:\n  page: ${got}\n  text: ${want}`);
  check(!/未知|unknown/i.test(shown), `"unknown" in the bottom line: ${shown}`);
}

// Pages of a PDF as Chromium writes it (every page object is "/Type /Page").
function pdfPages(buf) {
  return (buf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

// ---- the run ----------------------------------------------------------------------------------

mkdirSync(OUT, { recursive: true });
const regions = JSON.parse(readFileSync(join(WEB, 'regions.json'), 'utf8'));
const examples = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f)).sort()
  .map((f) => ({ name: f.replace(/\.ya?ml$/, ''), profile: YAML.parse(readFileSync(join(EXAMPLES, f), 'utf8')) }));

await test('web/regions.json is generated from policies/cn/regions.csv', async () => {
  check(readFileSync(join(WEB, 'regions.json'), 'utf8') === regionsText(), 'web/regions.json is out of date: node tests/e2e/gen-regions.mjs');
  check(regions.provinces.length === 34, `${regions.provinces.length} provinces`);
  check(regions.prefectures.some((p) => p[0] === '440300' && p[3].some((c) => c[0] === '440305' && c[1] === '南山区')),
    'Shenzhen and its Nanshan district are in the picker');
});

let server;
try {
  server = await startServer();
} catch (e) {
  console.log(`not ok - shebao serve starts\n  ${e.message}`);
  failed++;
  finish(1);
}
console.log(`# shebao serve at ${server.base} (${BIN})`);

const userDataDir = mkdtempSync(join(tmpdir(), 'shebao-e2e-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1000 },
  locale: 'zh-CN',
  permissions: ['clipboard-read', 'clipboard-write'],
});
const page = context.pages()[0] ?? await context.newPage();
const problems = [];
const foreign = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
// A 400 answer is logged by Chromium as a failed load; the validation test causes one on purpose.
page.on('console', (m) => { if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console: ${m.text()}`); });
page.on('request', (r) => { if (!r.url().startsWith(server.base + '/')) foreign.push(r.url()); });

async function open(query = '?lang=zh') {
  await page.goto(`${server.base}/${query}`);
  await page.waitForSelector('body.ready', { timeout: 10_000 });
}

const timings = [];

await test('GET / serves the page and its assets with their content types', async () => {
  for (const [p, type] of [['/', 'text/html'], ['/app.js', 'text/javascript'], ['/app.css', 'text/css'], ['/regions.json', 'application/json'], ['/i18n.js', 'text/javascript']]) {
    const res = await fetch(server.base + p);
    check(res.status === 200, `${p}: HTTP ${res.status}`);
    check((res.headers.get('content-type') ?? '').startsWith(type), `${p}: ${res.headers.get('content-type')}`);
  }
});

await test('keyboard: tab order, labels and visible focus', async () => {
  await open();
  const order = [];
  for (let i = 0; i < 18; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const e = document.activeElement, s = getComputedStyle(e);
      return { id: e.id || e.className, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
    }));
  }
  const ids = order.map((o) => o.id);
  const expected = ['f-person-birth', 'f-idcard', 'f-person-sex-male', 'f-person-hukou-region-pref', 'f-work-region-pref', 'f-work-relationship'];
  let last = -1;
  for (const e of expected) {
    const at = ids.indexOf(e);
    check(at > last, `tab order: ${e} not after the previous field (${ids.join(' ')})`);
    last = at;
  }
  const unstyled = order.filter((o) => !o.outline).map((o) => o.id);
  check(unstyled.length === 0, `no visible focus style on ${unstyled.join(', ')}`);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, button, textarea')]
    .filter((e) => e.offsetParent !== null)
    .filter((e) => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
    .map((e) => e.id || e.name));
  check(unlabelled.length === 0, `controls without a label: ${unlabelled.join(', ')}`);
  check(await page.$('[aria-live]'), 'no aria-live region');
});

const results = {};
for (const ex of examples) {
  await test(`example ${ex.name}: filled by keyboard, statuses and amounts match the API`, async () => {
    await open();
    await fillByKeyboard(page, ex.profile, regions);
    const t = await submitTimed(page);
    timings.push(t);
    const direct = await api(server.base, ex.profile, 'zh');
    check(direct.status === 200, `the API answers ${direct.status} for ${ex.name}: ${JSON.stringify(direct.body).slice(0, 300)}`);
    results[ex.name] = direct.body;
    await checkAnswer(page, direct.body, 'zh');
    const hasHistory = ['pension', 'medical'].some((k) => ex.profile.coverage?.[k]?.history?.length);
    if (hasHistory) check(await page.$('#records'), `${ex.name} has a history, yet no records picture is shown`);
    else check(!(await page.$('#records')), `${ex.name} has no history, yet the records picture is shown`);
    await checkBottomLine(page, ex.profile, 'zh');
    // The page's own copy of the answer is the API's answer for the example: same profile sent.
    await page.click('#copy-json');
    await page.waitForFunction(() => document.getElementById('toast').textContent !== '');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    deepStrictEqual(JSON.parse(copied), direct.body);
    // Nine more submits for the timing.
    await page.focus('#f-person-birth');
    for (let i = 0; i < 9; i++) timings.push(await submitTimed(page));
    await page.screenshot({ path: join(OUT, `${ex.name}.png`), fullPage: true });
    await page.locator('#schemes').screenshot({ path: join(OUT, `${ex.name}-schemes.png`) });
  });
}

await test('region search: every county of China by name, short name and pinyin', async () => {
  await open();
  const id = 'f-work-region';
  for (const [q, code, name] of [['深圳南山', '440305', '广东省深圳市南山区'], ['shenzhen', '440300', '广东省深圳市'],
    ['临沧 临翔', '530902', '云南省临沧市临翔区'], ['xiantao', '429004', '湖北省仙桃市'], ['110228', '110118', '北京市密云区']]) {
    const first = await searchRegion(page, id, q);
    check(first.code === code, `"${q}" offered ${first.code} (${first.text}) first, wanted ${code}`);
    const shown = await page.textContent('#out-' + id);
    check(shown === `${code} · ${name}`, `after "${q}" the picker shows "${shown}"`);
  }
  // Nothing found: no list, and the form is not marked as changed by the search alone.
  await typeInto(page, id + '-search', 'atlantis');
  await page.waitForTimeout(400);
  check(await page.$eval(`#${id}-found`, (l) => l.hidden), 'a list is shown for "atlantis"');
});

await test('needs and warnings link to their fields', async () => {
  const name = examples.find((e) => (results[e.name]?.needs ?? []).length)?.name;
  check(name, 'no example has needs');
  const ex = examples.find((e) => e.name === name);
  await open();
  await fillByKeyboard(page, ex.profile, regions);
  await submitTimed(page);
  for (const need of results[name].needs) {
    await page.focus(`#needs a[data-need="${need}"]`);
    await page.keyboard.press('Enter');
    const inside = await page.evaluate((p) => !!document.activeElement.closest(`[data-path="${p}"]`), need);
    check(inside, `Enter on the need ${need} focused #${await activeId(page)}`);
  }
  // A warning about the income links to the income field.
  const low = structuredClone(examples.find((e) => e.name.startsWith('rider'))?.profile ?? ex.profile);
  low.work.monthly_income = 1000;
  await open();
  await fillByKeyboard(page, low, regions);
  await submitTimed(page);
  const direct = await api(server.base, low, 'zh');
  check(direct.body.warnings.some((w) => w.code === 'below_minimum_wage'), 'the API gives no below_minimum_wage warning for 1000 yuan');
  await page.focus('li.warning[data-code="below_minimum_wage"] a.need');
  await page.keyboard.press('Enter');
  check((await activeId(page)) === 'f-work-monthly_income', `the warning's link focused #${await activeId(page)}`);
});

await test('validation: API errors appear next to their fields', async () => {
  await open();
  const bad = {
    as_of: '2026-11-28',
    person: { birth: '2030-01', sex: 'male', hukou: { region: '12345' } },
    work: { region: '530102', relationship: 'employee' },
  };
  await fillByKeyboard(page, bad, regions);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#error-summary:not([hidden])');
  const direct = await api(server.base, bad, 'zh');
  check(direct.status === 400 && direct.body.errors.length >= 2, `the API answers ${direct.status}: ${JSON.stringify(direct.body)}`);
  for (const e of direct.body.errors) {
    const field = e.path === 'person.hukou.region' ? 'person-hukou-region' : e.path.replace(/\./g, '-');
    const text = await page.textContent(`#err-f-${field}`);
    check(text.includes(e.message), `#err-f-${field} says "${text}", the API "${e.message}"`);
    check(await page.isVisible(`#err-f-${field}`), `#err-f-${field} not visible`);
  }
  check((await page.getAttribute('#f-person-birth', 'aria-invalid')) === 'true', 'birth not marked aria-invalid');
  const first = direct.body.errors[0].path;
  check(await page.evaluate((p) => !!document.activeElement.closest(`[data-path="${p}"]`), first), `focus is on #${await activeId(page)}, not on ${first}`);
  check(await page.isHidden('#schemes-table'), 'an answer is shown for a bad profile');
  await page.screenshot({ path: join(OUT, 'validation.png'), fullPage: false });
  // Correcting the field removes its message.
  await page.focus('#f-person-birth');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1990-01');
  check(await page.isHidden('#err-f-person-birth'), 'the message stays after the field was corrected');
});

const rider = examples.find((e) => e.name.startsWith('rider-lincang')) ?? examples[0];
await test('language switch: English UI and English texts from the API', async () => {
  await open();
  await fillByKeyboard(page, rider.profile, regions);
  await submitTimed(page);
  await page.evaluate(() => {
    window.__e2e = {};
    document.addEventListener('shebao:rendered', () => { window.__e2e.done = true; }, { once: true });
  });
  await page.focus('#lang-switch');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__e2e.done === true);
  check((await langStrings(page)) === 'en', 'html lang is not en');
  check((await page.textContent('#submit-btn')) === STRINGS.en['btn.submit'], 'submit button not in English');
  const wrong = await page.evaluate((en) => [...document.querySelectorAll('[data-i18n]')]
    .filter((e) => e.textContent !== en[e.dataset.i18n]).map((e) => e.dataset.i18n), STRINGS.en);
  check(wrong.length === 0, `not translated: ${wrong.join(', ')}`);
  const direct = await api(server.base, rider.profile, 'en');
  await checkAnswer(page, direct.body, 'en');
  await checkBottomLine(page, rider.profile, 'en');
  // The page's own English strings have no full-width punctuation.
  const fullWidth = await page.evaluate(() => [...document.querySelectorAll('[data-i18n]')]
    .map((e) => e.textContent).filter((x) => /[\u3000-\u303F\uFF00-\uFFEF]/.test(x)));
  check(fullWidth.length === 0, `full-width punctuation in English: ${fullWidth.join(' | ')}`);
  await page.screenshot({ path: join(OUT, 'english.png'), fullPage: false });
  check(new URL(page.url()).searchParams.get('lang') === 'en', 'the address does not follow the language');
  // And back: the choice sticks for the next visit.
  await open('');
  check((await langStrings(page)) === 'en', 'the language was not kept across a reload');
  await page.click('#lang-switch');
  check((await langStrings(page)) === 'zh', 'no way back to Chinese');
});

await test('print view: A4, the answer, the date and the policy set digest', async () => {
  await open();
  await fillByKeyboard(page, rider.profile, regions);
  await submitTimed(page);
  const result = results[rider.name];
  await page.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 dpi
  await page.emulateMedia({ media: 'print' });
  check(await page.isHidden('#profile-form'), 'the form is printed');
  check(await page.isVisible('#schemes-table'), 'the answer is not printed');
  check(await page.isVisible('#meta-digest'), 'the digest is not printed');
  check((await page.textContent('#meta-digest')) === result.policy_set.digest, 'wrong digest printed');
  check(await page.isVisible('#meta-as-of') && (await page.textContent('#meta-as-of')) === result.as_of, 'the date is not printed');
  const today = new Date();
  const ymd = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  check(await page.isVisible('#meta-printed') && (await page.textContent('#meta-printed')) === ymd, 'the print date is not shown');
  check(await page.isHidden('#copy-json'), 'buttons are printed');
  await page.screenshot({ path: join(OUT, 'print.png'), fullPage: true });
  await page.pdf({ path: join(OUT, 'print.pdf'), format: 'A4', preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1400, height: 1000 });
});

// Records in several places (issue 19): the rider with a history — a temporary account in Shenzhen
// 2014–2019, resident pension at home 2020–2022, Kunming from 2023 and still paying — and employee
// medical insurance in Shenzhen and Kunming.
const withHistory = structuredClone(rider.profile);
withHistory.coverage.pension = { receiving: false, history: [
  { region: '440305', from: '2014-01', to: '2019-12', temporary: true },
  { region: '530902', from: '2020-01', to: '2022-12', scheme: 'resident' },
  { region: '530102', from: '2023-01' },
] };
withHistory.coverage.medical = { history: [
  { region: '440305', from: '2014-01', to: '2019-12' },
  { region: '530102', from: '2023-01' },
] };

await test('records in several places: periods by keyboard, what is sent, the picture, the estimate lines', async () => {
  await open();
  const sent = [];
  const onRequest = (r) => { if (r.url().includes('/v1/evaluate')) sent.push(r.postData() ?? ''); };
  check(!(await page.isVisible('#hist-pension-rows')), 'the periods are not folded by default');
  await fillByKeyboard(page, withHistory, regions);
  page.on('request', onRequest);
  try { await submitTimed(page); } finally { page.off('request', onRequest); }
  const body = JSON.parse(sent[0]);
  for (const kind of ['pension', 'medical']) {
    deepStrictEqual(body.coverage[kind].history, withHistory.coverage[kind].history.map((p) => ({ ...p, scheme: p.scheme ?? 'employee' })));
    for (const k of ['scheme', 'region', 'months_paid']) check(!(k in body.coverage[kind]), `coverage.${kind}.${k} sent beside a history`);
  }
  const direct = await api(server.base, withHistory, 'zh');
  check(direct.status === 200, `the API answers ${direct.status}: ${JSON.stringify(direct.body).slice(0, 300)}`);
  const r = direct.body;
  await checkAnswer(page, r, 'zh');
  check(await page.isVisible('#records-svg'), 'no records picture for a history');
  const pic = await page.evaluate(() => ({
    lanes: [...document.querySelectorAll('#records-svg g.rc-lane')].map((g) => ({ region: g.dataset.region, benefit: g.dataset.benefit })),
    bars: [...document.querySelectorAll('#records-svg rect[data-kind="pension"]')].map((b) => [b.dataset.from, b.dataset.to, b.getAttribute('class')]),
    med: [...document.querySelectorAll('#records-svg rect[data-kind="medical"]')].map((b) => [b.dataset.from, b.dataset.to]),
    projected: document.querySelectorAll('#records-svg rect[data-kind="pension-projected"]').length,
    marks: Object.fromEntries([...document.querySelectorAll('#records-svg line[data-mark]')].map((l) => [l.dataset.mark, l.dataset.month])),
  }));
  deepStrictEqual(pic.lanes.map((l) => l.region), ['440305', '530902', '530102']);
  deepStrictEqual(pic.bars, [['2014-01', '2019-12', 'rc-bar rc-temporary'], ['2020-01', '2022-12', 'rc-bar rc-resident'],
    ['2023-01', '2026-10', 'rc-bar rc-employee']]);  // as_of 2026-11-28: paid up to October
  deepStrictEqual(pic.med, [['2014-01', '2019-12'], ['2023-01', '2026-10']]);
  check(pic.projected === 1, `${pic.projected} projected bars`);
  const bp = r.records.benefit_place, br = r.records.benefit_place_at_retirement;
  check(pic.lanes.find((l) => l.region === bp.region)?.benefit.includes('today'), `the benefit place ${bp.region} is not tagged: ${JSON.stringify(pic.lanes)}`);
  check(pic.lanes.find((l) => l.region === br.region)?.benefit.includes('retirement'), `the benefit place at retirement ${br.region} is not tagged`);
  check((await page.textContent('#rc-benefit')).includes(bp.region_name), 'the benefit place is not named');
  // The same place today and at retirement is said once.
  const retireLine = (await page.$('#rc-benefit-retire')) ? '#rc-benefit-retire' : '#rc-benefit';
  check(retireLine === '#rc-benefit-retire' || (bp.region === br.region && (await page.textContent('#rc-benefit')).startsWith(STRINGS.zh['rc.benefitBoth'])),
    'the benefit place at retirement is not said');
  check((await page.textContent(retireLine)).includes(br.region_name), 'the benefit place at retirement is not named');
  check(pic.marks.retirement === r.person.retirement.date, `retirement drawn at ${pic.marks.retirement}`);
  check(pic.marks.today === r.as_of.slice(0, 7), `today drawn at ${pic.marks.today}`);
  // By hand: 72 months in Shenzhen (the temporary account counts as paid), the resident years do
  // not; 240 - 72 = 168 months from 2023-01 reach the minimum with 2037-01, and Kunming's 30 medical
  // years (360 - 72 = 288 months from 2023-01) with 2047-01.
  check(r.person.outlook.months_paid === 72 + 46, `the engine counts ${r.person.outlook.months_paid} months`);
  check(r.person.outlook.required_months === 240 && pic.marks['pension-minimum'] === '2037-01', `pension minimum drawn at ${pic.marks['pension-minimum']}`);
  check(r.records.medical_years.required_months === 360 && pic.marks['medical-minimum'] === '2047-01', `medical minimum drawn at ${pic.marks['medical-minimum']}`);
  check((await page.textContent('#rc-medical-years')).includes('30年'), 'the medical minimum years are not said');
  await page.locator('#records').screenshot({ path: join(OUT, 'records.png') });
  // In English: the picture's heading and the estimate lines.
  await page.evaluate(() => {
    window.__e2e = {};
    document.addEventListener('shebao:rendered', () => { window.__e2e.done = true; }, { once: true });
  });
  await page.click('#lang-switch');
  await page.waitForFunction(() => window.__e2e.done === true);
  await checkAnswer(page, (await api(server.base, withHistory, 'en')).body, 'en');
  check((await page.textContent('#records-h')) === STRINGS.en['rc.heading'], 'the records heading is not in English');
  check(await page.isVisible('#records-svg'), 'no records picture in English');
  await page.screenshot({ path: join(OUT, 'records-en.png'), fullPage: true });
  await page.click('#lang-switch');
});

await test('records in several places: deemed years among the periods are sent and counted', async () => {
  await open();
  const sent = [];
  const onRequest = (r) => { if (r.url().includes('/v1/evaluate')) sent.push(r.postData() ?? ''); };
  await fillByKeyboard(page, withHistory, regions);
  check(await page.isVisible('#h-deemed-years'), 'no deemed-years input among the periods');
  await fillRegion(page, 'h-deemed-region', '440305', regions);
  await typeInto(page, 'h-deemed-years', '2');
  page.on('request', onRequest);
  try { await submitTimed(page); } finally { page.off('request', onRequest); }
  const body = JSON.parse(sent[0]);
  deepStrictEqual(body.coverage.pension.deemed, [{ years: 2, region: '440305' }]);
  const r = (await api(server.base, body, 'zh')).body;
  // 72 months in Shenzhen, 46 in Kunming, and 24 deemed.
  check(r.person.outlook.months_paid === 72 + 46 + 24, `the engine counts ${r.person.outlook.months_paid} months`);
  await checkAnswer(page, r, 'zh');
  check(!(await page.$('#timeline svg.timeline')), 'the single-bar picture beside the records picture');
});

await test('records in several places: overlapping periods are said in their row', async () => {
  const bad = structuredClone(withHistory);
  bad.coverage.pension.history[1] = { region: '530902', from: '2019-01', to: '2022-12' };
  const direct = await api(server.base, bad, 'zh');
  check(direct.status === 400, `the API answers ${direct.status}`);
  const e = direct.body.errors.find((x) => x.path.startsWith('coverage.pension.history[1]'));
  check(e, `no error for the second period: ${JSON.stringify(direct.body.errors)}`);
  await open();
  await fillByKeyboard(page, bad, regions);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#error-summary:not([hidden])');
  const row = await page.$eval('#hist-pension-rows > li:nth-child(2)', (li) => ({ id: li.id, err: li.querySelector('.error')?.textContent ?? '',
    invalid: li.classList.contains('invalid'), focus: li.contains(document.activeElement) }));
  check(row.err.includes(e.message), `the row says "${row.err}", the API "${e.message}"`);
  check(row.invalid && row.focus, `the row is not marked or not focused: ${JSON.stringify(row)}`);
  check((await page.textContent('#error-summary')).includes(e.message), 'the summary lacks the message');
  // "Next person" empties and folds the periods.
  await page.click('#reset-form');
  check((await page.$$('ol.periods > li')).length === 0, 'periods are left after "next person"');
  check(!(await page.$eval('#history', (d) => d.open)), 'the periods stay unfolded after "next person"');
});

// The three examples, a Lincang rider working in Shenzhen (Nanshan, 440305) and the rider with a history.
const shenzhen = structuredClone(rider.profile);
shenzhen.work.region = '440305';
const counter = [...examples, { name: 'rider-lincang-in-shenzhen', profile: shenzhen }, { name: 'rider-with-history', profile: withHistory }];

await test('the PDF page count sees more than one page when there are more', async () => {
  await open();
  await fillByKeyboard(page, rider.profile, regions);
  await submitTimed(page);
  const small = await page.pdf({ format: 'A6', printBackground: true });
  check(pdfPages(small) > 1, `an A6 print counted ${pdfPages(small)} page(s)`);
});

for (const c of counter) {
  await test(`${c.name}: first screen at 1366×768 holds the bottom line and the nine schemes; print is one A4 page`, async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    try {
      await open();
      await fillByKeyboard(page, c.profile, regions);
      await submitTimed(page);
      const direct = await api(server.base, c.profile, 'zh');
      check(direct.status === 200, `the API answers ${direct.status}`);
      await checkBottomLine(page, c.profile, 'zh');
      const box = await page.evaluate(() => ({
        scroll: window.scrollY,
        summary: document.getElementById('bottom-line').getBoundingClientRect().toJSON(),
        rows: [...document.querySelectorAll('tbody.scheme tr.main')].map((r) => r.getBoundingClientRect().toJSON()),
      }));
      check(box.rows.length === 9 && direct.body.schemes.length === 9, `${box.rows.length} rows shown`);
      check(box.summary.top >= 0 && box.summary.bottom <= 768, `the bottom line spans ${box.summary.top}–${box.summary.bottom} px`);
      const low = box.rows.filter((r) => r.top < 0 || r.bottom > 768);
      check(low.length === 0, `rows outside the first screen (last row ends at ${box.rows.at(-1).bottom} px)`);
      notes.push(`${c.name}: at 1366×768 the ninth row ends at ${box.rows.at(-1).bottom.toFixed(0)} px (window scrolled ${box.scroll} px)`);
      await page.screenshot({ path: join(OUT, `first-screen-${c.name}.png`) });

      await page.emulateMedia({ media: 'print' });
      for (const sel of ['#facts-line', '#bottom-line', '#schemes-table', '#meta-as-of', '#meta-digest', '#meta-printed', '#office-line']) {
        check(await page.isVisible(sel), `${sel} is not printed`);
      }
      for (const sel of ['#profile-form', '#relationship', '#transfers', 'ul.warnings', 'tr.reasons-row', 'button.row-toggle']) {
        check(!(await page.locator(sel).first().isVisible().catch(() => false)), `${sel} is printed`);
      }
      // The estimate and, for a history, the records picture are printed too (black and white).
      if (direct.body.records?.estimate?.options?.length) check(await page.isVisible('#estimate'), 'the estimate is not printed');
      if (c.profile.coverage?.pension?.history) check(await page.isVisible('#records-svg'), 'the records picture is not printed');
      else check(!(await page.$('#records')), 'a records picture without a history');
      const office = await page.textContent('#office-line');
      for (const v of Object.values(OFFICE)) check(office.includes(v), `the office line "${office}" lacks ${v}`);
      const ws = direct.body.warnings ?? [];
      const figures = ws.filter((w) => w.code.startsWith('parameter_')).length;
      if (figures) check((await page.textContent('details.unverified > summary')).includes(String(figures)), 'the unverified figures are not printed as a count');
      if (ws.length > figures) check((await page.textContent('#notes-count')).includes(String(ws.length - figures)), 'the notes are not printed as a count');
      const pdf = await page.pdf({ path: join(OUT, `print-${c.name}.pdf`), format: 'A4', preferCSSPageSize: true, printBackground: true });
      check(pdfPages(pdf) === 1, `printed on ${pdfPages(pdf)} A4 pages`);
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1400, height: 1000 });
    }
  });
}

await test('ID-card number: fills birth, sex and hukou, is cleared, never sent or stored', async () => {
  await open();
  const sent = [];
  const onRequest = (r) => sent.push(`${r.url()} ${r.postData() ?? ''}`);
  page.on('request', onRequest);
  try {
    const first17 = '53090219940715002';  // Linxiang, born 1994-07-15, an even 17th digit: a woman
    const number = first17 + idCardCheckCharacter(first17);
    const wrong = first17 + (number[17] === '0' ? '1' : '0');
    await typeInto(page, 'f-idcard', wrong);
    check((await page.textContent('#out-f-idcard')) === STRINGS.zh['id.error.check_digit'], `a wrong check digit says "${await page.textContent('#out-f-idcard')}"`);
    check((await page.inputValue('#f-person-birth')) === '', 'a wrong number filled in the birth');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(number);
    await page.waitForFunction(() => document.getElementById('f-person-birth').value !== '');
    check((await page.inputValue('#f-idcard')) === '', 'the ID-card number is still in its box');
    check((await page.inputValue('#f-person-birth')) === '1994-07-15', 'birth not filled from the ID card');
    check(await page.isChecked('#f-person-sex-female'), 'sex not filled from the ID card');
    await page.waitForFunction(() => (document.getElementById('out-f-person-hukou-region').textContent ?? '').startsWith('530902'));
    check((await page.textContent('#out-f-idcard')).includes('530902'), 'the hukou suggestion is not said');
    await fillByKeyboard(page, { work: { region: '530102', relationship: 'platform_managed' } }, regions);
    await submitTimed(page);
    const body = sent.find((x) => x.includes('/v1/evaluate'));
    check(body, 'no evaluate request');
    check(body.includes('"birth":"1994-07-15"') && body.includes('"sex":"female"') && body.includes('"region":"530902"'), `sent: ${body}`);
    check(!sent.some((x) => x.includes(number) || x.includes(first17)), 'the ID-card number was sent');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    check(!stored.includes(first17), 'the ID-card number was stored');
  } finally {
    page.off('request', onRequest);
  }
});

await test('birth as people write it: 1994年7月, 1994.7, 199407 and 1994-7 are sent as 1994-07', async () => {
  for (const typed of ['1994年7月', '1994.7', '199407', '1994-7']) {
    await open();
    const sent = [];
    const onRequest = (r) => { if (r.url().includes('/v1/evaluate')) sent.push(r.postData() ?? ''); };
    page.on('request', onRequest);
    try {
      await fillByKeyboard(page, { person: { birth: typed, sex: 'male', hukou: { region: '530902' } }, work: { region: '530102', relationship: 'platform_managed' } }, regions);
      check((await page.textContent('#calc-f-person-birth')) === '＝1994年7月', `"${typed}" is read as "${await page.textContent('#calc-f-person-birth')}"`);
      await submitTimed(page);
      check(sent.length === 1 && JSON.parse(sent[0]).person.birth === '1994-07', `"${typed}" sent as ${sent[0]}`);
      check(await page.isVisible('#bottom-line'), `no answer for "${typed}"`);
    } finally {
      page.off('request', onRequest);
    }
  }
});

await test('no local rules for Shenzhen: said once, one line above the bottom line; none for Kunming', async () => {
  await open();
  await fillByKeyboard(page, { person: { birth: '1994-07', sex: 'male', hukou: { region: '530902' } }, work: { region: '440305', relationship: 'platform_managed' } }, regions);
  await submitTimed(page);
  const text = await page.textContent('#answer-local-rules');
  check(text === '本答复未包含深圳市的本地规定：按国家和广东省的规定作答，金额以当地经办机构公布为准。', `local rules line: ${text}`);
  check(await page.evaluate(() => document.getElementById('answer-local-rules').nextElementSibling?.id === 'bottom-line'),
    'the local rules line is not right above the bottom line');
  check((await page.$$('.local-rules')).length === 1, 'the local rules line is shown more than once');
  await open();
  await fillByKeyboard(page, { person: { birth: '1994-07', sex: 'male', hukou: { region: '530902' } }, work: { region: '530102', relationship: 'platform_managed' } }, regions);
  await submitTimed(page);
  check((await page.$('#answer-local-rules')) === null, 'a local rules line for the Lincang rider in Kunming');
});

await test('"next person" clears the form and the answer', async () => {
  await page.focus('#reset-form');
  await page.keyboard.press('Enter');
  check(await page.isHidden('#schemes-table'), 'the answer is still shown');
  check((await page.inputValue('#f-person-birth')) === '', 'the birth field was not cleared');
  check((await activeId(page)) === 'f-person-birth', 'focus is not back on the first field');
});

await test(`submit → rendered answer within ${LIMIT_MS} ms on loopback`, async () => {
  check(timings.length >= examples.length, 'no timings');
  const sorted = (k) => timings.map((t) => t[k]).sort((a, b) => a - b);
  const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
  const fmt = (xs) => `median ${q(xs, 0.5).toFixed(1)} ms, 90% ${q(xs, 0.9).toFixed(1)} ms, max ${xs.at(-1).toFixed(1)} ms`;
  const frame = sorted('frame');
  notes.push(`submit (Enter) → answer painted (next frame), ${timings.length} submits: ${fmt(frame)}`);
  notes.push(`  of which Enter → answer in the DOM: ${fmt(sorted('dom'))}; waiting for the server: ${fmt(sorted('fetch'))}`);
  notes.push(`  load average while measuring: ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  // The median decides: single submits can wait for a busy machine (other builds, other tests).
  check(q(frame, 0.5) < LIMIT_MS, `median ${q(frame, 0.5).toFixed(1)} ms`);
});

await test('no page errors, no requests to other hosts', async () => {
  check(problems.length === 0, problems.join('\n'));
  check(foreign.length === 0, `requests elsewhere: ${foreign.join(', ')}`);
});

await context.close();
rmSync(userDataDir, { recursive: true, force: true });
server.proc.removeAllListeners('exit');
const exited = new Promise((r) => server.proc.on('exit', (code, sig) => r(code ?? sig)));
server.proc.kill('SIGTERM');
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
if (code === 'still running') server.proc.kill('SIGKILL');
if (code !== 0) notes.push(`shebao serve ended with ${code} after SIGTERM; last stderr: ${server.stderr().slice(-400).replace(/\n/g, ' | ')}`);
notes.push(`screenshots in ${OUT}`);
clearTimeout(watchdog);
finish();
