//! The station's weigh-out on a real training store and the simulated MT-SICS scale on a socat pty
//! pair: a reading that is still moving, one under the scale's minimum load (refused by the station
//! and kept in the order's scan and audit logs) and one outside tolerance are refused with their
//! reasons; a
//! stable 3.50 g becomes the portion, its split in the outbox and a printed package label whose
//! barcode (zbarimg) reads the new package id and whose text (pdftotext) names the dispensary, its
//! licence, the weight to the scale's d and the batch.

use super::*;
use crate::devices::{WeightReading, sim};
use crate::flow::pdf_check;
use crate::flow::with_workflow;
use crate::paths::Mode;
use std::sync::Arc;
use std::time::Duration;
use vaultpick_core::demo::JANE_DOE_ORDER;
use vaultpick_core::domain::{Quantity, Uid};
use vaultpick_core::ports::TraceOp;
use vaultpick_core::status::DeviceStatus;
use vaultpick_core::workflow::LabelCheck;

type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

const TECHNICIAN: &str = "B-1042";
const POOL_UID: &str = "9990001000777001";
const WAIT: Duration = Duration::from_secs(30);

fn place(engine: &Engine, grams: &str, settle_ms: u32, noise_mg: u32) -> TestResult {
    load(engine, grams, (settle_ms, noise_mg), false)
}

/// What the Simulated devices panel does: a load on the pan, settling and shaking, maybe too heavy.
fn load(
    engine: &Engine,
    grams: &str,
    (settle_ms, noise_mg): (u32, u32),
    overload: bool,
) -> TestResult {
    let (scale, _) = engine.devices().simulator()?;
    sim::apply_weight(
        &scale,
        &sim::SimWeight {
            grams: grams.into(),
            settle_ms,
            noise_mg,
            overload,
        },
    )?;
    Ok(())
}

/// Refused weighings of this kind in Jane Doe's scan log.
fn refused_weighings(engine: &Engine, reason: &str) -> TestResult<i64> {
    Ok(engine.store().read(|c| {
        Ok(c.query_row(
            "SELECT COUNT(*) FROM scan_events WHERE order_id = ?1 AND refused = 1 AND outcome = ?2",
            [JANE_DOE_ORDER, &format!("weight_refused:{reason}")],
            |r| r.get(0),
        )?)
    })?)
}

/// The reading Enter takes: whatever the scale shows now.
async fn read_now(engine: &Engine) -> TestResult<WeightReading> {
    Ok(engine
        .devices()
        .scale()
        .ok_or("no scale")?
        .current_weight()
        .await?)
}

