-- Schema v3: what the outbox worker needs to drain exactly once, the pre-assigned id pool for
-- offline weigh-outs, and the agents who sign in at a station.

-- A split into a pre-assigned id also orders the ops of the new package behind it.
ALTER TABLE outbox ADD COLUMN also_package TEXT;
-- The state system's newest transaction id before this op was first sent: a read-back after an
-- ambiguous failure or a crash only looks at transactions after it.
ALTER TABLE outbox ADD COLUMN since_txn INTEGER;
-- Who resolved a review item, and how (retry, edit, discard); the reason is in the audit log.
ALTER TABLE outbox ADD COLUMN resolved_by TEXT;
CREATE INDEX outbox_also_package ON outbox(also_package) WHERE also_package IS NOT NULL;
-- The head of each package's queue is the lowest active id: this index keeps finding it cheap.
CREATE INDEX outbox_active ON outbox(package, id) WHERE state IN ('pending','review');

-- Ids the state system pre-assigned to us. `taken_at` is set in the same transaction as the
-- outbox row of the offline split that uses the id.
CREATE TABLE uid_pool (
    uid          TEXT PRIMARY KEY,
    fetched_at   TEXT NOT NULL,
    taken_at     TEXT,
    taken_by_op  INTEGER REFERENCES outbox(id)
) STRICT;
CREATE INDEX uid_pool_free ON uid_pool(taken_at, uid);

-- State agents enrolled at this store. The PIN is kept only as an Argon2id PHC string.
CREATE TABLE agents (
    badge            TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('technician','manager')),
    pin_hash         TEXT NOT NULL,
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT,
    enrolled_at      TEXT NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1))
) STRICT;
