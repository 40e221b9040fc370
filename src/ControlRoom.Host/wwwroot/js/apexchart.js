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

function toApex(options, series) {
  const kind = ['line', 'area', 'bar'][options.kind] ?? 'line';
  const number = new Intl.NumberFormat(options.locale, { maximumFractionDigits: 1 });
  const apex = {
    chart: {
      type: kind, height: options.height, stacked: options.stacked, background: 'transparent', foreColor: '#e6edf3',
      animations: { enabled: true, speed: 300, dynamicAnimation: { speed: 300 } },
      toolbar: { show: false }, zoom: { enabled: false },
      fontFamily: 'inherit',
    },
    theme: { mode: 'dark' },
    series,
    stroke: { width: kind === 'bar' ? 0 : 3, curve: 'straight' },
    dataLabels: { enabled: false },
    legend: { fontSize: '16px', position: 'top' },
    grid: { borderColor: '#334155' },
    yaxis: { min: options.yMin ?? undefined, max: options.yMax ?? undefined, decimalsInFloat: 0,
             title: { text: options.yTitle ?? undefined }, labels: { style: { fontSize: '14px' }, formatter: v => v == null ? '' : number.format(v) } },
    tooltip: { theme: 'dark', x: { format: 'HH:mm' } },
    noData: { text: '…' },
  };
  if (options.timeAxis) {
    const time = new Intl.DateTimeFormat(options.locale, { hour: '2-digit', minute: '2-digit' });
    apex.xaxis = { type: 'datetime', labels: { datetimeUTC: false, style: { fontSize: '14px' }, formatter: (_, ts) => time.format(new Date(ts)) } };
  } else {
    apex.xaxis = { type: 'category', categories: options.categories ?? [], labels: { style: { fontSize: '14px' } } };
  }
  if (options.targetLine != null) {
    apex.annotations = { yaxis: [{ y: options.targetLine, borderColor: '#fbbf24', strokeDashArray: 6,
      label: { text: options.targetLabel ?? '', style: { color: '#111', background: '#fbbf24' } } }] };
  }
  return apex;
}

export async function create(element, options, series) {
  await loadApexCharts();
  const chart = new window.ApexCharts(element, toApex(options, series));
  await chart.render();
  return {
    update: s => chart.updateSeries(s, true),
    destroy: () => chart.destroy(),
  };
}
