// The service-window page: a form for a worker profile (PROFILE.md), POST /v1/evaluate on the same
// server, and the answer (RESULT.md) as a table, a picture and lists. No network but the page's own
// server; nothing is stored but the chosen language.
import { STRINGS, PLATFORMS, formatMoney, formatAmount } from './i18n.js';
import { parseIdCard, parseLooseYearMonth } from './person_input.js';
import { timelineSvg } from './timeline.js';
import { recordsSvg, estimateLines } from './records.js';

// ---- state ------------------------------------------------------------------------------------

const state = {
  lang: 'zh',
  regions: null,        // regions.json
  names: new Map(),     // code -> {zh, en} for every region of regions.json
  prefOf: new Map(),    // county code -> its entry of regions.prefectures (the picker's first list)
  lastProfile: null,    // the profile of the answer or errors shown
  lastResult: null,     // parsed RESULT.md
  lastText: '',         // the response body as received (what "copy JSON" copies)
  seq: 0,               // request counter: a late answer to an older request is dropped
  stale: false,
};

// ---- strings ----------------------------------------------------------------------------------

export function t(key, vars) {
  let s = STRINGS[state.lang][key] ?? STRINGS.zh[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

function dur(months) {
  const m = Math.max(0, Math.round(months));
  const y = Math.floor(m / 12), r = m % 12;
  if (r === 0) return t('unit.years', { n: y });
  if (y === 0) return t('unit.months', { n: r });
  return t('unit.yearsMonths', { y, m: r });
}

function age(a) {
  if (!a) return '';
  return a.months ? t('unit.ageMonths', { y: a.years, m: a.months }) : t('unit.age', { y: a.years });
}

function regionName(code) {
  if (!code) return '';
  const n = state.names.get(code);
  if (!n) {
    const prov = state.names.get(code.slice(0, 2) + '0000');
    return prov && code !== prov.code ? `${pick(prov)} ${code}` : code;
  }
  // Full name, outermost first in Chinese, innermost first in English.
  const parts = [];
  const prov = code.slice(0, 2) + '0000', pref = code.slice(0, 4) + '00';
  if (prov !== code && state.names.get(prov)) parts.push(state.names.get(prov));
  if (pref !== code && pref !== prov && state.names.get(pref)) parts.push(state.names.get(pref));
  parts.push(n);
  return state.lang === 'en' ? parts.reverse().map(pick).join(', ') : parts.map(pick).join('');
}

const pick = (n) => (state.lang === 'en' ? n.en : n.zh);

// ---- DOM helper -------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// Element.append() without the null/undefined children (which it would show as text).
function append(parent, ...children) {
  parent.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

// An element whose text follows the language: data-i18n (text), data-i18n-ph (placeholder).
const tx = (tag, key, attrs = {}) => h(tag, { ...attrs, 'data-i18n': key }, t(key));

// ---- the form ---------------------------------------------------------------------------------

const idOf = (path) => 'f-' + path.replace(/\./g, '-');
const NO_EMPLOYER = new Set(['part_time', 'platform_managed', 'self_employed']);

// The fields of PROFILE.md in the order the clerk asks them. `show` decides relevance from the
// current raw values (v(path)); a hidden field is neither sent nor checked.
const FIELDS = [
  { section: 'person' },
  { path: 'person.birth', kind: 'text', required: true, hint: true, width: 'date', placeholder: '1992-03', birth: true },
  { path: 'person.sex', kind: 'radio', required: true, options: ['male', 'female'], optKey: 'o.sex.' },
  { path: 'person.female_original_retirement_age', kind: 'select', options: ['', '50', '55'], optKey: 'o.fora.', number: true,
    show: (v) => v('person.sex') === 'female', controller: 'person.sex' },
  { path: 'person.hukou.region', kind: 'region', required: true },
  { path: 'person.hukou.kind', kind: 'select', options: ['', 'urban', 'rural'], optKey: 'o.kind.' },
  { path: 'person.student', kind: 'checkbox' },

  { section: 'work' },
  { path: 'work.region', kind: 'region', required: true },
  { path: 'work.relationship', kind: 'select', required: true, optKey: 'o.rel.',
    options: ['', 'employee', 'part_time', 'platform_managed', 'self_employed', 'dispatched', 'outsourced'] },
  { path: 'work.industry', kind: 'select', optKey: 'o.ind.',
    options: ['', 'ride_hailing', 'food_delivery', 'instant_delivery', 'same_city_freight', 'express_delivery', 'trucking', 'other'],
    show: (v) => isPlatformWork(v('work.relationship')), controller: 'work.relationship' },
  { path: 'work.platform', kind: 'platform',
    show: (v) => isPlatformWork(v('work.relationship')), controller: 'work.relationship' },
  { path: 'work.monthly_income', kind: 'number', hint: true, inputmode: 'decimal', width: 'money' },

  { section: 'coverage' },
  { path: 'coverage.pension.scheme', kind: 'select', options: ['', 'none', 'employee', 'resident'], optKey: 'o.scheme.', optKey2: 'o.pscheme.' },
  { path: 'coverage.pension.region', kind: 'region',
    show: (v) => ['employee', 'resident'].includes(v('coverage.pension.scheme')), controller: 'coverage.pension.scheme' },
  { path: 'coverage.pension.months_paid', kind: 'number', months: true, inputmode: 'numeric', width: 'short',
    show: (v) => v('coverage.pension.scheme') !== '', controller: 'coverage.pension.scheme' },
  { path: 'coverage.pension.receiving', kind: 'checkbox',
    show: (v) => ['employee', 'resident'].includes(v('coverage.pension.scheme')), controller: 'coverage.pension.scheme' },
  { path: 'coverage.medical.scheme', kind: 'select', options: ['', 'none', 'employee', 'resident'], optKey: 'o.scheme.', optKey2: 'o.mscheme.' },
  { path: 'coverage.medical.region', kind: 'region',
    show: (v) => ['employee', 'resident'].includes(v('coverage.medical.scheme')), controller: 'coverage.medical.scheme' },
  { path: 'coverage.medical.months_paid', kind: 'number', months: true, inputmode: 'numeric', width: 'short',
    show: (v) => v('coverage.medical.scheme') !== '', controller: 'coverage.medical.scheme' },
  { path: 'coverage.medical.retiree_benefits', kind: 'checkbox',
    show: (v) => v('coverage.medical.scheme') === 'employee', controller: 'coverage.medical.scheme' },
  { path: 'coverage.medical.break_years', kind: 'number', inputmode: 'numeric', width: 'short',
    show: (v) => v('coverage.medical.scheme') !== 'employee', controller: 'coverage.medical.scheme' },
  { path: 'coverage.medical.continuous_years', kind: 'number', inputmode: 'numeric', width: 'short',
    show: (v) => v('coverage.medical.scheme') === 'resident', controller: 'coverage.medical.scheme' },
  { path: 'coverage.injury', kind: 'select', options: ['', 'none', 'work_injury', 'occupational_injury'], optKey: 'o.inj.' },

  { section: 'choices' },
  { path: 'choices.pension_base_ratio', kind: 'number', percent: true, hint: true, inputmode: 'decimal', width: 'short',
    show: (v) => v('work.relationship') === '' || NO_EMPLOYER.has(v('work.relationship')), controller: 'work.relationship' },
  { path: 'choices.medical_place', kind: 'select', options: ['', 'hukou', 'work'], optKey: 'o.place.' },
  { path: 'choices.medical_account', kind: 'select', options: ['', 'with_account', 'pooled_only'], optKey: 'o.macct.' },
  { path: 'choices.resident_pension_grade', kind: 'number', inputmode: 'decimal', width: 'money' },

  // Folded under "更多" (More): the policy date is rarely anything but today.
  { section: 'query', folded: true },
  { path: 'as_of', kind: 'text', hint: true, placeholder: 'ph.as_of', width: 'date' },
];
const FIELD = new Map(FIELDS.filter((f) => f.path).map((f) => [f.path, f]));

// Platform and trade matter where the work is platform work: every relationship but agency dispatch.
function isPlatformWork(rel) { return rel !== '' && rel !== 'dispatched'; }

function optionLabel(f, value) {
  if (f.optKey2 && value !== '' && value !== 'none') return t(f.optKey2 + value);
  return t(f.optKey + value);
}

function buildForm(form) {
  const body = form.querySelector('#fields');
  let section = null;
  for (const f of FIELDS) {
    if (f.section) {
      if (f.folded) {
        section = h('details', { class: 'section more-fields', id: 'sec-' + f.section },
          tx('summary', 'sec.' + f.section, { id: 'sec-' + f.section + '-toggle' }));
      } else {
        section = h('fieldset', { class: 'section', id: 'sec-' + f.section },
          tx('legend', 'sec.' + f.section));
      }
      body.append(section);
      continue;
    }
    section.append(buildField(f));
    if (f.path === 'person.birth') section.append(buildIdCard());
    if (f.path === 'coverage.injury') section.append(buildHistory());
  }
}

// ---- the ID-card number: read on the page, used to fill in, cleared -----------------------------
// GB 11643 (check digit verified by person_input.js). The number is never sent (it is no field of
// the profile), logged or stored; the box is emptied as soon as it has been read.

function buildIdCard() {
  const input = h('input', { type: 'text', id: 'f-idcard', inputmode: 'text', maxlength: 20, autocomplete: 'off',
    spellcheck: 'false', 'aria-describedby': 'hint-f-idcard out-f-idcard' });
  const out = h('output', { class: 'idcard-out', id: 'out-f-idcard', for: 'f-idcard', role: 'status' });
  const wrap = h('div', { class: 'field kind-idcard w-id', id: 'wrap-f-idcard' },
    h('label', { for: 'f-idcard' }, tx('span', 'id.label')), input,
    tx('p', 'id.hint', { class: 'hint', id: 'hint-f-idcard' }), out);
  // Typing here is not a change of the profile until it has been read.
  const read = (ev) => {
    ev.stopPropagation();
    const text = input.value.replace(/\s/g, '');
    out.classList.remove('error');
    if (text.length < 18) { out.textContent = ''; return; }
    const id = parseIdCard(text);
    if (!id.ok) {
      out.textContent = t('id.error.' + id.error);
      out.classList.add('error');
      return;
    }
    input.value = '';
    fillFromIdCard(id).then((region) => { out.textContent = t('id.filled', { region }); });
  };
  input.addEventListener('input', read);
  input.addEventListener('change', (ev) => ev.stopPropagation());
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.isComposing) { ev.preventDefault(); read(ev); }
  });
  return wrap;
}