/// Polls the scale until it shows `mg` stable (the simulator settles over its settle time).
async fn settled(engine: &Engine, mg: i64) -> TestResult<WeightReading> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let w = read_now(engine).await?;
        if w.reading
            .as_ref()
            .is_some_and(|r| r.stable && r.net_mg == mg)
        {
            return Ok(w);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("the scale never settled at {mg} mg: {:?}", w.reading).into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weigh_out_refuses_moving_and_off_target_readings_then_records_splits_and_labels()
-> TestResult {
    let data = tempfile::tempdir()?;
    let printed = tempfile::tempdir()?;
    let raster = tempfile::tempdir()?;
    let engine = Arc::new(Engine::open(Mode::Training, data.path())?);
    engine.devices().start().await;
    let deadline = tokio::time::Instant::now() + WAIT;
    while !matches!(engine.devices().scale_status(), DeviceStatus::Connected(_)) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the scale never connected"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    crate::flow::pdf_check::fill_pool(&engine, POOL_UID)?;
    let bulk = with_workflow(&engine, |wf| {
        wf.claim(JANE_DOE_ORDER, TECHNICIAN)?;
        let snap = wf.pick_snapshot(JANE_DOE_ORDER)?;
        let bulk = snap.lines[0].suggested.clone().ok_or_else(|| {
            WorkflowError::Invalid("the flower line suggests no bulk package".into())
        })?;
        wf.scan(JANE_DOE_ORDER, Some(1), bulk.uid.as_str(), TECHNICIAN)?;
        Ok(bulk)
    })?;
    let weigh = |w: &WeightReading| {
        weigh_line(
            &engine,
            TECHNICIAN,
            (JANE_DOE_ORDER, 1),
            w,
            Some(printed.path()),
        )
    };

    // The empty container, tared; then the flower goes in while the pan still moves.
    place(&engine, "12.00", 0, 0)?;
    settled(&engine, 12_000).await?;
    let scale = engine.devices().scale().ok_or("no scale")?;
    scale.tare_now().await?;
    place(&engine, "15.50", 0, 60)?;
    let moving = weigh(&read_now(&engine).await?)?;
    assert_eq!(moving.key, "unstable", "{moving:?}");
    assert!(
        moving.next_step.contains("still moving"),
        "{}",
        moving.next_step
    );
    assert!(moving.label.is_none());

    // A pinch under the scale's legal minimum load (20 d): the station refuses it before the
    // workflow sees it, and the attempt is on record for the order.
    place(&engine, "12.10", 0, 0)?;
    let pinch = weigh(&settled(&engine, 100).await?)?;
    assert_eq!(pinch.key, "below_minimum_load", "{pinch:?}");
    assert!(pinch.outcome.is_none(), "the workflow never saw it");
    assert_eq!(refused_weighings(&engine, "below_minimum_load")?, 1);
    let order_log = engine
        .store()
        .read(|c| vaultpick_core::store::audit_for_subject(c, JANE_DOE_ORDER))?;
    assert!(
        order_log
            .iter()
            .any(|e| e.action == "weight_refused" && e.detail.contains("minimum load")),
        "{order_log:?}"
    );

    // Too heavy for the scale: it gives no weight at all, only its overload. Shown as the scale's
    // error, and kept on the order's record as a refused weighing.
    load(&engine, "15.50", (0, 0), true)?;
    let overloaded = read_now(&engine)
        .await
        .err()
        .ok_or("an overloaded scale gave a weight")?;
    let overloaded = match overloaded.downcast::<crate::devices::ScaleUseError>() {
        Ok(e) => *e,
        Err(other) => return Err(other),
    };
    assert!(record_scale_refusal(
        &engine,
        TECHNICIAN,
        (JANE_DOE_ORDER, 1),
        &overloaded
    )?);
    assert_eq!(refused_weighings(&engine, "overload")?, 1);

    place(&engine, "15.80", 0, 0)?;
    let over = weigh(&settled(&engine, 3_800).await?)?;
    assert_eq!(over.key, "out_of_tolerance", "{over:?}");
    assert!(
        over.next_step.contains("take a little out"),
        "{}",
        over.next_step
    );

    place(&engine, "15.50", 0, 0)?;
    let done = weigh(&settled(&engine, 3_500).await?)?;
    assert_eq!(done.key, ACCEPTED, "{done:?}");
    assert_eq!(done.weight.net_g.as_deref(), Some("3.50"));
    let label = done
        .label
        .ok_or_else(|| format!("no label: {:?}", done.label_error))?;
    assert_eq!(label.kind, "package-label");
    assert_eq!(label.subject, POOL_UID);
    assert_eq!(
        pdf_check::decode(Path::new(&label.file), raster.path())?,
        vec![POOL_UID.to_owned()]
    );
    let text = pdf_check::text(Path::new(&label.file))?;
    for want in [
        crate::world::TRAINING_DISPENSARY,
        "999001",
        POOL_UID,
        "3.50 g",
        bulk.batch.as_str(),
    ] {
        assert!(
            text.contains(want),
            "{want:?} missing from the label:\n{text}"
        );
    }

    // The weighing, the split and the print are on record; the line waits for the label's scan.
    let ops: Vec<TraceOp> = engine.store().read(|c| {
        let mut stmt = c.prepare("SELECT op FROM outbox ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut ops = Vec::new();
        for json in rows {
            ops.push(
                serde_json::from_str(&json?)
                    .map_err(|e| vaultpick_core::CoreError::Invalid(e.to_string()))?,
            );
        }
        Ok(ops)
    })?;
    assert_eq!(
        ops,
        vec![TraceOp::Split {
            from: bulk.uid.clone(),
            quantity: Quantity::milligrams(3_500),
            new_uid: Some(Uid(POOL_UID.into())),
        }]
    );
    let tare: i64 = engine.store().read(|c| {
        Ok(c.query_row(
            "SELECT tare_mg FROM weighings WHERE portion_uid = ?1",
            [POOL_UID],
            |r| r.get(0),
        )?)
    })?;
    assert_eq!(tare, 12_000);
    let log = engine
        .store()
        .read(|c| vaultpick_core::store::audit_for_subject(c, POOL_UID))?;
    assert!(
        log.iter()
            .any(|e| e.action == "label_printed" && e.actor == TECHNICIAN),
        "{log:?}"
    );
    let check = with_workflow(&engine, |wf| {
        wf.confirm_portion_label(JANE_DOE_ORDER, 1, POOL_UID, TECHNICIAN)
    })?;
    assert_eq!(
        check,
        LabelCheck::Matches {
            uid: Uid(POOL_UID.into())
        }
    );
    engine.devices().shutdown();
    Ok(())
}
