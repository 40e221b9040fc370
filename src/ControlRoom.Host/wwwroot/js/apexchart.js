// Thin, typed-from-C# wrapper around ApexCharts 4.7 (loaded once as a classic script from wwwroot/lib).
let loading;

function loadApexCharts() {
  if (window.ApexCharts) return Promise.resolve();
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'lib/apexcharts/apexcharts.min.js';
    script.onload = resolve;
    script.onerror = () => reject(new Error('ApexCharts could not be loaded'));
    document.head.appendChild(script);
  });
  return loading;
}

// A count axis: whole-number ticks from 0, a handful of them, on a round maximum (1, 2, 5 × 10^n steps).
function integerAxis(options, series) {
  let top = 0;
  if (options.stacked) {
    const sums = new Map();
    for (const s of series) for (const p of s.data) sums.set(p.x, (sums.get(p.x) ?? 0) + (p.y ?? 0));
    for (const v of sums.values()) top = Math.max(top, v);
  } else {
    for (const s of series) for (const p of s.data) top = Math.max(top, p.y ?? 0);
  }
  const max = Math.max(1, Math.ceil(top));
  if (max <= 6) return { min: 0, max, tickAmount: max };
  const raw = max / 5, magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(f => f * magnitude).find(s => s >= raw);
  const niceMax = Math.ceil(max / step) * step;
  return { min: 0, max: niceMax, tickAmount: niceMax / step };
}

// ApexCharts places and labels time ticks in UTC or in the browser's zone only. To read a chart in another zone (the
// queue's, or the person's), every x is moved by that zone's offset at that moment and the axis is drawn "in UTC":
// ticks then fall on the zone's round hours and read as its local times, DST days included.
function zoneShift(timeZone) {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: timeZone || 'UTC', hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const offsets = new Map();
  return ts => {
    const hour = Math.floor(ts / 3600000);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      const p = Object.fromEntries(format.formatToParts(new Date(hour * 3600000)).map(x => [x.type, x.value]));
      offset = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) - hour * 3600000;
      offsets.set(hour, offset);
    }
    return ts + offset;
  };
}

function inZone(options, series) {
  if (!options.timeAxis) return series;
  const shift = options.shift ??= zoneShift(options.timeZone);
  return series.map(s => ({ ...s, data: s.data.map(p => ({ x: shift(p.x), y: p.y })) }));
}

function yAxis(options, series) {
  const number = new Intl.NumberFormat(options.locale, { maximumFractionDigits: options.wholeNumbers ? 0 : 1 });
  const axis = {
    min: options.yMin ?? undefined, max: options.yMax ?? undefined, decimalsInFloat: 0, forceNiceScale: !options.wholeNumbers,
    title: { text: options.yTitle ?? undefined }, labels: { style: { fontSize: '14px' }, formatter: v => v == null ? '' : number.format(v) },
  };
  return options.wholeNumbers ? { ...axis, ...integerAxis(options, series) } : axis;
}

// A time axis over a few minutes of data (a room just started: one point) would be labelled in dates or seconds; it
// spans at least ten minutes, ending a minute after the newest point, so its labels are times of day.
const minimumSpan = 10 * 60_000;
function timeRange(series) {
  const xs = series.flatMap(s => (s.data ?? []).map(p => Array.isArray(p) ? p[0] : p?.x)).filter(x => typeof x === 'number');
  if (xs.length === 0) return { min: undefined, max: undefined };
  const min = Math.min(...xs), max = Math.max(...xs);
  return max - min >= minimumSpan ? { min: undefined, max: undefined }
    : { min: Math.min(min, max + 60_000 - minimumSpan), max: max + 60_000 };
}

function toApex(options, series) {
  const kind = ['line', 'area', 'bar'][options.kind] ?? 'line';
  const apex = {
    chart: {
      type: kind, height: options.height || '100%', stacked: options.stacked, background: 'transparent', foreColor: '#e6edf3',
      animations: { enabled: true, speed: 300, dynamicAnimation: { speed: 300 } },
      toolbar: { show: false }, zoom: { enabled: false },
      fontFamily: 'inherit',
    },
    theme: { mode: 'dark' },
    series,
    stroke: { width: kind === 'bar' ? 0 : 3, curve: options.steps ? 'stepline' : 'straight' },
    dataLabels: { enabled: false },
    legend: { fontSize: '16px', position: 'top' },
    grid: { borderColor: '#334155' },
    yaxis: yAxis(options, series),
    tooltip: { theme: 'dark', x: { format: 'HH:mm' } },
    noData: { text: '…' },
  };
  if (options.timeAxis) {
    apex.xaxis = { type: 'datetime', ...timeRange(series), labels: { datetimeUTC: true, style: { fontSize: '14px' },
      datetimeFormatter: { year: 'yyyy', month: "MMM 'yy", day: 'dd MMM', hour: 'HH:mm', minute: 'HH:mm' } } };
  } else {
    apex.xaxis = { type: 'category', categories: options.categories ?? [], labels: { style: { fontSize: '14px' } } };
    delete apex.tooltip.x;
  }
  if (options.targetLine != null) {
    apex.annotations = { yaxis: [{ y: options.targetLine, borderColor: '#fbbf24', strokeDashArray: 6,
      label: { text: options.targetLabel ?? '', style: { color: '#111', background: '#fbbf24' } } }] };
  }
  return apex;
}

export async function create(element, options, series) {
  await loadApexCharts();
  if (!element?.isConnected) return null; // the chart left the page while the library loaded
  const chart = new window.ApexCharts(element, toApex(options, inZone(options, series)));
  await chart.render();
  return {
    update: s => {
      // A count axis follows its data: its whole-number ticks are recomputed with every change.
      const zoned = inZone(options, s);
      if (options.wholeNumbers || options.timeAxis) {
        chart.updateOptions({
          ...(options.wholeNumbers ? { yaxis: yAxis(options, s) } : {}),
          ...(options.timeAxis ? { xaxis: timeRange(zoned) } : {}),
        }, false, false);
      }
      return chart.updateSeries(zoned, true);
    },
    destroy: () => chart.destroy(),
  };
}
