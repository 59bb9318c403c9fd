// The dashboard's script: renders each `state` event of GET /api/events into the panels of index.html
// and sends the controls as POSTs of the JSON API (docs/dashboard.md), with the login cookie and the
// page's own Origin. A lost stream shows "disconnected" and is reopened until the bot answers again.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const price = DealerCharts.priceChart($('price-chart'));
  const equity = DealerCharts.lineChart($('equity-chart'));
  let state = null;
  let received = 0; // performance.now() when the last state came
  let disconnectedAt = null;

  const text = (value) => (value === undefined || value === null ? '' : String(value));
  const utc = (us) => new Date(us / 1000).toISOString().replace('T', ' ').slice(0, 19);
  function cell(value, className) {
    const td = document.createElement('td');
    td.textContent = text(value);
    if (className) td.className = className;
    return td;
  }
  function button(label, attribute, value, action) {
    const b = document.createElement('button');
    b.textContent = label;
    b.setAttribute(attribute, value);
    b.disabled = !state.controls;
    b.addEventListener('click', action);
    return b;
  }
  // Replaces a table's rows: one <tr> per item, made by `row(item, tr)`; left alone when nothing in
  // it changed, so a button under the pointer stays the same element.
  function rows(tableId, items, row) {
    const body = $(tableId).querySelector('tbody');
    const key = JSON.stringify(items) + state.controls;
    if (body.dataset.key === key) return;
    body.dataset.key = key;
    body.replaceChildren(...items.map((item) => {
      const tr = document.createElement('tr');
      row(item, tr);
      return tr;
    }));
  }

  function notice(message, bad) {
    const n = $('notice');
    n.textContent = message;
    n.className = bad ? 'notice bad' : 'notice';
    n.hidden = !message;
  }

  async function post(path) {
    try {
      const answer = await fetch(path, { method: 'POST', credentials: 'same-origin' });
      const body = await answer.json().catch(() => ({ ok: false, message: `HTTP ${answer.status}` }));
      notice(`${body.ok ? 'done' : 'refused'}: ${body.message}`, !body.ok);
    } catch (e) {
      notice(`not sent: ${e}`, true);
    }
  }

  function duration(s) {
    const d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
    return (d ? `${d}d ` : '') + `${h}h ${String(m).padStart(2, '0')}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  }

  function render(s) {
    state = s;
    received = performance.now();
    const st = s.status;
    $('mode').textContent = st.mode;
    $('mode').className = st.mode === 'live' ? 'chip warn' : 'chip';
    $('pair').textContent = st.pair;
    $('exchange').textContent = s.exchange;
    $('halted').textContent = st.halted ? `HALTED: ${text(st.halt_reason)}` : 'trading';
    $('halted').className = st.halted ? 'chip bad' : 'chip good';
    for (const id of ['halt', 'resume-trading', 'reload']) $(id).disabled = !s.controls;
    $('valuation').textContent = `(balances valued at the last price, ${s.valuation})`;
    $('pnl-start').textContent = s.pnl_since_start === undefined ? '-' : `${s.pnl_since_start} ${s.valuation}`;
    $('pnl-today').textContent = s.pnl_today === undefined ? '-' : `${s.pnl_today} ${s.valuation}`;

    rows('balances', st.balances, (b, tr) => tr.append(cell(b.currency), cell(b.total, 'n'), cell(b.in_orders, 'n')));
    rows('feeds', st.feeds, (f, tr) => {
      const stale = s.stale_feeds.includes(f.feed);
      tr.append(cell(f.feed + (stale ? ' (stale)' : ''), stale ? 'stale' : ''),
                cell(f.age_seconds === undefined ? 'never' : `${f.age_seconds} s ago`, 'n'));
    });
    rows('orders', st.open_orders, (o, tr) => {
      tr.dataset.order = o.client_id;
      tr.append(cell(o.client_id, 'n'), cell(o.strategy), cell(o.side, o.side), cell(o.price, 'n'), cell(o.amount, 'n'),
                cell(o.filled, 'n'), cell(o.state), cell(o.exchange_id));
      const td = document.createElement('td');
      td.append(button('Cancel', 'data-cancel', o.client_id, () => post(`/api/orders/${o.client_id}/cancel`)));
      tr.append(td);
    });
    rows('strategies', st.strategies, (g, tr) => {
      tr.dataset.strategy = g.id;
      const status = !g.enabled ? `disabled: ${text(g.disabled_reason)}` : g.paused ? 'paused' : 'running';
      tr.append(cell(g.id), cell(g.kind), cell(status, g.paused || !g.enabled ? 'stale' : ''),
                cell(g.state === undefined ? '(long)' : g.state, 'reason'));
      const td = document.createElement('td');
      const id = encodeURIComponent(g.id);
      td.append(button('Pause', 'data-pause', g.id, () => post(`/api/strategies/${id}/pause`)), ' ',
                button('Pause & cancel', 'data-pause-cancel', g.id, () => post(`/api/strategies/${id}/pause?cancel=true`)), ' ',
                button('Resume', 'data-resume', g.id, () => post(`/api/strategies/${id}/resume`)));
      tr.append(td);
    });
    rows('bids', s.book.bids.slice(0, 15), (l, tr) => tr.append(cell(l.price, 'n buy'), cell(l.amount, 'n')));
    rows('asks', s.book.asks.slice(0, 15), (l, tr) => tr.append(cell(l.price, 'n sell'), cell(l.amount, 'n')));
    rows('fills', s.fills, (f, tr) => {
      tr.dataset.fill = f.trade_id;
      tr.append(cell(utc(f.time_us)), cell(f.client_id, 'n'), cell(f.side, f.side), cell(f.price, 'n'), cell(f.amount, 'n'),
                cell(`${f.fee} ${f.fee_currency}`, 'n'));
    });
    rows('errors', st.errors.slice().reverse(), (e, tr) => tr.append(cell(e.time), cell(e.where), cell(e.message, 'reason')));
    rows('decisions', s.decisions, (d, tr) => tr.append(cell(utc(d.time_us)), cell(d.strategy), cell(d.kind), cell(d.reason, 'reason')));

    price.update(s.trades, s.fills, st.open_orders);
    equity.update(s.equity.map((p) => ({ time_us: p.time_us, value: p.equity })));
    DealerCharts.drawDepth($('depth-chart'), s.book.bids, s.book.asks);
    window.dealerState = s; // for the browser test (tests/browser/dashboard.mjs) and the console
  }

  function showUptime() {
    if (!state) return;
    const seconds = parseFloat(state.status.uptime_seconds) + (performance.now() - received) / 1000;
    $('uptime').textContent = duration(seconds);
  }

  function connection(label, className) {
    $('connection').textContent = label;
    $('connection').className = `chip ${className}`;
  }

  // EventSource reconnects by itself after a network error; after a refusal (401, the bot gone for
  // good) it gives up, so a fresh one is made a second later.
  function connect() {
    const events = new EventSource('/api/events');
    events.addEventListener('state', (e) => render(JSON.parse(e.data)));
    events.onopen = () => {
      connection('live', 'good');
      if (disconnectedAt) {
        notice(`reconnected at ${new Date().toISOString().slice(11, 19)} UTC; the bot was unreachable from ` +
               `${disconnectedAt.toISOString().slice(11, 19)} UTC`);
        disconnectedAt = null;
      }
    };
    events.onerror = () => {
      if (!disconnectedAt) disconnectedAt = new Date();
      connection('disconnected', 'bad');
      notice(`disconnected from the bot since ${disconnectedAt.toISOString().slice(11, 19)} UTC; reconnecting…`, true);
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  $('halt').addEventListener('click', () => post('/api/halt'));
  $('resume-trading').addEventListener('click', () => post('/api/resume'));
  $('reload').addEventListener('click', () => post('/api/reload'));
  setInterval(showUptime, 1000);
  connect();
})();
