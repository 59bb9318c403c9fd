-- 002_outbox: the outbox of notifications (db/README.md, docs/notifications.md). A notification is
-- inserted in the same transaction as what caused it (the fill row, the halt), one row per receiver,
-- and the notifier delivers each receiver's rows in id order, updating state as it goes.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL,
  receiver TEXT NOT NULL,
  event TEXT NOT NULL,
  time_us INTEGER NOT NULL,
  created_us INTEGER NOT NULL,
  text TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'given_up', 'expired')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_us INTEGER NOT NULL DEFAULT 0,
  updated_us INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  UNIQUE (event_id, receiver)
);
-- The notifier reads what is still to send, per receiver in order.
CREATE INDEX notifications_pending ON notifications (receiver, id) WHERE state = 'pending';
