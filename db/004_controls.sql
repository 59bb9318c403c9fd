-- 002_controls: the operator's controls (the dashboard's JSON API, docs/dashboard.md), one row each.
CREATE TABLE controls (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  action TEXT NOT NULL,             -- cancel, pause, pause_and_cancel, resume, halt, resume_trading, reload
  target TEXT NOT NULL DEFAULT '',  -- the order's client id or the strategy's id; empty for the others
  remote TEXT NOT NULL,             -- the address the request came from
  outcome TEXT NOT NULL             -- what came of it, for a person ("ok: ..." or "refused: ...")
);
CREATE INDEX controls_time ON controls (time_us);
