// What a clerk types, read leniently, in the browser: an 18-digit resident ID-card number
// (GB 11643) and a birth month as people write it. Mirrors engine/src/core/person_input.cpp; both
// are tested against tests/data/person_input_cases.json. Nothing here leaves the page: an ID-card
// number is read to fill in birth, sex and a hukou suggestion, never sent, logged or stored.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

// Full-width digits and separators (０-９ － ／ ． and the ideographic space) to ASCII.
function foldFullWidth(s) {
  return s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48))
    .replace(/\uFF0D/g, '-').replace(/\uFF0F/g, '/').replace(/\uFF0E/g, '.').replace(/\u3000/g, ' ');
}

function realDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function pad(n, w) { return String(n).padStart(w, '0'); }

// The check character for 17 digits, or '' when they are not 17 digits.
export function idCardCheckCharacter(first17) {
  if (!/^[0-9]{17}$/.test(first17)) return '';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

// {ok: true, region: '530902', birth: 'YYYY-MM-DD', month: 'YYYY-MM', sex: 'male'|'female'}
// or {ok: false, error: 'length' | 'character' | 'birth' | 'check_digit'}.
export function parseIdCard(text) {
  const s = foldFullWidth(String(text ?? '')).trim();
  if ([...s].length !== 18) return { ok: false, error: 'length' };
  if (!/^[0-9]{17}[0-9Xx]$/.test(s)) return { ok: false, error: 'character' };
  const y = Number(s.slice(6, 10)); const m = Number(s.slice(10, 12)); const d = Number(s.slice(12, 14));
  if (y < 1900 || !realDate(y, m, d)) return { ok: false, error: 'birth' };
  if (idCardCheckCharacter(s.slice(0, 17)) !== s[17].toUpperCase()) return { ok: false, error: 'check_digit' };
  return {
    ok: true,
    region: s.slice(0, 6),
    birth: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`,
    month: `${pad(y, 4)}-${pad(m, 2)}`,
    sex: Number(s[16]) % 2 === 0 ? 'female' : 'male',
  };
}

// 'YYYY-MM' from 1994-05, 1994-5, 199405, 1994.5, 1994/5, 1994年5月, 1994-05-12, 19940512,
// 1994年5月12日 (the day is dropped); null for anything else.
export function parseLooseYearMonth(text) {
  const s = foldFullWidth(String(text ?? '')).trim();
  if (!/^[0-9\-/. 年月日]*$/.test(s)) return null;
  const parts = s.match(/[0-9]+/g) || [];
  let y; let m;
  if (parts.length === 1 && (parts[0].length === 6 || parts[0].length === 8)) {
    y = Number(parts[0].slice(0, 4)); m = Number(parts[0].slice(4, 6));
    if (parts[0].length === 8 && !realDate(y, m, Number(parts[0].slice(6, 8)))) return null;
  } else if ((parts.length === 2 || parts.length === 3) && parts[0].length === 4 && parts[1].length <= 2) {
    y = Number(parts[0]); m = Number(parts[1]);
    if (parts.length === 3 && (parts[2].length > 2 || !realDate(y, m, Number(parts[2])))) return null;
  } else {
    return null;
  }
  if (m < 1 || m > 12 || y < 1900 || y > 2200) return null;
  return `${pad(y, 4)}-${pad(m, 2)}`;
}