// Birth, sex and (as a suggestion to confirm) the hukou region from a read ID card. The first six
// digits are where the card was first issued, often a withdrawn code: where the server can name its
// successor (GET v1/regions), that is suggested. Resolves to the region's name as shown.
async function fillFromIdCard(id) {
  const fire = (el) => el.dispatchEvent(new Event('change', { bubbles: true }));
  const birth = document.getElementById('f-person-birth');
  birth.value = id.birth;
  fire(birth);
  const sex = document.getElementById('f-person-sex-' + id.sex);
  sex.checked = true;
  fire(sex);
  let code = id.region;
  // A code the picker does not list may be withdrawn: ask the server for its successor.
  if (!state.names.has(code)) {
    try {
      const res = await fetch(`v1/regions?q=${encodeURIComponent(code)}&limit=1`);
      const found = res.ok ? (await res.json()).regions?.[0] : null;
      if (found && /^\d{6}$/.test(found.code ?? '')) code = found.code;
    } catch { /* an older server: the code as printed */ }
  }
  suggestRegion('person.hukou.region', code);
  return `${regionName(code)} ${code}`.trim();
}

// Sets a region picker to a code: its prefecture and county where listed, else "elsewhere" + code.
function suggestRegion(path, code) {
  const id = idOf(path);
  const fire = (el) => el.dispatchEvent(new Event('change', { bubbles: true }));
  const prefSel = document.getElementById(id + '-pref');
  const pref = state.regions.prefectures.find((p) => p.code === code || p.counties.some((c) => c.code === code));
  const county = pref?.counties.find((c) => c.code === code);
  if (pref) {
    prefSel.value = pref.code;
    fire(prefSel);
    if (county) {
      const sel = document.getElementById(id + '-county');
      sel.value = code;
      fire(sel);
    }
  } else {
    prefSel.value = 'other';
    fire(prefSel);
    const input = document.getElementById(id + '-code');
    input.value = code;
    fire(input);
  }
}

// The birth month as the clerk typed it (1994-5, 199405, 1994.5, 1994年5月): YYYY-MM for the API, or
// the text as typed (the API then names the field in its error). YYYY-MM-DD goes as it is.
function birthValue(raw) {
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(raw)) return raw;
  return parseLooseYearMonth(raw) ?? raw;
}

function labelText(f) {
  const key = 'f.' + f.path;
  const l = [h('span', { 'data-i18n': key }, t(key))];
  if (f.required) l.push(h('span', { class: 'req', 'aria-hidden': 'true' }, ' *'));
  return l;
}

function describedBy(f) {
  const ids = [];
  if (f.hint) ids.push('hint-' + idOf(f.path));
  if (f.months || f.birth) ids.push('calc-' + idOf(f.path));
  ids.push('err-' + idOf(f.path));
  return ids.join(' ');
}

function buildField(f) {
  const id = idOf(f.path);
  const wrap = h('div', { class: `field kind-${f.kind}` + (f.width ? ` w-${f.width}` : ''), 'data-path': f.path, 'data-kind': f.kind, id: 'wrap-' + id });
  const hint = f.hint ? tx('p', 'h.' + f.path, { class: 'hint', id: 'hint-' + id }) : null;
  const err = h('p', { class: 'error', id: 'err-' + id, hidden: true });
  const common = { id, name: f.path, 'aria-describedby': describedBy(f), 'aria-required': f.required ? 'true' : null };

  switch (f.kind) {
    case 'text':
    case 'number': {
      const input = h('input', { ...common, type: 'text', inputmode: f.inputmode, autocomplete: 'off', spellcheck: 'false' });
      if (f.placeholder) {
        if (f.placeholder.includes('.')) { input.dataset.i18nPh = f.placeholder; input.placeholder = t(f.placeholder); }
        else input.placeholder = f.placeholder;
      }
      const row = h('div', { class: 'input-row' }, input);
      if (f.percent) row.append(h('span', { class: 'unit', 'aria-hidden': 'true' }, '%'));
      if (f.months || f.birth) row.append(h('output', { class: 'calc', id: 'calc-' + id, for: id }));
      append(wrap, h('label', { for: id }, labelText(f)), row, hint, err);
      break;
    }
    case 'select': {
      const sel = h('select', common, f.options.map((o) => h('option', { value: o }, optionLabel(f, o))));
      append(wrap, h('label', { for: id }, labelText(f)), sel, hint, err);
      break;
    }
    case 'checkbox': {
      const box = h('input', { ...common, type: 'checkbox', value: 'true' });
      append(wrap, h('label', { class: 'check' }, box, ' ', labelText(f)), hint, err);
      break;
    }
    case 'radio': {
      const fs = h('fieldset', { class: 'radios', id, 'aria-describedby': describedBy(f) },
        h('legend', null, labelText(f)),
        f.options.map((o) => h('label', { class: 'radio' },
          h('input', { type: 'radio', name: f.path, value: o, id: `${id}-${o}`, required: f.required ? true : null }),
          ' ', tx('span', f.optKey + o))));
      append(wrap, fs, hint, err);
      break;
    }
    case 'platform': {
      const sel = h('select', common,
        h('option', { value: '', 'data-i18n': 'o.plat.' }, t('o.plat.')),
        PLATFORMS.map(([pid, zh, en]) => h('option', { value: pid, 'data-zh': `${zh}（${pid}）`, 'data-en': `${en} (${pid})` },
          state.lang === 'en' ? `${en} (${pid})` : `${zh}（${pid}）`)),
        h('option', { value: '*other', 'data-i18n': 'o.plat.other' }, t('o.plat.other')));
      const other = h('input', { type: 'text', id: id + '-other', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'err-' + id });
      const otherWrap = h('div', { class: 'sub', hidden: true }, h('label', { for: id + '-other' }, tx('span', 'f.work.platform_other')), other);
      append(wrap, h('label', { for: id }, labelText(f)), sel, otherWrap, hint, err);
      sel.addEventListener('change', () => { otherWrap.hidden = sel.value !== '*other'; });
      break;
    }
    case 'region':
      append(wrap, buildRegion(f, id, err));
      break;
  }
  return wrap;
}

// A region picker: a search box (GET v1/regions: name, short name, pinyin or code, every county of
// China), every prefecture of China by province (a municipality as its own prefecture) and its
// counties (regions.json, from the engine's policies/cn/regions.csv), or any six-digit code.
function buildRegion(f, id, err) {
  const R = state.regions;
  const prefSel = h('select', { id: id + '-pref', name: f.path, 'aria-describedby': 'err-' + id + ' out-' + id, 'aria-required': f.required ? 'true' : null },
    h('option', { value: '', 'data-i18n': f.required ? 'region.choose' : 'region.unset' }, t(f.required ? 'region.choose' : 'region.unset')),
    ...R.provinces.map((pv) => h('optgroup', { label: pick(pv), 'data-zh': pv.zh, 'data-en': pv.en, 'data-attr': 'label' },
      R.prefectures.filter((p) => p.province === pv.code).map((p) => h('option', { value: p.code, 'data-zh': p.zh, 'data-en': p.en }, pick(p))))),
    h('option', { value: 'other', 'data-i18n': 'region.other' }, t('region.other')));
  const countySel = h('select', { id: id + '-county', 'aria-describedby': 'err-' + id + ' out-' + id });
  const countyWrap = h('div', { class: 'sub', hidden: true }, h('label', { for: id + '-county' }, tx('span', 'region.county')), countySel);
  const code = h('input', { type: 'text', id: id + '-code', inputmode: 'numeric', maxlength: 6, autocomplete: 'off',
    'aria-describedby': 'err-' + id + ' out-' + id, placeholder: t('region.codeHint'), 'data-i18n-ph': 'region.codeHint' });
  const codeWrap = h('div', { class: 'sub', hidden: true }, h('label', { for: id + '-code' }, tx('span', 'region.code')), code);
  const out = h('output', { class: 'region-out', id: 'out-' + id });
  const search = regionSearch(id, (c) => setRegion(id, c));

  const fs = h('fieldset', { class: 'region', id },
    h('legend', null, labelText(f)),
    search,
    h('div', { class: 'region-row' },
      h('div', { class: 'sub' }, h('label', { for: id + '-pref' }, tx('span', 'region.prefecture')), prefSel),
      countyWrap, codeWrap),
    out, err);

  prefSel.addEventListener('change', () => {
    const p = R.prefectures.find((x) => x.code === prefSel.value);
    countySel.replaceChildren();
    if (p && p.counties.length) {
      countySel.append(h('option', { value: '', 'data-i18n': 'region.whole' }, t('region.whole')),
        ...p.counties.map((c) => h('option', { value: c.code, 'data-zh': c.zh, 'data-en': c.en }, pick(c))));
    }
    countyWrap.hidden = !(p && p.counties.length);
    codeWrap.hidden = prefSel.value !== 'other';
  });
  return fs;
}

