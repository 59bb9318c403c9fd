// The chart glue of dealer's pages over TradingView's lightweight-charts (window.LightweightCharts):
// a price chart of trades with fills as markers and open orders as price lines, a line chart (equity),
// and a cumulative depth chart on a plain canvas (lightweight-charts draws time axes only). Plain
// functions of plain data (times in microseconds since the epoch, prices as decimal text), so any page
// that embeds this file and the library can use them (the dashboard today; the backtest report could).
'use strict';

const DealerCharts = (() => {
  const LC = window.LightweightCharts;
  const theme = {
    layout: { background: { color: '#161c22' }, textColor: '#b4c0cc' },
    grid: { vertLines: { color: '#20282f' }, horzLines: { color: '#20282f' } },
    timeScale: { timeVisible: true, secondsVisible: true },
    crosshair: { mode: 0 },
    autoSize: true,
  };

  const seconds = (us) => Math.floor(us / 1e6);

  // One point per second, the last price in it: the chart needs strictly increasing times.
  function perSecond(trades) {
    const out = [];
    for (const t of trades) {
      const time = seconds(t.time_us);
      const value = parseFloat(t.price);
      if (out.length && out[out.length - 1].time === time) out[out.length - 1].value = value;
      else if (!out.length || out[out.length - 1].time < time) out.push({ time, value });
    }
    return out;
  }

  function priceChart(element) {
    const chart = LC.createChart(element, theme);
    const series = chart.addSeries(LC.LineSeries, { color: '#4f9cf0', lineWidth: 2 });
    const markers = LC.createSeriesMarkers(series, []);
    let lines = [];
    let points = [];
    return {
      // trades: oldest first; fills: [{time_us, side, price, amount}]; orders: [{client_id, side, price, amount}].
      update(trades, fills, orders) {
        points = perSecond(trades);
        series.setData(points);
        const first = points.length ? points[0].time : 0;
        const at = new Set(points.map((p) => p.time));
        markers.setMarkers(
          fills
            .filter((f) => seconds(f.time_us) >= first && at.has(seconds(f.time_us)))
            .map((f) => ({
              time: seconds(f.time_us),
              position: f.side === 'buy' ? 'belowBar' : 'aboveBar',
              color: f.side === 'buy' ? '#4cc38a' : '#ef6a6a',
              shape: f.side === 'buy' ? 'arrowUp' : 'arrowDown',
              text: `${f.side} ${f.amount} @ ${f.price}`,
            }))
            .sort((a, b) => a.time - b.time));
        for (const line of lines) series.removePriceLine(line);
        lines = orders.map((o) =>
          series.createPriceLine({
            price: parseFloat(o.price),
            color: o.side === 'buy' ? '#4cc38a' : '#ef6a6a',
            lineWidth: 1,
            lineStyle: 2,
            axisLabelVisible: true,
            title: `#${o.client_id} ${o.side} ${o.amount}`,
          }));
      },
      chart,
    };
  }

  // points: [{time_us, value (decimal text)}], oldest first.
  function lineChart(element, color) {
    const chart = LC.createChart(element, theme);
    const series = chart.addSeries(LC.LineSeries, { color: color || '#c58af9', lineWidth: 2 });
    return {
      update(points) {
        const data = [];
        for (const p of points) {
          const time = seconds(p.time_us);
          if (!data.length || data[data.length - 1].time < time) data.push({ time, value: parseFloat(p.value) });
        }
        series.setData(data);
      },
      chart,
    };
  }

  // bids and asks best first, [{price, amount}]: cumulative amount against price, bids left, asks right.
  function drawDepth(canvas, bids, asks) {
    const width = (canvas.width = canvas.clientWidth * devicePixelRatio);
    const height = (canvas.height = canvas.clientHeight * devicePixelRatio);
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    const steps = (levels) => {
      let sum = 0;
      return levels.map((l) => ({ price: parseFloat(l.price), total: (sum += parseFloat(l.amount)) }));
    };
    const b = steps(bids);
    const a = steps(asks);
    const all = b.concat(a);
    if (!all.length) return;
    const low = Math.min(...all.map((p) => p.price));
    const high = Math.max(...all.map((p) => p.price));
    const top = Math.max(...all.map((p) => p.total));
    const x = (price) => (high === low ? width / 2 : ((price - low) / (high - low)) * width);
    const y = (total) => height - (total / top) * (height - 4);
    const fill = (side, color) => {
      if (!side.length) return;
      g.beginPath();
      g.moveTo(x(side[0].price), height);
      for (const p of side) {
        g.lineTo(x(p.price), y(p.total));
      }
      g.lineTo(x(side[side.length - 1].price), height);
      g.closePath();
      g.fillStyle = color;
      g.fill();
    };
    fill(b, 'rgba(76,195,138,0.45)');
    fill(a, 'rgba(239,106,106,0.45)');
    g.fillStyle = '#b4c0cc';
    g.font = `${11 * devicePixelRatio}px system-ui`;
    g.fillText(String(low), 2, 12 * devicePixelRatio);
    const label = String(high);
    g.fillText(label, width - g.measureText(label).width - 2, 12 * devicePixelRatio);
  }

  return { perSecond, priceChart, lineChart, drawDepth };
})();
