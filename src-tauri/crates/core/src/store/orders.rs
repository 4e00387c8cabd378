//! Order rows and their lines.

use crate::CoreResult;
use crate::domain::{Order, OrderLine, OrderStatus, Quantity};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "pos_id, customer, channel, promised_at, express, status, claimed_by, station, pause_reason, received_at";

pub fn insert_order(conn: &Connection, o: &Order) -> CoreResult<()> {
    conn.execute(
        &format!("INSERT INTO orders ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        params![
            o.pos_id,
            o.customer,
            o.channel,
            super::fmt_time(o.promised_at),
            o.express,
            o.status,
            o.claimed_by,
            o.station,
            o.pause_reason,
            super::fmt_time(o.received_at),
        ],
    )?;
    let mut line = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, line_no, sku, amount, unit) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for l in &o.lines {
        line.execute(params![
            o.pos_id,
            l.line_no,
            l.sku,
            l.wanted.amount,
            l.wanted.unit
        ])?;
    }
    Ok(())
}

pub fn load_order(conn: &Connection, pos_id: &str) -> CoreResult<Option<Order>> {
    let order = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM orders WHERE pos_id = ?1"),
            [pos_id],
            from_row,
        )
        .optional()?;
    order.map(|o| with_lines(conn, o)).transpose()
}

/// Orders in any of the given states, with their lines, in promised-time order.
pub fn load_orders_with_status(
    conn: &Connection,
    statuses: &[OrderStatus],
) -> CoreResult<Vec<Order>> {
    let placeholders = vec!["?"; statuses.len()].join(",");
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM orders WHERE status IN ({placeholders}) ORDER BY promised_at, pos_id"
    ))?;
    let orders = stmt
        .query_map(rusqlite::params_from_iter(statuses.iter()), from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    orders.into_iter().map(|o| with_lines(conn, o)).collect()
}

pub fn set_order_status(conn: &Connection, pos_id: &str, status: OrderStatus) -> CoreResult<()> {
    conn.execute(
        "UPDATE orders SET status = ?2 WHERE pos_id = ?1",
        params![pos_id, status],
    )?;
    Ok(())
}

fn with_lines(conn: &Connection, mut o: Order) -> CoreResult<Order> {
    let mut stmt = conn.prepare_cached(
        "SELECT line_no, sku, amount, unit FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
    )?;
    o.lines = stmt
        .query_map([&o.pos_id], |r| {
            Ok(OrderLine {
                line_no: r.get(0)?,
                sku: r.get(1)?,
                wanted: Quantity {
                    amount: r.get(2)?,
                    unit: r.get(3)?,
                },
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(o)
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Order> {
    let promised: String = r.get(3)?;
    let received: String = r.get(9)?;
    Ok(Order {
        pos_id: r.get(0)?,
        customer: r.get(1)?,
        channel: r.get(2)?,
        promised_at: super::parse_time(&promised, 3)?,
        express: r.get(4)?,
        status: r.get(5)?,
        lines: Vec::new(),
        claimed_by: r.get(6)?,
        station: r.get(7)?,
        pause_reason: r.get(8)?,
        received_at: super::parse_time(&received, 9)?,
    })
}
