-- Schema v2: the BioTrack outbox and a small key/value table for sync cursors.
CREATE TABLE sync_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;

-- Every change the state system must learn about, written in the same transaction as the local
-- change that caused it. `package` orders the ops: one package's ops are applied strictly in order.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    package      TEXT NOT NULL,
    op           TEXT NOT NULL,            -- JSON TraceOp
    created_at   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done','review','discarded')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_try_at  TEXT,
    last_error   TEXT,
    -- Set before a non-idempotent call goes out, so a crash or lost reply is followed by a read-back.
    in_flight    INTEGER NOT NULL DEFAULT 0 CHECK (in_flight IN (0,1)),
    receipt      TEXT,                     -- JSON of what the state system answered
    done_at      TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(state, package, id);
