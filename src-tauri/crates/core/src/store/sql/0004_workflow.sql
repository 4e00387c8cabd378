-- Schema v4: the pick/verify workflow — transitions, picks in progress, weigh-outs, verify passes,
-- staging, scan events for the speed panel, and notifications for the Inventory Manager.

-- Every status change of an order: who, from which station, when, and why.
CREATE TABLE order_transitions (
    id           INTEGER PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders(pos_id),
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    action       TEXT NOT NULL,
    agent        TEXT NOT NULL,
    station      TEXT NOT NULL,
    at           TEXT NOT NULL,
    reason       TEXT
) STRICT;
CREATE INDEX order_transitions_by_order ON order_transitions(order_id, id);
CREATE INDEX order_transitions_by_status_time ON order_transitions(to_status, at);

-- A sealed unit scanned for a line, waiting for the tamper and expiry confirmation (one per order).
CREATE TABLE pending_seal_checks (
    order_id  TEXT PRIMARY KEY REFERENCES orders(pos_id),
    line_no   INTEGER NOT NULL,
    uid       TEXT NOT NULL REFERENCES packages(uid),
    at        TEXT NOT NULL
) STRICT;

-- A bulk package scanned for a weighed line, waiting for its weight.
CREATE TABLE weigh_sessions (
    order_id  TEXT NOT NULL,
    line_no   INTEGER NOT NULL,
    bulk_uid  TEXT NOT NULL REFERENCES packages(uid),
    agent     TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (order_id, line_no),
    FOREIGN KEY (order_id, line_no) REFERENCES order_lines(order_id, line_no)
) STRICT;

-- The evidence behind each weighed-out portion, and whether its printed label has been scanned back.
CREATE TABLE weighings (
    pick_id             INTEGER PRIMARY KEY REFERENCES picks(id),
    bulk_uid            TEXT NOT NULL,
    portion_uid         TEXT NOT NULL UNIQUE,
    provisional         INTEGER NOT NULL CHECK (provisional IN (0,1)),
    gross_mg            INTEGER NOT NULL,
    tare_mg             INTEGER NOT NULL,
    net_mg              INTEGER NOT NULL,
    target_mg           INTEGER NOT NULL,
    tolerance_mg        INTEGER NOT NULL,
    scale_id            TEXT NOT NULL,
    raw                 TEXT NOT NULL,
    read_at             TEXT NOT NULL,
    label_confirmed_at  TEXT
) STRICT;

-- Per-order workflow facts that have no column on `orders`.
CREATE TABLE order_workflow (
    order_id           TEXT PRIMARY KEY REFERENCES orders(pos_id),
    verify_pass        INTEGER NOT NULL DEFAULT 0,
    verify_pass_ended  INTEGER NOT NULL DEFAULT 0 CHECK (verify_pass_ended IN (0,1)),
    staging_location   TEXT,
    staged_at          TEXT
) STRICT;

CREATE TABLE verify_scans (
    id        INTEGER PRIMARY KEY,
    order_id  TEXT NOT NULL REFERENCES orders(pos_id),
    pass      INTEGER NOT NULL,
    uid       TEXT NOT NULL,
    outcome   TEXT NOT NULL CHECK (outcome IN ('matched','extra','unknown')),
    agent     TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;
CREATE INDEX verify_scans_by_order ON verify_scans(order_id, pass);

-- Packages moved to pending sale for an order, with the vault location to put them back on a cancel.
CREATE TABLE staged_items (
    order_id        TEXT NOT NULL REFERENCES orders(pos_id),
    uid             TEXT NOT NULL REFERENCES packages(uid),
    vault_location  TEXT NOT NULL,
    PRIMARY KEY (order_id, uid)
) STRICT;

-- Every scan a technician made and what came of it: the speed panel counts these.
CREATE TABLE scan_events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    order_id  TEXT NOT NULL,
    agent     TEXT NOT NULL,
    station   TEXT NOT NULL,
    phase     TEXT NOT NULL CHECK (phase IN ('pick','seal','weigh','label','verify')),
    scanned   TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    refused   INTEGER NOT NULL CHECK (refused IN (0,1))
) STRICT;
CREATE INDEX scan_events_by_order ON scan_events(order_id);

-- Messages for a role (the Inventory Manager first), listed by the UI until acknowledged.
CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY,
    at               TEXT NOT NULL,
    audience         TEXT NOT NULL,
    kind             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    order_id         TEXT,
    message          TEXT NOT NULL,
    raised_by        TEXT NOT NULL,
    acknowledged_at  TEXT,
    acknowledged_by  TEXT
) STRICT;
CREATE INDEX notifications_open ON notifications(audience, acknowledged_at, id);

-- A scan asks "who else holds this package?": without this it reads every pick.
CREATE INDEX picks_by_uid ON picks(uid);
-- The suggested package: the first active package of a product in pick order, straight off an index.
CREATE INDEX packages_pick_order ON packages(sku, status, expires_on IS NULL, expires_on, packaged_on, uid);