// The search box of a region picker: as the user types, up to 12 regions from GET v1/regions (the
// engine's own lookup, as `shebao ask` uses), chosen with the arrow keys and Enter, or a click.
function regionSearch(id, choose) {
  const listId = id + '-found';
  const input = h('input', { type: 'search', id: id + '-search', autocomplete: 'off', role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    placeholder: t('region.searchHint'), 'data-i18n-ph': 'region.searchHint' });
  const list = h('ul', { id: listId, class: 'region-found', role: 'listbox', hidden: true });
  let found = [], active = -1, seq = 0, timer = 0;
  const show = (items) => {
    found = items;
    active = items.length ? 0 : -1;
    list.replaceChildren(...items.map((r, i) => {
      const li = h('li', { id: `${listId}-${i}`, role: 'option', 'data-code': r.code, 'aria-selected': i === active ? 'true' : 'false' },
        `${state.lang === 'en' ? r.en : r.full_name} · ${r.code}`);
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); pickAt(i); });
      return li;
    }));
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
    mark();
  };
  const mark = () => {
    list.querySelectorAll('[role=option]').forEach((li, i) => li.setAttribute('aria-selected', i === active ? 'true' : 'false'));
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const pickAt = (i) => {
    const r = found[i];
    if (!r) return;
    show([]);
    input.value = '';
    choose(r.code);
  };
  const query = async () => {
    const q = input.value.trim();
    const my = ++seq;
    if (!q) { show([]); return; }
    try {
      const res = await fetch(`v1/regions?q=${encodeURIComponent(q)}&limit=12`);
      const body = res.ok ? await res.json() : { regions: [] };
      if (my === seq) show(body.regions);
    } catch { if (my === seq) show([]); }
  };
  // Typing here only searches: the form does not count it as a change of the profile.
  input.addEventListener('input', (ev) => { ev.stopPropagation(); clearTimeout(timer); timer = setTimeout(query, 120); });
  input.addEventListener('change', (ev) => ev.stopPropagation());
  input.addEventListener('keydown', (ev) => {
    if (ev.isComposing) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (!found.length) return;
      ev.preventDefault();
      active = (active + (ev.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length;
      mark();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();  // never submits the form from here
      ev.stopPropagation();
      if (active >= 0) pickAt(active);
    } else if (ev.key === 'Escape' && found.length) {
      ev.preventDefault();
      show([]);
    }
  });
  input.addEventListener('blur', () => setTimeout(() => show([]), 150));
  return h('div', { class: 'sub region-search' }, h('label', { for: input.id }, tx('span', 'region.search')), input, list);
}

// Sets a region picker to `code`: its prefecture (and county), or "elsewhere" with the code typed.
function setRegion(id, code) {
  const prefSel = document.getElementById(id + '-pref');
  const pref = state.regions.prefectures.find((p) => p.code === code) ?? state.prefOf.get(code);
  const fire = (el) => el.dispatchEvent(new Event('change', { bubbles: true }));
  if (pref) {
    prefSel.value = pref.code;
    fire(prefSel);
    if (pref.code !== code) {
      const county = document.getElementById(id + '-county');
      county.value = code;
      fire(county);
    }
  } else {
    prefSel.value = 'other';
    fire(prefSel);
    const input = document.getElementById(id + '-code');
    input.value = code;
    fire(input);
  }
  prefSel.focus();
}

function regionCode(path) { return regionCodeById(idOf(path)); }

function regionCodeById(id) {
  const pref = document.getElementById(id + '-pref').value;
  if (pref === '') return '';
  if (pref === 'other') return document.getElementById(id + '-code').value.trim();
  const county = document.getElementById(id + '-county');
  return !county.closest('.sub').hidden && county.value ? county.value : pref;
}

// ---- records in several places: coverage.pension.history / coverage.medical.history -------------
// Folded by default ("paid somewhere else? add a period"): one row per period, with a region
// picker, from and to (YYYY-MM, typed as people write it, or "still paying"), the scheme and, for
// the pension, a temporary account. An empty row is not sent; a row's errors appear in the row.

const HIST_KINDS = ['pension', 'medical'];
let histSeq = 0;

function buildHistory() {
  const details = h('details', { class: 'history', id: 'history' },
    tx('summary', 'hist.toggle', { id: 'history-toggle' }),
    tx('p', 'hist.hint', { class: 'hint' }),
    HIST_KINDS.map((kind) => h('div', { class: 'hist-group', id: 'hist-' + kind, 'data-hist-kind': kind },
      tx('h4', 'hist.' + kind),
      h('ol', { class: 'periods', id: `hist-${kind}-rows` }),
      h('button', { type: 'button', class: 'hist-add', id: `hist-${kind}-add`, 'data-i18n': 'hist.add.' + kind,
        onclick: () => { const row = addPeriod(kind); row.querySelector('input[type=search]').focus(); } }, t('hist.add.' + kind)),
      kind === 'pension' ? buildDeemed() : null)));
  // The first opening offers one empty pension period to fill in.
  details.addEventListener('toggle', () => {
    if (details.open && !document.querySelector('#hist-pension-rows > li')) addPeriod('pension');
  });
  return details;
}

// 视同缴费年限 (coverage.pension.deemed): whole years, counted to the place worked at the time.
// Sent with the pension periods.
function buildDeemed() {
  const err = h('p', { class: 'error', id: 'err-h-deemed', hidden: true });
  return h('div', { class: 'period field deemed', id: 'h-deemed' },
    tx('h4', 'hist.deemed'),
    buildRegion({ path: 'hist.deemedRegion' }, 'h-deemed-region', err),
    h('div', { class: 'sub' },
      h('label', { for: 'h-deemed-years' }, tx('span', 'hist.deemedYears')),
      h('input', { type: 'number', id: 'h-deemed-years', min: 0, max: 60, step: 1, inputmode: 'numeric', 'aria-describedby': 'err-h-deemed' })),
    err);
}

// The deemed years as PROFILE.md has them, or [] when not filled in.
function readDeemed() {
  const region = regionCodeById('h-deemed-region');
  const raw = document.getElementById('h-deemed-years')?.value.trim() ?? '';
  if (!raw) return [];
  const years = Number(raw);
  const d = { years: Number.isFinite(years) ? years : raw };
  if (region) d.region = region;
  return [d];
}

function addPeriod(kind) {
  const rid = `h-${kind}-${++histSeq}`;
  const err = h('p', { class: 'error', id: 'err-' + rid, hidden: true });
  const region = buildRegion({ path: 'hist.region' }, rid + '-region', err);
  const ym = (part, phKey) => h('div', { class: 'sub ym' },
    h('label', { for: `${rid}-${part}` }, tx('span', 'hist.' + part)),
    h('input', { type: 'text', id: `${rid}-${part}`, class: 'ym-input', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false',
      placeholder: t(phKey), 'data-i18n-ph': phKey, 'aria-describedby': 'err-' + rid }));
  const from = ym('from', 'ph.ym');
  const to = ym('to', 'ph.ymTo');
  const toInput = to.querySelector('input');
  const open = h('input', { type: 'checkbox', id: rid + '-open' });
  open.addEventListener('change', () => { toInput.disabled = open.checked; if (open.checked) toInput.value = ''; });
  const scheme = h('select', { id: rid + '-scheme', 'aria-describedby': 'err-' + rid },
    ['employee', 'resident'].map((o) => h('option', { value: o, 'data-i18n': 'hist.scheme.' + o }, t('hist.scheme.' + o))));
  const li = h('li', { class: 'period field', id: rid, 'data-hist-kind': kind },
    region,
    h('div', { class: 'period-row' }, from, to,
      h('label', { class: 'check open' }, open, ' ', tx('span', 'hist.open'))),
    h('div', { class: 'period-row' },
      h('div', { class: 'sub' }, h('label', { for: rid + '-scheme' }, tx('span', 'hist.scheme')), scheme),
      kind === 'pension'
        ? h('label', { class: 'check' }, h('input', { type: 'checkbox', id: rid + '-temporary' }), ' ', tx('span', 'hist.temporary'))
        : null,
      h('button', { type: 'button', class: 'hist-remove', id: rid + '-remove', 'data-i18n': 'hist.remove',
        onclick: () => { li.remove(); markChanged(); document.getElementById(`hist-${kind}-add`).focus(); } }, t('hist.remove'))),
    err);
  document.getElementById(`hist-${kind}-rows`).append(li);
  updateVisibility();
  return li;
}

// A year-month as typed (2012-1, 2012.1, 201201, 2012年1月): YYYY-MM, or the text as typed (the API
// then names the period in its error).
function ymValue(raw) {
  if (/^\d{4}-\d{2}$/.test(raw)) return raw;
  return parseLooseYearMonth(raw) ?? raw;
}

// The periods of one history as PROFILE.md has them; rows with nothing filled in are left out.
function readHistory(kind) {
  const out = [];
  for (const li of document.querySelectorAll(`#hist-${kind}-rows > li`)) {
    const v = (suffix) => document.getElementById(li.id + suffix);
    const region = regionCodeById(li.id + '-region');
    const from = v('-from').value.trim(), to = v('-to').value.trim();
    if (!region && !from && !to) continue;
    const p = {};
    if (region) p.region = region;
    if (from) p.from = ymValue(from);
    if (to && !v('-open').checked) p.to = ymValue(to);
    p.scheme = v('-scheme').value;
    if (kind === 'pension' && v('-temporary').checked) p.temporary = true;
    out.push(p);
  }
  return out;
}

// The row of an error path "coverage.pension.history[1]..." (the n-th period sent), or null.
function historyRowOf(path) {
  if (/^coverage\.pension\.deemed/.test(path ?? '')) return document.getElementById('h-deemed');
  const m = /^coverage\.(pension|medical)\.history(?:\[(\d+)\])?/.exec(path ?? '');
  if (!m) return null;
  const rows = [...document.querySelectorAll(`#hist-${m[1]}-rows > li`)].filter((li) =>
    regionCodeById(li.id + '-region') || document.getElementById(li.id + '-from').value.trim() || document.getElementById(li.id + '-to').value.trim());
  return rows[m[2] === undefined ? 0 : +m[2]] ?? null;
}

function clearHistory() {
  for (const ol of document.querySelectorAll('ol.periods')) ol.replaceChildren();
  const years = document.getElementById('h-deemed-years');
  if (years) years.value = '';
  document.getElementById('history').open = false;
}

function markChanged() {
  if (state.lastResult && !state.stale) setStale(true);
}

// The raw value of a field as shown, whether or not the field is visible.
function rawValue(path) {
  const f = FIELD.get(path);
  const id = idOf(path);
  switch (f.kind) {
    case 'radio': return document.querySelector(`input[name="${path}"]:checked`)?.value ?? '';
    case 'checkbox': return document.getElementById(id).checked;
    case 'region': return regionCode(path);
    case 'platform': {
      const v = document.getElementById(id).value;
      return v === '*other' ? document.getElementById(id + '-other').value.trim() : v;
    }
    default: return document.getElementById(id).value.trim();
  }
}

const isVisible = (path) => !document.getElementById('wrap-' + idOf(path)).hidden;

function updateVisibility() {
  for (const f of FIELD.values()) {
    if (!f.show) continue;
    document.getElementById('wrap-' + idOf(f.path)).hidden = !f.show(rawValue);
  }
  for (const f of FIELD.values()) {
    if (!f.months) continue;
    const raw = rawValue(f.path);
    const out = document.getElementById('calc-' + idOf(f.path));
    out.textContent = /^\d+$/.test(raw) && +raw >= 12 ? t('months.asYears', { text: dur(+raw) }) : '';
  }
  // The birth month as understood, where it was not typed as YYYY-MM.
  const birthRaw = rawValue('person.birth');
  const ym = /^\d{4}-\d{2}(-\d{2})?$/.test(birthRaw) ? null : parseLooseYearMonth(birthRaw);
  document.getElementById('calc-f-person-birth').textContent = ym ? t('birth.understood', { y: ym.slice(0, 4), m: +ym.slice(5) }) : '';
  for (const fs of document.querySelectorAll('fieldset.region')) {
    const code = regionCodeById(fs.id);
    fs.querySelector('output').textContent = /^\d{6}$/.test(code) ? `${code} · ${regionName(code)}` : '';
  }
}

// A number as typed: a plain decimal becomes a JSON number, anything else goes as typed so that
// the API names the field in its error.
function numberOrRaw(s) {
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

export function readProfile() {
  const profile = {};
  for (const f of FIELD.values()) {
    if (!isVisible(f.path)) continue;
    const raw = rawValue(f.path);
    let value;
    if (f.kind === 'checkbox') {
      if (!raw) continue;
      value = true;
    } else {
      if (raw === '') continue;
      if (f.kind === 'number') {
        value = numberOrRaw(raw);
        if (f.percent && typeof value === 'number') value = Number((value / 100).toPrecision(12));
      } else if (f.birth) {
        value = birthValue(raw);
      } else if (f.number) {
        value = Number(raw);
      } else {
        value = raw;
      }
    }
    setPath(profile, f.path, value);
  }
  // Records in several places: with a history, the engine derives scheme, region and months paid.
  for (const kind of HIST_KINDS) {
    const history = readHistory(kind);
    if (!history.length) continue;
    const c = ((profile.coverage ??= {})[kind] ??= {});
    delete c.scheme; delete c.region; delete c.months_paid;
    c.history = history;
    if (kind === 'pension') {
      const deemed = readDeemed();
      if (deemed.length) c.deemed = deemed;
    }
  }
  return profile;
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys.at(-1)] = value;
}

// ---- errors next to their fields ---------------------------------------------------------------

function fieldForPath(path) {
  if (FIELD.has(path)) return path;
  // "coverage.pension" or a deeper path: the nearest field that starts with it.
  for (const p of FIELD.keys()) if (p.startsWith(path + '.') || path.startsWith(p + '.')) return p;
  return null;
}

function focusTarget(path) {
  const f = FIELD.get(path), id = idOf(path);
  if (f.kind === 'radio') return document.querySelector(`input[name="${path}"]:checked`) ?? document.getElementById(`${id}-${f.options[0]}`);
  if (f.kind === 'region') {
    const pref = document.getElementById(id + '-pref');
    return pref.value === 'other' ? document.getElementById(id + '-code') : pref;
  }
  if (f.kind === 'platform' && document.getElementById(id).value === '*other') return document.getElementById(id + '-other');
  return document.getElementById(id);
}

// Focus a field; if it is hidden because of another field's value, focus that one instead.
export function focusField(path) {
  let p = fieldForPath(path);
  if (!p) return false;
  while (!isVisible(p) && FIELD.get(p).controller) p = FIELD.get(p).controller;
  const target = focusTarget(p);
  target.scrollIntoView({ block: 'center', behavior: 'instant' });
  target.focus({ preventScroll: true });
  return true;
}

function clearErrors() {
  for (const e of document.querySelectorAll('#profile-form .error')) { e.hidden = true; e.textContent = ''; }
  for (const e of document.querySelectorAll('#profile-form [aria-invalid]')) e.removeAttribute('aria-invalid');
  for (const w of document.querySelectorAll('#profile-form .field.invalid')) w.classList.remove('invalid');
  const sum = document.getElementById('error-summary');
  sum.hidden = true;
  sum.replaceChildren();
}

function clearFieldError(path) {
  const wrap = document.getElementById('wrap-' + idOf(path));
  if (!wrap || !wrap.classList.contains('invalid')) return;
  wrap.classList.remove('invalid');
  const err = document.getElementById('err-' + idOf(path));
  err.hidden = true;
  err.textContent = '';
  for (const e of wrap.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}

function fieldLabel(path) {
  const key = 'f.' + path;
  return STRINGS[state.lang][key] ? t(key) : path;
}

function showErrors(errors) {
  clearErrors();
  const sum = document.getElementById('error-summary');
  const list = h('ul');
  let first = null;
  let firstRow = null;
  for (const e of errors) {
    const row = historyRowOf(e.path);
    if (row) {
      document.getElementById('history').open = true;
      row.classList.add('invalid');
      const err = document.getElementById('err-' + row.id);
      err.hidden = false;
      err.append(h('span', { class: 'msg', 'data-code': e.code, 'data-error-path': e.path }, e.message));
      const go = () => { const c = row.querySelector('select[id$="-pref"]'); c.scrollIntoView({ block: 'center', behavior: 'instant' }); c.focus({ preventScroll: true }); };
      list.append(h('li', null, h('a', { href: '#' + row.id, onclick: (ev) => { ev.preventDefault(); go(); } }, t('hist.' + (e.path.includes('medical') ? 'medical' : 'pension'))),
        t('colon'), e.message));
      firstRow ??= go;
      continue;
    }
    let p = fieldForPath(e.path);
    let note = '';
    if (p && !isVisible(p)) {
      const shown = p;
      while (!isVisible(p) && FIELD.get(p).controller) p = FIELD.get(p).controller;
      note = ' ' + t('msg.hiddenField', { field: fieldLabel(p) }) + ` (${fieldLabel(shown)})`;
    }
    if (p) {
      const wrap = document.getElementById('wrap-' + idOf(p));
      wrap.classList.add('invalid');
      const err = document.getElementById('err-' + idOf(p));
      err.hidden = false;
      err.append(h('span', { class: 'msg', 'data-code': e.code, 'data-error-path': e.path }, e.message + note));
      for (const c of wrap.querySelectorAll('input, select')) c.setAttribute('aria-invalid', 'true');
      first ??= p;
    }
    const label = p ? fieldLabel(p) : e.path || '(body)';
    list.append(h('li', null,
      p ? h('a', { href: '#' + idOf(p), onclick: (ev) => { ev.preventDefault(); focusField(p); } }, label) : h('strong', null, label),
      t('colon'), e.message));
  }
  sum.append(h('p', { class: 'title' }, t('msg.errors', { n: errors.length })), list);
  sum.hidden = false;
  if (first) focusField(first);
  else if (firstRow) firstRow();
  announce(t('msg.errorsAnnounce', { n: errors.length, first: `${errors[0].path}: ${errors[0].message}` }));
}

// ---- submitting -------------------------------------------------------------------------------

async function submit(ev) {
  ev?.preventDefault();
  const t0 = performance.now();
  const profile = readProfile();
  await evaluate(profile, t0);
}

// Sends a profile and shows the answer or the errors. `stale` keeps the "form has changed" notice
// (a language switch asks again for the profile shown, not for the form as it is now).
async function evaluate(profile, t0 = performance.now(), stale = false) {
  const seq = ++state.seq;
  const answer = document.getElementById('answer');
  answer.setAttribute('aria-busy', 'true');
  document.getElementById('busy').hidden = false;
  let res, text, tFetched = t0;
  try {
    res = await fetch(`v1/evaluate?lang=${state.lang}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(profile),
      cache: 'no-store',
    });
    text = await res.text();
    tFetched = performance.now();
  } catch (e) {
    if (seq !== state.seq) return;
    finish();
    showFatal(t('msg.network', { e: e.message }));
    return;
  }
  if (seq !== state.seq) return;
  finish();
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  state.lastProfile = profile;
  if (res.ok && body && Array.isArray(body.schemes)) {
    clearErrors();
    state.lastResult = body;
    state.lastText = text;
    state.auditRecord = res.headers.get('X-Audit-Record');  // with serve --audit: shown on the print
    setStale(stale);
    renderAnswer(body);
  } else if (body && Array.isArray(body.errors) && res.status === 400) {
    showErrors(body.errors);
  } else {
    const msg = body?.errors?.map((e) => e.message).join('; ') || text.slice(0, 200);
    showFatal(t('msg.server', { status: res.status, e: msg }));
  }
  // Submit-to-answer time, and its part spent waiting for the server; for the e2e test's report.
  const tEnd = performance.now();
  answer.dataset.renderMs = (tEnd - t0).toFixed(1);
  answer.dataset.fetchMs = (tFetched - t0).toFixed(1);
  document.dispatchEvent(new CustomEvent('shebao:rendered', { detail: { ms: tEnd - t0, fetchMs: tFetched - t0, ok: res.ok } }));

  function finish() {
    answer.removeAttribute('aria-busy');
    document.getElementById('busy').hidden = true;
  }
}

function showFatal(message) {
  const sum = document.getElementById('error-summary');
  clearErrors();
  sum.append(h('p', { class: 'title' }, message));
  sum.hidden = false;
  announce(message);
}

function announce(message) {
  document.getElementById('announce').textContent = message;
}

function setStale(stale) {
  state.stale = stale;
  document.getElementById('stale').hidden = !stale;
  document.getElementById('answer').classList.toggle('is-stale', stale);
}

// ---- the answer -------------------------------------------------------------------------------

const STATUSES = ['mandatory', 'enrolled', 'eligible', 'platform_covered', 'recommended', 'not_eligible', 'not_available'];
const BASE_OPTIONS = ['ratio_0.60', 'ratio_1.00', 'ratio_3.00'];

function cites(list) {
  if (!list?.length) return null;
  return h('p', { class: 'cites' },
    list.map((c, i) => [i ? t('cite.sep') : null,
      h('cite', { 'data-document': c.document, 'data-article': c.article || '' },
        c.article ? `${c.document}${state.lang === 'en' ? ' ' : ''}${c.article}` : c.document)]));
}

function statusBadge(s) {
  return h('span', { class: `badge st-${s}`, 'data-status': s }, t('status.' + s));
}

function needLink(path, label) {
  const p = fieldForPath(path);
  return h('a', { href: p ? '#' + idOf(p) : '#', class: 'need', 'data-need': path,
    onclick: (ev) => { ev.preventDefault(); focusField(path); } }, label ?? fieldLabel(p ?? path));
}

function formatDetail(d) {
  const v = d.value;
  switch (d.unit) {
    case 'ratio': return /^-?\d+(\.\d+)?$/.test(v) ? t('unit.ratio', { n: +(Number(v) * 100).toFixed(4) }) : v;
    case 'months': return /^\d+$/.test(v) ? dur(+v) : v;
    case 'years': return /^\d+$/.test(v) ? t('unit.years', { n: v }) : v;
    case 'yuan': return v.startsWith('[') ? moneyMap(v) : money(v);
    case 'yuan_per_order': return t('unit.yuan_per_order', { n: v });
    default: return d.unit ? `${v} ${d.unit}` : v;
  }
}

// A map parameter of amounts ("[300.00: 35.00, 400.00: 40.00]", e.g. grade: subsidy) as a list of
// pairs; anything else as it came.
function moneyMap(v) {
  const pairs = v.slice(1, -1).split(',').map((p) => p.split(':').map((x) => x.trim()));
  if (!v.endsWith(']') || pairs.some((p) => p.length !== 2 || !/^\d+(\.\d+)?$/.test(p[0]) || !/^\d+(\.\d+)?$/.test(p[1]))) return v;
  return h('ul', { class: 'map' }, pairs.map(([k, x]) => h('li', null, `${money(k)} → ${money(x)}`)));
}

// An amount of the API ("10456.80") as people read it: "10,456.80元" / "10,456.80 yuan".
const money = (x) => formatMoney(x, state.lang);

function amountCell(cls, amount) {
  return h('td', { class: `num ${cls}`, 'data-amount': amount ?? '' },
    amount ? h('span', { class: 'amount' }, money(amount)) : h('span', { class: 'none', 'aria-label': '—' }, t('amount.none')));
}

// The worker's own cost as the text answer says it: "每月871.40元（每年10,456.80元）" / "每年300.00元".
// English names "yuan" once: "871.40 yuan a month (10,456.80 a year)". A yearly fee inside the
// yearly amount is named as the text answer names it.
function costText(c, fee) {
  if (!c.monthly) return t('bl.costAnnual', { y: money(c.annual) });
  const y = formatAmount(c.annual);
  if (fee) return t('bl.costFee', { m: money(c.monthly), y, label: fee.label || fee.id, f: money(fee.amount) });
  return t('bl.cost', { m: money(c.monthly), y });
}

// One scheme of the expandable row: the base options, employer shares, subsidies, reasons, figures.
function schemeDetails(s, result) {
  const c = s.contribution;
  const more = h('div', { class: 'more' });
  const parts = [];
  if (c?.monthly && c.monthly.employer !== '0.00') {
    parts.push(`${t('amount.employer', { x: money(c.monthly.employer) })}${t('amount.perMonth')}`,
      `${t('amount.total', { x: money(c.monthly.total) })}${t('amount.perMonth')}`);
  } else if (c?.annual && c.annual.employer !== '0.00') {
    parts.push(`${t('amount.employer', { x: money(c.annual.employer) })}${t('amount.perYear')}`,
      `${t('amount.total', { x: money(c.annual.total) })}${t('amount.perYear')}`);
  }
  if (c?.government_annual) parts.push(t('amount.gov', { x: money(c.government_annual) }));
  if (parts.length) more.append(h('p', { class: 'amounts' }, parts.join(t('cite.sep'))));
  const base = (c?.options ?? []).filter((o) => BASE_OPTIONS.includes(o.id));
  if (base.length) {
    more.append(h('p', { class: 'base-options' }, h('span', { class: 'label' }, t('col.options'), t('colon')),
      base.map((o, i) => {
        const chosen = c.base?.monthly && o.base === c.base.monthly;
        return [i ? t('cite.sep') : null, h('span', { class: 'opt' + (chosen ? ' chosen' : ''), 'data-option': o.id,
          'data-monthly': o.monthly?.personal ?? '', 'data-annual': o.annual?.personal ?? '' },
        `${o.id === 'ratio_0.60' ? '60%' : o.id === 'ratio_1.00' ? '100%' : '300%'} `,
        o.base ? `${t('paren', { x: t('amount.base', { x: money(o.base) }) })} ` : '',
        o.monthly ? `${money(o.monthly.personal)}${t('amount.perMonth')} · ` : '',
        `${money(o.annual?.personal ?? '')}${t('amount.perYear')}`,
        chosen ? h('span', { class: 'chosen-mark' }, ' ✓ ' + t('opt.chosen')) : null)];
      })));
  }
  more.append(h('ul', { class: 'reasons', 'aria-label': t('reasons.label') },
    (s.reasons ?? []).map((r) => h('li', { 'data-rule': r.rule }, h('p', null, r.text), cites(r.citations)))));
  const otherOptions = (c?.options ?? []).filter((o) => !BASE_OPTIONS.includes(o.id));
  const details = (s.details ?? []).map((d) => [h('dt', null, d.label), h('dd', { 'data-detail': d.id }, formatDetail(d))]);
  for (const o of otherOptions) {
    details.push([h('dt', null, o.label), h('dd', { 'data-option': o.id },
      o.monthly ? `${money(o.monthly.personal)}${t('amount.perMonth')} · ` : '', `${money(o.annual?.personal ?? '')}${t('amount.perYear')}`)]);
  }
  if (details.length) more.append(h('dl', { class: 'details', 'aria-label': t('details.label') }, details));
  if (s.needs?.length) {
    more.append(h('p', { class: 'scheme-needs' }, tx('span', 'schemeNeeds'),
      s.needs.map((n, i) => [i ? t('cite.sep') : null, needLink(n)])));
  }
  if (s.alternatives?.length) {
    const names = s.alternatives.map((a) => result.schemes.find((x) => x.id === a)?.name ?? a);
    more.append(h('p', { class: 'alternatives' }, tx('span', 'alternatives'), names.join(t('cite.sep'))));
  }
  const transfers = (result.transfers ?? []).filter((tr) => tr.scheme === s.id);
  if (transfers.length) more.append(h('p', { class: 'scheme-transfers' }, t('tr.heading'), t('colon'),
    transfers.map((tr) => t('tr.kind.' + tr.kind)).join(t('cite.sep'))));
  return more;
}

// One scheme: a compact row (name, status, place, channel, own cost a month and a year) and, below
// it, a row opened with the "details" button.
function schemeRows(s, result, columns) {
  const c = s.contribution;
  const key = s.id.replace(/\./g, '-');
  const tbody = h('tbody', { class: 'scheme', id: 'scheme-' + key,
    dataset: { scheme: s.id, status: s.status, determined: String(s.determined !== false) } });

  const statusCell = h('td', { class: 'status' }, statusBadge(s.status));
  if (s.determined === false) {
    statusCell.append(' ', h('span', { class: 'badge undetermined', title: t('undeterminedTitle') }, t('undetermined')));
  }
  const toggle = h('button', { type: 'button', class: 'row-toggle', 'aria-expanded': 'false', 'aria-controls': 'more-' + key,
    'aria-label': t('row.moreLabel', { x: s.name }) }, t('row.more'));
  const row = h('tr', { class: 'main' },
    h('th', { scope: 'row', class: 'name' }, h('span', { class: 'scheme-name' }, s.name)),
    statusCell,
    h('td', { class: 'where', 'data-region': s.enrol_region ?? '' }, s.enrol_region ? (s.enrol_region_name || regionName(s.enrol_region)) : t('amount.none')),
    h('td', { class: 'channel', 'data-channel': s.channel ?? '' }, s.channel ? t('channel.' + s.channel) : t('amount.none')),
    amountCell('monthly', c?.monthly?.personal),
    amountCell('yearly', c?.annual?.personal),
    h('td', { class: 'toggle' }, toggle));
  const moreRow = h('tr', { class: 'reasons-row', id: 'more-' + key, hidden: true },
    h('td', { colspan: columns }, schemeDetails(s, result)));
  toggle.addEventListener('click', () => {
    const open = moreRow.hidden;
    moreRow.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
  });
  tbody.append(row, moreRow);
  return tbody;
}

function schemesTable(result) {
  const columns = 7;
  const thead = h('thead', null, h('tr', null,
    h('th', { scope: 'col' }, t('col.scheme')),
    h('th', { scope: 'col' }, t('col.status')),
    h('th', { scope: 'col' }, t('col.where')),
    h('th', { scope: 'col' }, t('col.channel')),
    h('th', { scope: 'col', class: 'num' }, t('col.monthly')),
    h('th', { scope: 'col', class: 'num' }, t('col.yearly')),
    h('th', { scope: 'col', class: 'toggle' }, h('span', { class: 'visually-hidden' }, t('row.more')))));
  return h('table', { class: 'schemes', id: 'schemes-table' },
    h('caption', { class: 'visually-hidden' }, t('sch.heading')),
    thead, result.schemes.map((s) => schemeRows(s, result, columns)));
}

function summaryText(result) {
  const counts = new Map();
  for (const s of result.schemes) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  const parts = STATUSES.filter((s) => counts.has(s)).map((s) => `${t('status.' + s)} ${counts.get(s)}`);
  const open = result.schemes.filter((s) => s.determined === false).length;
  if (open) parts.push(`${t('undetermined')} ${open}`);
  return t('answer.summary', { n: result.schemes.length, parts: parts.join(state.lang === 'en' ? ', ' : '，') });
}

function section(id, titleKey, ...content) {
  return h('section', { class: 'block', id, 'aria-labelledby': id + '-h' }, h('h3', { id: id + '-h' }, t(titleKey)), content);
}

// ---- the bottom line (result.summary), worded as the text answer words it ----------------------

// "企业职工基本养老保险（云南省昆明市五华区）：每月871.40元（每年10,456.80元）。到……登记"
// Places are named as the text answer names them: without the province when every place of the
// answer (the schemes' and the transfers') is in one province and the place has a prefecture.
function onlyProvince(result) {
  const provs = new Set();
  for (const s of result.schemes ?? []) if (s.enrol_region) provs.add(s.enrol_region.slice(0, 2));
  for (const x of result.transfers ?? []) for (const r of [x.from_region, x.to_region]) if (r) provs.add(r.slice(0, 2));
  return provs.size === 1 ? [...provs][0] + '0000' : null;
}
function answerPlace(code, full, province) {
  if (!province || code.slice(0, 2) + '0000' !== province) return full;
  const pref = code.slice(0, 4) + '00';
  if (pref === code || pref === province || !state.names.get(pref)) return full;
  const prov = state.names.get(province);
  if (!prov) return full;
  const name = pick(prov);
  if (state.lang === 'en') return full.endsWith(`, ${name}`) ? full.slice(0, -(name.length + 2)) : full;
  return full.startsWith(name) ? full.slice(name.length) : full;
}

function actionOption(o, result, province) {
  const full = o.enrol_region ? (o.enrol_region_name || regionName(o.enrol_region)) : '';
  const place = full ? answerPlace(o.enrol_region, full, province) : '';
  const fee = result.schemes.find((s) => s.id === o.scheme)?.contribution?.fixed_annual;
  return [h('strong', { class: 'bl-name' }, o.name),
    place ? t('paren', { x: place }) : null,
    o.cost ? [t('colon'), h('span', { class: 'bl-cost', 'data-monthly': o.cost.monthly ?? '', 'data-annual': o.cost.annual }, costText(o.cost, fee))] : null,
    o.text ? [t('period'), h('span', { class: 'bl-text' }, o.text)] : null,
    // The deadline the policy names, beside what it is about.
    o.deadline ? [state.lang === 'en' ? ' ' : '', h('span', { class: 'bl-deadline' }, h('strong', null, t('bl.deadline')), o.deadline)] : null];
}

const MARKS = { zh: ['①', '②', '③', '④'], en: ['a)', 'b)', 'c)', 'd)'] };

function bottomLine(result) {
  const sum = result.summary;
  if (!sum) return null;
  const schemeName = (id) => result.schemes.find((s) => s.id === id)?.name ?? id;
  const actions = sum.actions ?? [];
  const province = onlyProvince(result);
  const list = h('ol', { class: 'bl-actions' }, actions.map((a) => {
    if (a.kind === 'choose_one') {
      return h('li', { 'data-kind': a.kind }, t('bl.chooseOne'),
        h('ol', { class: 'bl-choices' }, a.options.map((o, i) => h('li', { 'data-scheme': o.scheme },
          h('span', { class: 'bl-mark', 'aria-hidden': 'true' }, (MARKS[state.lang][i] ?? '·') + ' '), actionOption(o, result, province)))));
    }
    const o = a.options[0];
    return h('li', { 'data-kind': a.kind, 'data-scheme': o.scheme }, actionOption(o, result, province));
  }));
  const lines = [];
  const tot = sum.total;
  if (tot && Number(tot.annual) === 0 && !tot.complete) {
    // Nothing could be estimated (an employee's share depends on the wage): say so, no "0.00".
    lines.push(h('p', { id: 'bl-total', class: 'bl-total', 'data-monthly': tot.monthly, 'data-annual': tot.annual },
      h('strong', null, t('bl.total')), t('bl.notEstimated')));
  } else if (tot && Number(tot.annual) > 0) {
    lines.push(h('p', { id: 'bl-total', class: 'bl-total', 'data-monthly': tot.monthly, 'data-annual': tot.annual },
      h('strong', null, t('bl.total')), tot.at_least ? t('bl.atLeast') : '',
      h('strong', { class: 'bl-cost' }, costText(tot)),
      tot.at_least ? t('bl.cheaper') : '', tot.complete ? '' : t('bl.incomplete')));
  }
  if (sum.bring?.length) lines.push(h('p', { id: 'bl-bring' }, h('strong', null, t('bl.bring')), sum.bring.join(t('list.sep'))));
  if (sum.settle) {
    const label = sum.settle.label || fieldLabel(sum.settle.path);
    lines.push(h('p', { id: 'bl-settle' }, h('strong', null, t('bl.settle')), needLink(sum.settle.path, label),
      t('bl.settles', { x: (sum.settle.schemes ?? []).map(schemeName).join(t('list.sep')) })));
  }
  return h('section', { class: 'bottom-line', id: 'bottom-line', 'aria-labelledby': 'bottom-line-h' },
    h('h3', { id: 'bottom-line-h' }, t('bl.heading')),
    actions.length ? list : h('p', { class: 'muted' }, t('bl.none')), lines);
}

// The worker's facts, for the printed page (the form is not printed).
function factsLine(result) {
  const p = state.lastProfile ?? {};
  const parts = [];
  if (p.person?.birth) parts.push(t('facts.born', { x: p.person.birth }));
  if (p.person?.sex) parts.push(t('o.sex.' + p.person.sex));
  if (result.person?.age) parts.push(`${t('answer.age')} ${age(result.person.age)}`);
  if (p.person?.hukou?.region) parts.push(t('facts.hukou', { x: regionName(p.person.hukou.region) }));
  if (p.work?.region) parts.push(t('facts.work', { x: regionName(p.work.region) }));
  if (result.relationship?.label) parts.push(result.relationship.label);
  if (typeof p.work?.monthly_income === 'number') parts.push(t('facts.income', { x: money(p.work.monthly_income.toFixed(2)) }));
  const r = result.person?.retirement;
  if (r) parts.push(t('facts.retire', { age: age(r.age), date: r.date }));
  return h('p', { class: 'print-only facts-line', id: 'facts-line' }, h('strong', null, t('answer.facts'), t('colon')), parts.join(' · '));
}

function retirementBlock(result) {
  const r = result.person?.retirement;
  if (!r) return null;
  const rows = [
    ['ret.age', age(r.age), 'ret-age'],
    ['ret.date', r.date, 'ret-date'],
  ];
  if (r.original_age) rows.push(['ret.original', `${age(r.original_age)}${r.delay_months ? t('paren', { x: `${t('ret.delay')} ${dur(r.delay_months)}` }) : ''}`, 'ret-original']);
  if (r.flexible) rows.push(['ret.flexible', t('ret.flexibleRange', { a: r.flexible.earliest, b: r.flexible.latest }), 'ret-flexible']);
  if (r.min_contribution_years) rows.push(['ret.min', dur(r.min_contribution_years.years * 12 + r.min_contribution_years.months), 'ret-min']);
  if (result.person.age) rows.unshift(['answer.age', age(result.person.age), 'ret-current-age']);
  return section('retirement', 'ret.heading',
    h('dl', { class: 'facts' }, rows.map(([k, v, id]) => [h('dt', null, t(k)), h('dd', { id }, v)])),
    cites(r.citations));
}

// `picture` false: the records picture (recordsBlock) already draws the years; the verdict and
// advice stay.
function timelineBlock(result, picture = true) {
  const o = result.person?.outlook;
  if (!o || o.required_months === undefined) return null;
  const r = result.person.retirement;
  const legend = h('ul', { class: 'legend', 'aria-hidden': 'true' },
    h('li', null, h('span', { class: 'key k-paid' }), t('tl.legendPaid')),
    h('li', null, h('span', { class: 'key k-projected' }), t('tl.legendProjected')),
    o.projected_months < o.required_months ? h('li', null, h('span', { class: 'key k-short' }), t('tl.legendShort')) : null,
    h('li', null, h('span', { class: 'key k-required' }), t('tl.legendRequired')));
  const verdict = o.will_meet_minimum
    ? t('tl.meets')
    : t('tl.short', { x: dur(o.shortfall_months ?? (o.required_months - o.projected_months)) });
  const advice = o.advice?.length
    ? h('ul', { class: 'advice' }, o.advice.map((a) => h('li', { 'data-rule': a.rule }, h('p', null, a.text), cites(a.citations))))
    : null;
  const verdictLine = h('p', { class: o.will_meet_minimum ? 'verdict ok' : 'verdict short' }, verdict, ' ',
    t('tl.desc', { paid: dur(o.months_paid), date: r?.date ?? '', proj: dur(o.projected_months), req: dur(o.required_months) }));
  if (!picture) return section('timeline', 'tl.heading', verdictLine, advice);
  return section('timeline', 'tl.heading',
    h('figure', { class: 'timeline-figure' },
      timelineSvg({ outlook: o, retirement: r, asOf: result.as_of }, t, dur),
      h('figcaption', null, legend, verdictLine)),
    advice);
}

// Records in several places (result.records), shown only when the profile sent a history: the
// picture of the periods by place, the benefit place today and at retirement, the medical years.
function recordsBlock(result) {
  const rec = result.records;
  if (!rec) return null;
  const drawn = recordsSvg(state.lastProfile, result, t, dur, regionName);
  if (!drawn) return null;
  const o = result.person?.outlook;
  const place = (b) => b ? `${b.region_name || regionName(b.region)}${b.article ? t('paren', { x: b.article }) : ''}` : '';
  const bp = rec.benefit_place, br = rec.benefit_place_at_retirement;
  const lines = [];
  const same = bp && br && bp.region === br.region && bp.article === br.article;
  if (bp) lines.push(h('p', { id: 'rc-benefit', 'data-region': bp.region }, h('strong', null, t(same ? 'rc.benefitBoth' : 'rc.benefitToday'), t('colon')), place(bp)));
  if (br && !same) lines.push(h('p', { id: 'rc-benefit-retire', 'data-region': br.region }, h('strong', null, t('rc.benefitRetire'), t('colon')), place(br)));
  if (o && o.required_months !== undefined) {
    lines.push(h('p', { id: 'rc-pension-years' }, h('strong', null, t('rc.pensionYears'), t('colon')),
      t('tl.desc', { paid: dur(o.months_paid), date: result.person.retirement?.date ?? '', proj: dur(o.projected_months), req: dur(o.required_months) })));
  }
  const my = rec.medical_years;
  if (my) {
    const parts = [t('rc.medPaid', { x: dur(my.months_paid) })];
    if (my.keeps_paying) parts.push(t('rc.medAtRetire', { x: dur(my.months_at_retirement) }));
    if (my.required_months !== undefined) parts.push(t('rc.medRequired', { x: dur(my.required_months), place: my.place_name || regionName(my.place) }));
    if (my.missing_months > 0) parts.push(t('rc.medMissing', { x: dur(my.missing_months) }));
    lines.push(h('p', { id: 'rc-medical-years', 'data-missing': my.missing_months ?? '' }, h('strong', null, t('rc.medYears'), t('colon')), parts.join(t('cite.sep'))));
  }
  const legend = h('ul', { class: 'legend rc-legend', 'aria-hidden': 'true' },
    h('li', null, h('span', { class: 'key rk-employee' }), t('rc.legendEmployee')),
    h('li', null, h('span', { class: 'key rk-resident' }), t('rc.legendResident')),
    h('li', null, h('span', { class: 'key rk-temporary' }), t('rc.legendTemporary')),
    h('li', null, h('span', { class: 'key rk-projected' }), t('rc.legendProjected')),
    h('li', null, h('span', { class: 'key rk-med' }), t('rc.legendMedical')));
  return section('records', 'rc.heading',
    h('figure', { class: 'records-figure' }, drawn.svg, h('figcaption', null, legend)),
    h('div', { class: 'rc-lines' }, lines));
}

// The pension estimate (result.records.estimate): one line per base option, the lowest as it is
// and each other as what it costs and pays more; the assumptions in small print.
function estimateBlock(result) {
  const est = result.records?.estimate;
  const lines = estimateLines(est);
  if (!lines.length) return null;
  const ratio = state.lastProfile?.choices?.pension_base_ratio;
  const chosen = typeof ratio === 'number' ? Math.round(ratio * 100) : null;
  const items = lines.map((l) => {
    if (l.resident) {
      const text = l.withheld
        ? t('est.residentWithheld', { why: l.withheld })
        : t('est.resident', { grade: money(l.grade), subsidy: money(l.subsidy), pay: money(l.pay), date: l.drawsFrom ?? '', total: money(l.total) });
      return h('li', { class: 'est-line resident' + (l.withheld ? ' withheld' : ''), 'data-option': l.id, 'data-total': l.total ?? '' }, text,
        l.basic && l.account ? h('span', { class: 'est-parts' }, t('est.parts', { basic: money(l.basic), account: money(l.account) })) : null);
    }
    const pct = l.percent !== null ? `${l.percent}%` : l.id;
    const text = l.morePay === null
      ? t('est.lowest', { pct, base: money(l.base), pay: money(l.pay), total: money(l.total) })
      : l.againstResident
        ? t('est.vsResident', { pct, base: money(l.base), pay: money(l.pay), x: money(l.morePay), y: money(l.moreTotal), total: money(l.total) })
        : t('est.more', { pct, base: money(l.base), x: money(l.morePay), y: money(l.moreTotal), total: money(l.total) });
    return h('li', { class: 'est-line' + (l.percent === chosen ? ' chosen' : ''), 'data-option': l.id,
      'data-more-pay': l.morePay ?? '', 'data-more-total': l.moreTotal ?? '', 'data-total': l.total },
    text, l.percent === chosen ? h('span', { class: 'chosen-mark' }, ' ✓ ' + t('est.chosen')) : null,
    l.basic && l.account ? h('span', { class: 'est-parts' }, t('est.parts', { basic: money(l.basic), account: money(l.account) })) : null);
  });
  const small = [t('est.basis', {
    date: est.retirement ?? '', n: dur(est.months ?? 0), place: est.benefit_region_name || regionName(est.benefit_region),
    base: money(est.benefit_base), pm: est.payout_months ?? '',
  })];
  if (est.payout_interpolated) small.push(t('est.interpolated'));
  const notes = [...(est.assumptions ?? []), ...(est.resident?.assumptions ?? [])];
  return section('estimate', 'est.heading',
    h('ul', { class: 'est-lines' }, items),
    est.one_off_payment ? h('div', { class: 'est-one-off', id: 'est-one-off' }, est.one_off_payment.text, cites(est.one_off_payment.citations)) : null,
    h('p', { class: 'est-assumptions small', id: 'est-assumptions' },
      [...small, ...notes.map((a) => a.text)].map((x, i) => h('span', { 'data-assumption': notes[i - small.length]?.id ?? '' }, (i ? ' ' : '') + x))));
}

function transfersBlock(result) {
  const list = result.transfers ?? [];
  const schemeName = (id) => result.schemes.find((s) => s.id === id)?.name ?? id;
  const items = list.map((tr) => h('li', { class: 'transfer', 'data-kind': tr.kind, 'data-scheme': tr.scheme },
    h('p', { class: 'transfer-title' },
      h('strong', null, t('tr.kind.' + tr.kind)), ' · ', schemeName(tr.scheme),
      tr.from_region || tr.to_region
        ? h('span', { class: 'route' }, ' · ',
          [tr.from_region ? regionName(tr.from_region) : null, tr.to_region ? regionName(tr.to_region) : null].filter(Boolean)
            .join(' → ').replace(/^/, tr.from_region ? '' : '→ '))
        : null),
    (tr.steps ?? []).length ? h('details', { class: 'steps-more' }, tx('summary', 'tr.steps'),
      h('ol', { class: 'steps' }, tr.steps.map((s) => h('li', null, s))), cites(tr.citations)) : cites(tr.citations)));
  return section('transfers', 'tr.heading', items.length ? h('ul', { class: 'transfers' }, items) : h('p', { class: 'muted' }, t('tr.none')));
}

function needsBlock(result) {
  if (!result.needs?.length) return null;
  return section('needs', 'needs.heading', h('p', null, t('needs.intro')),
    h('ul', { class: 'needs' }, result.needs.map((n) => h('li', null, needLink(n)))));
}

// Warnings about a fact of the profile link to its field (others name a parameter of a pack).
const WARNING_FIELD = {
  below_minimum_wage: 'work.monthly_income',
  female_default: 'person.female_original_retirement_age',
};

function warningsBlock(result) {
  const ws = result.warnings ?? [];
  if (!ws.length) return null;
  const quiet = new Set(['parameter_unverified', 'parameter_provisional']);
  const fieldOf = (w) => (FIELD.has(w.subject) ? w.subject : WARNING_FIELD[w.code]);
  const item = (w) => h('li', { class: 'warning', 'data-code': w.code },
    w.text,
    fieldOf(w) ? h('span', { class: 'warn-field' }, ' ', t('warn.field'), needLink(fieldOf(w))) : null);
  const loud = ws.filter((w) => !quiet.has(w.code));
  const soft = ws.filter((w) => quiet.has(w.code));
  // Printed: the notes as a count (the unverified figures as their one line).
  return section('warnings', 'warn.heading',
    loud.length ? h('ul', { class: 'warnings' }, loud.map(item)) : null,
    loud.length ? h('p', { class: 'print-only notes-count', id: 'notes-count' }, t('notes.printCount', { n: loud.length })) : null,
    soft.length ? h('details', { class: 'unverified' },
      h('summary', null, t('warn.unverified', { n: soft.length })),
      h('ul', { class: 'warnings small' }, soft.map(item))) : null);
}

function renderAnswer(result) {
  const answer = document.getElementById('answer-body');
  const today = new Date();
  const printed = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const ps = result.policy_set ?? {};
  const frag = document.createDocumentFragment();

  // First the bottom line and the nine schemes; what explains them below; the policy set last.
  frag.append(h('div', { class: 'print-only print-title' }, h('p', { class: 'print-heading' }, t('answer.printTitle'))));
  frag.append(factsLine(result));
  // The work or hukou place has no local rules: said once, one line above the bottom line (RESULT local_rules).
  if (result.local_rules) frag.append(h('p', { id: 'answer-local-rules', class: 'local-rules', role: 'note' }, result.local_rules.text));
  append(frag, bottomLine(result));
  frag.append(h('section', { class: 'block schemes-block', id: 'schemes', 'aria-labelledby': 'schemes-h' },
    h('h3', { id: 'schemes-h', class: 'visually-hidden' }, t('sch.heading')),
    h('div', { class: 'table-wrap' }, schemesTable(result))));
  if (result.relationship) {
    frag.append(section('relationship', 'rel.heading',
      h('p', null, h('strong', { 'data-relationship': result.relationship.id }, result.relationship.label)),
      result.relationship.explanation ? h('p', null, result.relationship.explanation) : null,
      cites(result.relationship.citations)));
  }
  const records = recordsBlock(result);
  append(frag, estimateBlock(result), records, needsBlock(result), retirementBlock(result), timelineBlock(result, !records), transfersBlock(result), warningsBlock(result));
  frag.append(h('p', { class: 'meta', id: 'meta' },
    h('span', null, t('answer.asOf'), t('colon'), h('span', { id: 'meta-as-of' }, result.as_of)), ' · ',
    h('span', null, t('answer.policySet'), t('colon'), h('span', { id: 'meta-policy-set' }, ps.id ?? '')), ' · ',
    h('span', null, t('answer.digest'), t('colon'), h('span', { id: 'meta-digest', class: 'digest' }, ps.digest ?? '')),
    h('span', { class: 'print-only-inline' }, ' · ', t('answer.printed'), t('colon'), h('span', { id: 'meta-printed' }, printed)),
    state.auditRecord ? h('span', { class: 'print-only-inline' }, ' · ', t('answer.auditRecord'), t('colon'), h('span', { id: 'meta-audit-record' }, state.auditRecord)) : null));
  frag.append(h('p', { class: 'print-only print-note' }, t('answer.printNote')));

  answer.replaceChildren(frag);
  // The answer starts at the top of the screen: a long form may have scrolled it away.
  const top = document.getElementById('answer').getBoundingClientRect().top;
  if (top < 0) window.scrollTo({ top: Math.max(0, window.scrollY + top - 8), behavior: 'instant' });
  document.getElementById('answer-tools').hidden = false;
  document.getElementById('answer-empty').hidden = true;
  announce(t('msg.done', { summary: summaryText(result) }));
}

function clearAnswer() {
  state.lastResult = null;
  state.lastText = '';
  state.lastProfile = null;
  document.getElementById('answer-body').replaceChildren();
  document.getElementById('answer-tools').hidden = true;
  document.getElementById('answer-empty').hidden = false;
  setStale(false);
}

// ---- tools: copy, print, language, reset ------------------------------------------------------

async function copyJson() {
  const text = state.lastText;
  const fallback = document.getElementById('json-fallback');
  try {
    await navigator.clipboard.writeText(text);
    fallback.hidden = true;
    toast(t('msg.copied'));
  } catch {
    fallback.hidden = false;
    fallback.value = text;
    fallback.focus();
    fallback.select();
    toast(t('msg.copyFailed'));
  }
}

function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.textContent = ''; }, 4000);
}

function applyLanguage() {
  document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
  document.title = t('app.title');
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-ph]')) e.placeholder = t(e.dataset.i18nPh);
  for (const e of document.querySelectorAll('[data-zh][data-en]')) {
    const v = state.lang === 'en' ? e.dataset.en : e.dataset.zh;
    if (e.dataset.attr) e.setAttribute(e.dataset.attr, v); else e.textContent = v;
  }
  for (const f of FIELD.values()) {
    if (f.kind !== 'select') continue;
    for (const o of document.getElementById(idOf(f.path)).options) o.textContent = optionLabel(f, o.value);
  }
  const btn = document.getElementById('lang-switch');
  btn.setAttribute('aria-label', t('lang.switchLabel'));
  btn.setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
  updateVisibility();
}

async function switchLanguage() {
  state.lang = state.lang === 'en' ? 'zh' : 'en';
  try { localStorage.setItem('shebao.lang', state.lang); } catch { /* private mode */ }
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', state.lang);
    history.replaceState(null, '', url);
  }
  applyLanguage();
  // The engine's texts come in the page's language: ask again for what is shown.
  if (state.lastProfile) await evaluate(state.lastProfile, performance.now(), state.stale);
}

function resetAll(form) {
  form.reset();
  clearHistory();
  for (const sel of form.querySelectorAll('fieldset.region select[id$="-pref"]')) sel.dispatchEvent(new Event('change'));
  form.querySelector('#f-work-platform').dispatchEvent(new Event('change'));
  clearErrors();
  clearAnswer();
  updateVisibility();
  toast(t('msg.cleared'));
  document.getElementById('f-person-birth').focus();
}

// The office running the service (serve --office-name/--office-address/--office-phone), printed at
// the foot of the answer. Absent (an older server, or the page opened on its own): no line.
async function loadOfficeLine() {
  try {
    const res = await fetch('v1/config', { cache: 'no-cache' });
    if (!res.ok) return;
    const { office } = await res.json();
    const parts = [office.name, office.address, office.phone ? `${t('office.phone')} ${office.phone}` : ''].filter(Boolean);
    document.getElementById('office-line').textContent = parts.join(' · ');
  } catch { /* no server config */ }
}

// ---- start ------------------------------------------------------------------------------------

async function main() {
  const params = new URLSearchParams(location.search);
  let saved = null;
  try { saved = localStorage.getItem('shebao.lang'); } catch { /* private mode */ }
  state.lang = params.get('lang') === 'en' || params.get('lang') === 'zh' ? params.get('lang') : saved === 'en' ? 'en' : 'zh';

  loadOfficeLine();
  const res = await fetch('regions.json', { cache: 'no-cache' });
  // regions.json rows are [code, zh, en] (a prefecture adds its counties): see tests/e2e/gen-regions.mjs.
  const raw = await res.json();
  const obj = ([code, zh, en]) => ({ code, zh, en });
  state.regions = {
    provinces: raw.provinces.map(obj),
    prefectures: raw.prefectures.map((p) => ({ ...obj(p), province: p[0].slice(0, 2) + '0000', counties: p[3].map(obj) })),
  };
  for (const r of [...state.regions.provinces, ...state.regions.prefectures]) state.names.set(r.code, r);
  for (const p of state.regions.prefectures) {
    for (const c of p.counties) {
      state.names.set(c.code, c);
      state.prefOf.set(c.code, p);
    }
  }

  const form = document.getElementById('profile-form');
  buildForm(form);
  applyLanguage();

  form.addEventListener('submit', submit);
  document.getElementById('reset-form').addEventListener('click', () => resetAll(form));
  const changed = (ev) => {
    updateVisibility();
    const wrap = ev.target.closest('[data-path]');
    if (wrap) clearFieldError(wrap.dataset.path);
    const row = ev.target.closest?.('li.period');
    if (row?.classList.contains('invalid')) {
      row.classList.remove('invalid');
      const err = document.getElementById('err-' + row.id);
      err.hidden = true;
      err.textContent = '';
    }
    if (state.lastResult && !state.stale) setStale(true);
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  // Enter submits from every control, not only from text boxes.
  form.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' || ev.isComposing || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    const el = ev.target;
    if (el.tagName === 'SELECT' || (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio'))) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  document.getElementById('lang-switch').addEventListener('click', switchLanguage);
  document.getElementById('copy-json').addEventListener('click', copyJson);
  document.getElementById('print').addEventListener('click', () => window.print());
  // Printed as shown on screen, compact: one A4 page (rows and notes stay folded).

  document.body.classList.add('ready');
  document.dispatchEvent(new CustomEvent('shebao:ready'));
}

main().catch((e) => {
  const el = document.getElementById('error-summary');
  el.hidden = false;
  el.textContent = String(e);
});
