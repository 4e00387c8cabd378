//! Orders reach the queue only through the POS feed: good ones land, bad ones are refused with a
//! reason and an audit entry without holding back the rest, and the queue order is what a
//! technician needs (express first, then soonest due).

mod support;

use chrono::Duration;
use std::sync::Mutex;
use vaultpick_core::demo::{self, JANE_DOE_ORDER, TrainingFeed};
use vaultpick_core::domain::{Channel, OrderStatus};
use vaultpick_core::ports::{PosError, PosFeed, PosLine, PosOrder, PosPage};
use vaultpick_core::pos_sync::poll_pos;
use vaultpick_core::{Store, queue, store};

/// A POS that hands out scripted pages: the process boundary the real POS sits behind.
struct ScriptedPos(Mutex<Vec<PosPage>>);

impl PosFeed for ScriptedPos {
    fn changes_since(&self, _cursor: Option<&str>) -> Result<PosPage, PosError> {
        let mut pages = self
            .0
            .lock()
            .map_err(|_| PosError::Unreachable("poisoned".into()))?;
        if pages.is_empty() {
            return Ok(PosPage {
                orders: vec![],
                next_cursor: "end".into(),
            });
        }
        Ok(pages.remove(0))
    }
}

fn order(id: &str, customer: &str, minutes: i64, express: bool, lines: Vec<PosLine>) -> PosOrder {
    PosOrder {
        id: id.into(),
        customer_name: customer.into(),
        channel: Channel::Curbside,
        promised_at: support::morning() + Duration::minutes(minutes),
        express,
        placed_at: support::morning(),
        cancelled: false,
        lines,
    }
}

fn each(sku: &str, n: i64) -> PosLine {
    PosLine {
        sku: sku.into(),
        count: Some(n),
        weight_mg: None,
    }
}

fn seeded() -> (support::TempStore, vaultpick_core::ManualClock) {
    let t = support::temp_store();
    let clock = support::manual_clock();
    demo::seed_training(&t.store, &clock).expect("seed catalogue");
    (t, clock)
}

#[test]
fn the_training_feed_puts_jane_does_order_in_the_queue_once() {
    let (t, clock) = seeded();
    let seed = demo::seed_training(&t.store, &clock).expect("seed time");
    let report = poll_pos(&t.store, &TrainingFeed::new(seed), &clock).expect("poll");
    assert!(report.added.len() >= 25, "{} orders", report.added.len());
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    let again = poll_pos(&t.store, &TrainingFeed::new(seed), &clock).expect("poll again");
    assert!(
        again.added.is_empty(),
        "the cursor must stop a second delivery"
    );

    let q = queue::queue(&t.store).expect("queue");
    assert_eq!(q.len(), report.added.len());
    let jane = q
        .iter()
        .find(|e| e.pos_id == JANE_DOE_ORDER)
        .expect("Jane Doe queued");
    assert_eq!(jane.customer, "Jane Doe");
    let lines: Vec<String> = jane
        .lines
        .iter()
        .map(|l| format!("{} {}", l.description, l.wanted))
        .collect();
    assert_eq!(
        lines,
        [
            "Brand X — Blue Dream (bulk) 3.50 g",
            "Brand Y — Blue Dream cartridge 0.5 g 1 ea",
            "Brand Z — Watermelon gummies 10 × 10 mg 2 ea",
        ]
    );
    assert!(jane.lines[0].weighed && !jane.lines[1].weighed);
}

#[test]
fn the_queue_puts_express_first_then_the_soonest_due_including_overdue() {
    let (t, clock) = seeded();
    let cart = demo::BRAND_Y_CARTRIDGE;
    let page = PosPage {
        orders: vec![
            order("LATER", "A", 90, false, vec![each(cart, 1)]),
            order("OVERDUE", "B", -10, false, vec![each(cart, 1)]),
            order("EXPRESS-LATE", "C", 120, true, vec![each(cart, 1)]),
            order("SOON", "D", 15, false, vec![each(cart, 1)]),
        ],
        next_cursor: "1".into(),
    };
    poll_pos(&t.store, &ScriptedPos(Mutex::new(vec![page])), &clock).expect("poll");
    let ids: Vec<String> = queue::queue(&t.store)
        .expect("queue")
        .into_iter()
        .map(|e| e.pos_id)
        .collect();
    assert_eq!(ids, ["EXPRESS-LATE", "OVERDUE", "SOON", "LATER"]);
}

