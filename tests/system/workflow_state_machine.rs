//! The order state machine: every (status, action) pair, legal or not, on a real store. Legal ones
//! change the status and leave a transition row and an audit entry naming the agent and station;
//! illegal ones are refused with the allowed actions and change nothing.

mod support;
mod workflow_support;

use rusqlite::params;
use vaultpick_core::domain::OrderStatus::{self, *};
use vaultpick_core::store;
use vaultpick_core::workflow::machine::{self, Actor};
use vaultpick_core::workflow::{Action, WorkflowError, allowed_actions, next_status};
use workflow_support::{AGENT, STATION, vault};

/// The whole rule, written out by hand. `paused_from` is where a paused order was (Picking here).
fn expected(from: OrderStatus, action: Action) -> Option<OrderStatus> {
    use Action as A;
    let table: &[(OrderStatus, Action, OrderStatus)] = &[
        (Queued, A::Claim, Claimed),
        (Queued, A::Cancel, Cancelled),
        (Claimed, A::Release, Queued),
        (Claimed, A::StartPicking, Picking),
        (Claimed, A::Pause, Paused),
        (Claimed, A::Cancel, Cancelled),
        (Picking, A::StartVerify, Verifying),
        (Picking, A::Pause, Paused),
        (Picking, A::Cancel, Cancelled),
        (Verifying, A::BackToPicking, Picking),
        (Verifying, A::Stage, Staged),
        (Verifying, A::Pause, Paused),
        (Verifying, A::Cancel, Cancelled),
        (Paused, A::Resume, Picking),
        (Paused, A::Cancel, Cancelled),
        (Staged, A::HandOff, HandedOff),
        (Staged, A::Cancel, Cancelled),
    ];
    table
        .iter()
        .find(|(f, a, _)| *f == from && *a == action)
        .map(|(_, _, to)| *to)
}

#[test]
fn the_pure_rule_matches_the_table_for_every_pair() {
    let mut legal = 0;
    for &from in OrderStatus::ALL {
        for &action in Action::ALL {
            let got = next_status(from, action, Some(Picking));
            assert_eq!(got, expected(from, action), "{from} + {action:?}");
            legal += got.is_some() as usize;
        }
    }
    assert_eq!(legal, 17);
    assert_eq!(
        OrderStatus::ALL.len() * Action::ALL.len(),
        80,
        "every pair was checked"
    );
}

#[test]
fn resume_goes_back_to_where_the_order_was_paused() {
    for from in [Claimed, Picking, Verifying] {
        assert_eq!(next_status(Paused, Action::Resume, Some(from)), Some(from));
    }
    // A paused order with no record of where it was cannot guess.
    assert_eq!(next_status(Paused, Action::Resume, None), None);
    assert_eq!(next_status(Paused, Action::Resume, Some(Staged)), None);
}

