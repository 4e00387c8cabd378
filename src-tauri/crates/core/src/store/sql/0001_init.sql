-- VaultPick schema v1: products, packages, orders, picks and the audit log.
CREATE TABLE products (
    sku            TEXT PRIMARY KEY,
    brand          TEXT NOT NULL,
    name           TEXT NOT NULL,
    strain         TEXT,
    category       TEXT NOT NULL CHECK (category IN ('flower','pre_roll','vape','edible','concentrate','topical')),
    unit           TEXT NOT NULL CHECK (unit IN ('mg','each')),
    net_weight_mg  INTEGER,
    cannabinoids   TEXT NOT NULL DEFAULT '[]'  -- JSON array of {name, amount}
) STRICT;

CREATE TABLE packages (
    uid             TEXT PRIMARY KEY,
    sku             TEXT NOT NULL REFERENCES products(sku),
    batch           TEXT NOT NULL,
    packaged_on     TEXT NOT NULL,
    expires_on      TEXT,
    quantity        INTEGER NOT NULL CHECK (quantity >= 0),
    unit            TEXT NOT NULL CHECK (unit IN ('mg','each')),
    state_quantity  INTEGER,
    location        TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active','quarantined','pending_sale','sold','destroyed')),
    qa              TEXT NOT NULL CHECK (qa IN ('passed','pending','failed')),
    sealed          INTEGER NOT NULL CHECK (sealed IN (0,1))
) STRICT;
CREATE INDEX packages_by_sku ON packages(sku, status, expires_on, packaged_on);

CREATE TABLE orders (
    pos_id        TEXT PRIMARY KEY,
    customer      TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('pickup','curbside','delivery')),
    promised_at   TEXT NOT NULL,
    express       INTEGER NOT NULL CHECK (express IN (0,1)),
    status        TEXT NOT NULL CHECK (status IN ('queued','claimed','picking','verifying','staged','handed_off','paused','cancelled')),
    claimed_by    TEXT,
    station       TEXT,
    pause_reason  TEXT,
    received_at   TEXT NOT NULL
) STRICT;
CREATE INDEX orders_by_status ON orders(status, promised_at);

CREATE TABLE order_lines (
    order_id  TEXT NOT NULL REFERENCES orders(pos_id),
    line_no   INTEGER NOT NULL,
    sku       TEXT NOT NULL REFERENCES products(sku),
    amount    INTEGER NOT NULL CHECK (amount > 0),
    unit      TEXT NOT NULL CHECK (unit IN ('mg','each')),
    PRIMARY KEY (order_id, line_no)
) STRICT;

CREATE TABLE picks (
    id        INTEGER PRIMARY KEY,
    order_id  TEXT NOT NULL,
    line_no   INTEGER NOT NULL,
    uid       TEXT NOT NULL,
    amount    INTEGER NOT NULL,
    unit      TEXT NOT NULL CHECK (unit IN ('mg','each')),
    agent     TEXT NOT NULL,
    station   TEXT NOT NULL,
    at        TEXT NOT NULL,
    FOREIGN KEY (order_id, line_no) REFERENCES order_lines(order_id, line_no)
) STRICT;
CREATE INDEX picks_by_order ON picks(order_id);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT ''
) STRICT;

-- The audit log is evidence: rows can be added, never changed or removed.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
