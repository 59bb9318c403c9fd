-- 001_initial: the first dealer history schema (db/README.md documents every table and column).
-- Money is INTEGER in the exchange's units (BTC 1e-8, USD 1e-5, JPY 1e-3), never REAL; times are INTEGER
-- microseconds since the Unix epoch (UTC), in columns ending in _us.

-- One row per order dealer decided to place, written before the order is sent.
CREATE TABLE orders (
  client_id TEXT PRIMARY KEY,
  strategy_id TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq > 0),
  pair TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('bid', 'ask')),
  kind TEXT NOT NULL CHECK (kind IN ('limit', 'market')),
  price_int INTEGER NOT NULL CHECK (price_int >= 0),
  amount_int INTEGER NOT NULL CHECK (amount_int > 0),
  exchange_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('new', 'sent', 'open', 'partially_filled', 'filled', 'cancelling',
                                       'cancelled', 'rejected', 'ambiguous')),
  filled_amount_int INTEGER NOT NULL DEFAULT 0 CHECK (filled_amount_int >= 0),
  created_us INTEGER NOT NULL,
  updated_us INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('live', 'paper')),
  UNIQUE (strategy_id, seq),
  CHECK (filled_amount_int <= amount_int)
);
-- Reconciliation at start-up reads the orders still alive; a partial index keeps that read small.
CREATE INDEX orders_alive ON orders (mode) WHERE state NOT IN ('filled', 'cancelled', 'rejected');
CREATE INDEX orders_created ON orders (created_us);
CREATE INDEX orders_exchange_id ON orders (exchange_id);

-- Every state an order went through, in order (id), including the first.
CREATE TABLE order_events (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES orders (client_id),
  time_us INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new', 'sent', 'open', 'partially_filled', 'filled', 'cancelling',
                                       'cancelled', 'rejected', 'ambiguous')),
  exchange_id TEXT,
  filled_amount_int INTEGER NOT NULL CHECK (filled_amount_int >= 0),
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_events_client ON order_events (client_id, id);

-- The account's own executions, one per exchange trade id; written before a strategy hears of them.
CREATE TABLE fills (
  trade_id INTEGER PRIMARY KEY,
  client_id TEXT REFERENCES orders (client_id),
  exchange_order_id TEXT NOT NULL,
  pair TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('bid', 'ask')),
  price_int INTEGER NOT NULL CHECK (price_int >= 0),
  amount_int INTEGER NOT NULL CHECK (amount_int > 0),
  fee_int INTEGER NOT NULL CHECK (fee_int >= 0),
  fee_currency TEXT NOT NULL,
  time_us INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('live', 'paper'))
);
CREATE INDEX fills_time ON fills (time_us);
CREATE INDEX fills_client ON fills (client_id);

-- The public tape: primary trades only (the mirrored copies in other currencies are dropped).
CREATE TABLE trades (
  pair TEXT NOT NULL,
  tid INTEGER NOT NULL,
  time_us INTEGER NOT NULL,
  price_int INTEGER NOT NULL CHECK (price_int >= 0),
  amount_int INTEGER NOT NULL CHECK (amount_int > 0),
  side TEXT NOT NULL CHECK (side IN ('bid', 'ask')),
  properties TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (pair, tid)
) WITHOUT ROWID;

CREATE TABLE tickers (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  pair TEXT NOT NULL,
  last_int INTEGER NOT NULL,
  buy_int INTEGER NOT NULL,
  sell_int INTEGER NOT NULL,
  high_int INTEGER NOT NULL,
  low_int INTEGER NOT NULL,
  avg_int INTEGER NOT NULL,
  vwap_int INTEGER NOT NULL,
  volume_int INTEGER NOT NULL
);
CREATE INDEX tickers_pair_time ON tickers (pair, time_us);

-- Book snapshots: the best prices as columns to query, the levels as JSON [[price_int, amount_int], ...]
-- best first (readable with SQLite's json_each).
CREATE TABLE depths (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  pair TEXT NOT NULL,
  best_bid_int INTEGER,
  best_ask_int INTEGER,
  bids TEXT NOT NULL,
  asks TEXT NOT NULL
);
CREATE INDEX depths_pair_time ON depths (pair, time_us);

CREATE TABLE balances (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  currency TEXT NOT NULL,
  total_int INTEGER NOT NULL,
  in_orders_int INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('live', 'paper'))
);
CREATE INDEX balances_last ON balances (mode, currency, id);
CREATE INDEX balances_time ON balances (time_us);

-- What a strategy decided and why (placed, skipped, disabled, kill switch, ...).
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  strategy_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX decisions_time ON decisions (time_us);

-- Named resume points, e.g. the last trade tid read from a feed.
CREATE TABLE cursors (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL,
  updated_us INTEGER NOT NULL
);

-- Each strategy's own persisted state (opaque text the strategy writes and reads back).
CREATE TABLE strategy_state (
  strategy_id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  updated_us INTEGER NOT NULL
);