#[test]
fn every_pair_on_a_real_store_is_applied_or_refused_without_a_trace() {
    let v = vault();
    for (i, &from) in OrderStatus::ALL.iter().enumerate() {
        for (j, &action) in Action::ALL.iter().enumerate() {
            let id = format!("SM-{i}-{j}");
            v.add_order(&id, from);
            if from == Paused {
                // Where the order was before it was paused, as the workflow itself records it.
                v.store
                    .write(|tx| {
                        tx.execute(
                            "INSERT INTO order_transitions (order_id, from_status, to_status, action, agent, station, at)
                             VALUES (?1, 'picking', 'paused', 'pause', 'x', 'y', '2026-11-26T14:00:00.000Z')",
                            params![id],
                        )?;
                        Ok(())
                    })
                    .expect("seed pause");
            }
            let audit_before = v.count("SELECT COUNT(*) FROM audit_log");
            let transitions_before = v.count("SELECT COUNT(*) FROM order_transitions");
            let by = Actor {
                agent: AGENT,
                station: STATION,
                reason: Some("test reason"),
            };
            let result = v
                .store
                .write(|tx| Ok(machine::apply(tx, &id, action, by, v.now())));
            let result = result.expect("store write");
            match (expected(from, action), result) {
                (Some(to), Ok(got)) => {
                    assert_eq!(got, to, "{from} + {action:?}");
                    assert_eq!(v.status(&id), to);
                    let history = v
                        .store
                        .read(|c| Ok(machine::history(c, &id)))
                        .expect("read")
                        .expect("history");
                    let last = history.last().expect("a transition row");
                    assert_eq!(
                        (
                            last.from,
                            last.to,
                            last.agent.as_str(),
                            last.station.as_str()
                        ),
                        (from, to, AGENT, STATION)
                    );
                    let audit = v
                        .store
                        .read(|c| store::audit_for_subject(c, &id))
                        .expect("audit");
                    let entry = audit.last().expect("an audit entry");
                    assert_eq!(entry.actor, AGENT);
                    assert_eq!(entry.action, format!("order_{}", action.as_str()));
                    assert!(entry.detail.contains(STATION), "{}", entry.detail);
                }
                (
                    None,
                    Err(WorkflowError::IllegalTransition {
                        from: f,
                        action: a,
                        allowed,
                        ..
                    }),
                ) => {
                    assert_eq!((f, a), (from, action));
                    let paused_from = (from == Paused).then_some(Picking);
                    assert_eq!(allowed, allowed_actions(from, paused_from));
                    assert_eq!(v.status(&id), from, "a refusal changes nothing");
                    assert_eq!(v.count("SELECT COUNT(*) FROM audit_log"), audit_before);
                    assert_eq!(
                        v.count("SELECT COUNT(*) FROM order_transitions"),
                        transitions_before
                    );
                }
                (want, got) => panic!("{from} + {action:?}: expected {want:?}, got {got:?}"),
            }
        }
    }
}

#[test]
fn a_refusal_says_what_is_allowed_in_words() {
    let v = vault();
    v.add_order("WORDS", Staged);
    let wf = v.workflow();
    let err = wf
        .pause("WORDS", "customer called", AGENT)
        .expect_err("staged orders cannot pause");
    let text = err.to_string();
    assert!(
        text.contains("order WORDS is staged: cannot pause"),
        "{text}"
    );
    assert!(text.contains("allowed now: hand off, cancel"), "{text}");
    v.add_order("CLOSED", HandedOff);
    let text = wf
        .cancel("CLOSED", "changed mind", AGENT)
        .expect_err("closed")
        .to_string();
    assert!(text.contains("nothing (the order is closed)"), "{text}");
}

#[test]
fn claim_records_agent_and_station_and_release_clears_them() {
    let v = vault();
    v.add_order("CLAIM", Queued);
    let wf = v.workflow();
    assert_eq!(
        wf.claim_by_ticket("]C0CLAIM\r\n", AGENT)
            .expect("claim by ticket"),
        "CLAIM"
    );
    let o = v
        .store
        .read(|c| store::load_order(c, "CLAIM"))
        .expect("read")
        .expect("order");
    assert_eq!(
        (o.status, o.claimed_by.as_deref(), o.station.as_deref()),
        (Claimed, Some(AGENT), Some(STATION))
    );
    let again = wf
        .claim("CLAIM", "badge-9")
        .expect_err("a claimed order cannot be claimed again");
    assert!(
        matches!(
            again,
            WorkflowError::IllegalTransition { from: Claimed, .. }
        ),
        "{again}"
    );
    wf.release("CLAIM", AGENT).expect("release");
    let o = v
        .store
        .read(|c| store::load_order(c, "CLAIM"))
        .expect("read")
        .expect("order");
    assert_eq!((o.status, o.claimed_by, o.station), (Queued, None, None));
    assert!(matches!(
        wf.claim_by_ticket("NOPE", AGENT),
        Err(WorkflowError::NotFound { .. })
    ));
    assert!(matches!(
        wf.claim_by_ticket("\r\n", AGENT),
        Err(WorkflowError::Invalid(_))
    ));
}