#[test]
fn bad_pos_orders_are_refused_with_a_reason_and_do_not_block_good_ones() {
    let (t, clock) = seeded();
    let cart = demo::BRAND_Y_CARTRIDGE;
    let bulk = demo::BRAND_X_BULK_FLOWER;
    let page = PosPage {
        orders: vec![
            order("UNKNOWN-SKU", "A", 30, false, vec![each("NO-SUCH-SKU", 1)]),
            order("ZERO", "B", 30, false, vec![each(cart, 0)]),
            order("NO-NAME", "  ", 30, false, vec![each(cart, 1)]),
            order("NO-LINES", "C", 30, false, vec![]),
            order("BULK-AS-COUNT", "D", 30, false, vec![each(bulk, 2)]),
            order("GOOD", "E", 30, false, vec![each(cart, 2)]),
        ],
        next_cursor: "1".into(),
    };
    let report = poll_pos(&t.store, &ScriptedPos(Mutex::new(vec![page])), &clock).expect("poll");
    assert_eq!(report.added, ["GOOD"]);
    let reasons: Vec<(&str, &str)> = report
        .refused
        .iter()
        .map(|(id, why)| (id.as_str(), why.as_str()))
        .collect();
    assert_eq!(reasons.len(), 5);
    assert!(
        reasons[0].1.contains("NO-SUCH-SKU is not in the catalogue"),
        "{reasons:?}"
    );
    assert!(reasons[1].1.contains("positive count"), "{reasons:?}");
    assert!(reasons[2].1.contains("no customer name"), "{reasons:?}");
    assert!(reasons[3].1.contains("no lines"), "{reasons:?}");
    assert!(reasons[4].1.contains("weighed out"), "{reasons:?}");
    let audit = t
        .store
        .read(|c| store::audit_for_subject(c, "ZERO"))
        .expect("audit");
    assert_eq!(audit[0].action, "pos_refused");
}

#[test]
fn hostile_customer_names_are_stored_and_shown_verbatim() {
    let (t, clock) = seeded();
    let names = [
        "Robert'); DROP TABLE orders;--",
        "<img src=x onerror=alert(1)>",
        "Ali\u{202E}cE",
        "名前 テスト",
    ];
    let orders = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            order(
                &format!("H{i}"),
                n,
                30 + i as i64,
                false,
                vec![each(demo::BRAND_Z_EDIBLES, 1)],
            )
        })
        .collect();
    poll_pos(
        &t.store,
        &ScriptedPos(Mutex::new(vec![PosPage {
            orders,
            next_cursor: "1".into(),
        }])),
        &clock,
    )
    .expect("poll");
    let shown: Vec<String> = queue::queue(&t.store)
        .expect("queue")
        .into_iter()
        .map(|e| e.customer)
        .collect();
    assert_eq!(shown, names);
}

#[test]
fn a_cancellation_before_claim_takes_the_order_out_of_the_queue() {
    let (t, clock) = seeded();
    let mut cancelled = order(
        "GONE",
        "A",
        30,
        false,
        vec![each(demo::BRAND_Y_CARTRIDGE, 1)],
    );
    let first = PosPage {
        orders: vec![cancelled.clone()],
        next_cursor: "1".into(),
    };
    cancelled.cancelled = true;
    let second = PosPage {
        orders: vec![cancelled],
        next_cursor: "2".into(),
    };
    let pos = ScriptedPos(Mutex::new(vec![first, second]));
    poll_pos(&t.store, &pos, &clock).expect("first poll");
    let report = poll_pos(&t.store, &pos, &clock).expect("second poll");
    assert_eq!(report.cancelled, ["GONE"]);
    assert!(queue::queue(&t.store).expect("queue").is_empty());
    let status = t
        .store
        .read(|c| store::load_order(c, "GONE"))
        .expect("load")
        .map(|o| o.status);
    assert_eq!(status, Some(OrderStatus::Cancelled));
}

#[test]
fn the_feed_cursor_survives_a_restart() {
    let (t, clock) = seeded();
    let seed = demo::seed_training(&t.store, &clock).expect("seed");
    poll_pos(&t.store, &TrainingFeed::new(seed), &clock).expect("poll");
    let path = t.store.path().to_path_buf();
    drop(t.store);
    let reopened = Store::open(&path).expect("reopen");
    let report = poll_pos(&reopened, &TrainingFeed::new(seed), &clock).expect("poll after restart");
    assert!(report.added.is_empty());
}
