//! What the store guarantees when things go wrong: evidence cannot be rewritten, a full disk is
//! reported in plain words and loses nothing, and a failed write leaves no trace.

mod support;

use vaultpick_core::CoreError;
use vaultpick_core::store::{self, AuditRecord};

fn record<'a>(subject: &'a str) -> AuditRecord<'a> {
    AuditRecord {
        actor: "B-1042",
        action: "picked",
        subject,
        detail: "line 1",
    }
}

#[test]
fn the_audit_log_refuses_edits_and_deletions() {
    let t = support::temp_store();
    t.store
        .write(|tx| store::audit_append(tx, support::morning(), record("POS-1")))
        .expect("append");
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let err = t
            .store
            .write(|tx| Ok(tx.execute(sql, [])?))
            .expect_err("must be refused");
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let kept = t
        .store
        .read(|c| store::audit_for_subject(c, "POS-1"))
        .expect("read");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].actor, "B-1042");
}

#[test]
fn a_full_disk_is_reported_plainly_and_loses_nothing_already_saved() {
    let t = support::temp_store();
    t.store
        .write(|tx| store::audit_append(tx, support::morning(), record("kept")))
        .expect("first write");
    // Cap the file at its current size: the next growth fails exactly as a full disk does (SQLITE_FULL).
    t.store
        .read(|c| {
            let pages: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            c.pragma_update(None, "max_page_count", pages)?;
            Ok(())
        })
        .expect("cap the file");
    let big = "x".repeat(64 * 1024);
    let err = t
        .store
        .write(|tx| {
            for _ in 0..64 {
                store::audit_append(
                    tx,
                    support::morning(),
                    AuditRecord {
                        detail: &big,
                        ..record("lost")
                    },
                )?;
            }
            Ok(())
        })
        .expect_err("the write must fail");
    assert!(
        matches!(err, CoreError::DiskFull(_)),
        "expected DiskFull, got {err:?}"
    );
    assert!(
        err.to_string().contains("disk is full") && err.to_string().contains("nothing was lost"),
        "{err}"
    );
    assert_eq!(
        t.store
            .read(|c| store::audit_for_subject(c, "kept"))
            .expect("read")
            .len(),
        1
    );
    assert!(
        t.store
            .read(|c| store::audit_for_subject(c, "lost"))
            .expect("read")
            .is_empty()
    );
}

#[test]
fn a_write_that_fails_halfway_leaves_nothing_behind() {
    let t = support::temp_store();
    let err = t
        .store
        .write(|tx| {
            store::audit_append(tx, support::morning(), record("half"))?;
            Err::<(), _>(CoreError::Invalid("the second half failed".into()))
        })
        .expect_err("must fail");
    assert_eq!(err.to_string(), "the second half failed");
    assert!(
        t.store
            .read(|c| store::audit_for_subject(c, "half"))
            .expect("read")
            .is_empty()
    );
}
