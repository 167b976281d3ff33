// The contribution-years picture: employee-pension months paid so far, what paying on every month
// until statutory retirement would add, and the minimum required, on one bar (SVG).

const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// outlook: person.outlook of RESULT.md; retirement: person.retirement; asOf: "YYYY-MM-DD".
// t(key, vars) gives UI strings; dur(months) formats a duration.
export function timelineSvg({ outlook, retirement, asOf }, t, dur) {
  const paid = Math.max(0, outlook.months_paid | 0);
  const projected = Math.max(paid, outlook.projected_months | 0);
  const required = Math.max(0, outlook.required_months | 0);
  const longest = Math.max(paid, projected, required, 12);
  const maxM = Math.ceil((longest * 1.04) / 60) * 60;

  const W = 720, left = 20, right = 24;
  const x = (m) => left + (m / maxM) * (W - left - right);
  const barY = 50, barH = 28;
  const H = 172;

  const id = 'tl' + Math.random().toString(36).slice(2, 8);
  const svg = el('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'timeline',
    'aria-labelledby': `${id}-title ${id}-desc`, preserveAspectRatio: 'xMinYMin meet',
  });
  svg.append(el('title', { id: `${id}-title` }, t('tl.heading')));
  svg.append(el('desc', { id: `${id}-desc` }, t('tl.desc', {
    paid: dur(paid), date: retirement?.date ?? '', proj: dur(projected), req: dur(required),
  })));

  const defs = el('defs');
  const hatch = el('pattern', { id: `${id}-hatch`, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(el('rect', { width: 8, height: 8, class: 'tl-projected-bg' }));
  hatch.append(el('line', { x1: 0, y1: 0, x2: 0, y2: 8, class: 'tl-hatch' }));
  defs.append(hatch);
  svg.append(defs);

  // Track, then the three parts.
  svg.append(el('rect', { x: x(0), y: barY, width: x(maxM) - x(0), height: barH, class: 'tl-track', rx: 3 }));
  if (paid > 0) svg.append(el('rect', { x: x(0), y: barY, width: x(paid) - x(0), height: barH, class: 'tl-paid', 'data-months': paid }));
  if (projected > paid) {
    svg.append(el('rect', {
      x: x(paid), y: barY, width: x(projected) - x(paid), height: barH,
      fill: `url(#${id}-hatch)`, class: 'tl-projected', 'data-months': projected,
    }));
  }
  if (projected < required) {
    svg.append(el('rect', {
      x: x(projected), y: barY, width: x(required) - x(projected), height: barH,
      class: 'tl-short', 'data-months': required - projected,
    }));
  }

  // Minimum line and its label above the bar.
  const rx = x(required);
  svg.append(el('line', { x1: rx, y1: barY - 14, x2: rx, y2: barY + barH + 8, class: 'tl-required' }));
  const reqLabel = projected < required
    ? `${t('tl.required', { x: dur(required) })} · ${t('tl.shortfall', { x: dur(required - projected) })}`
    : t('tl.required', { x: dur(required) });
  svg.append(el('text', { x: rx, y: barY - 20, class: 'tl-label tl-required-label', 'text-anchor': anchor(rx, W) }, reqLabel));

  // "now" and "retirement" markers below the bar, on two rows so that they never collide.
  const nx = x(paid);
  svg.append(el('line', { x1: nx, y1: barY, x2: nx, y2: barY + barH + 12, class: 'tl-tick-now' }));
  svg.append(el('text', { x: nx, y: barY + barH + 26, class: 'tl-label', 'text-anchor': anchor(nx, W) },
    `${t('tl.today')} ${(asOf || '').slice(0, 7)} · ${paid > 0 ? t('tl.paid', { x: dur(paid) }) : t('tl.notPaid')}`));
  const px = x(projected);
  svg.append(el('line', { x1: px, y1: barY, x2: px, y2: barY + barH + 30, class: 'tl-tick-retire' }));
  svg.append(el('text', { x: px, y: barY + barH + 44, class: 'tl-label', 'text-anchor': anchor(px, W) },
    `${t('tl.retire')} ${retirement?.date ?? ''} · ${dur(projected)}`));

  // Axis in years.
  const axisY = H - 28;
  svg.append(el('line', { x1: x(0), y1: axisY, x2: x(maxM), y2: axisY, class: 'tl-axis' }));
  const stepYears = maxM > 12 * 40 ? 10 : 5;
  for (let m = 0; m <= maxM; m += stepYears * 12) {
    svg.append(el('line', { x1: x(m), y1: axisY, x2: x(m), y2: axisY + 5, class: 'tl-axis' }));
    svg.append(el('text', { x: x(m), y: axisY + 18, class: 'tl-axis-label', 'text-anchor': m === 0 ? 'start' : 'middle' },
      m === 0 ? '0' : t('unit.years', { n: m / 12 })));
  }
  return svg;
}

function anchor(px, W) {
  if (px < 140) return 'start';
  if (px > W - 140) return 'end';
  return 'middle';
}
