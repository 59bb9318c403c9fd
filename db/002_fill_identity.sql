-- 002_fill_identity: a fill is identified by (pair, the exchange's trade id as text, the exchange's order
-- id), not by the trade id alone: both sides of a self-trade, or two pairs' trades with one id, are two
-- fills. It keeps the exchange's `spent` (NULL where the exchange did not say) and both clocks: time_us
-- the exchange's trade time, seen_us when dealer saw the fill (for rows older than this migration, the
-- trade time: the only one known). db/README.md documents every column.
CREATE TABLE fills_002 (
  pair TEXT NOT NULL,
  trade_id TEXT NOT NULL CHECK (trade_id <> ''),
  exchange_order_id TEXT NOT NULL,
  client_id TEXT REFERENCES orders (client_id),
  side TEXT NOT NULL CHECK (side IN ('bid', 'ask')),
  price_int INTEGER NOT NULL CHECK (price_int >= 0),
  amount_int INTEGER NOT NULL CHECK (amount_int > 0),
  spent_int INTEGER CHECK (spent_int >= 0),
  fee_int INTEGER NOT NULL CHECK (fee_int >= 0),
  fee_currency TEXT NOT NULL,
  time_us INTEGER NOT NULL,
  seen_us INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('live', 'paper')),
  PRIMARY KEY (pair, trade_id, exchange_order_id)
);
INSERT INTO fills_002 (pair, trade_id, exchange_order_id, client_id, side, price_int, amount_int, spent_int,
                       fee_int, fee_currency, time_us, seen_us, mode)
  SELECT pair, CAST(trade_id AS TEXT), exchange_order_id, client_id, side, price_int, amount_int, NULL,
         fee_int, fee_currency, time_us, time_us, mode
  FROM fills ORDER BY trade_id;
DROP TABLE fills;
ALTER TABLE fills_002 RENAME TO fills;
CREATE INDEX fills_time ON fills (time_us);
CREATE INDEX fills_seen ON fills (seen_us);
CREATE INDEX fills_client ON fills (client_id);
