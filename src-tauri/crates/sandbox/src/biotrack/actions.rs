//! Dispatch of one `serverjson.asp` request: API version, session, privilege, then the action.

use super::wire::{Reply, errors, text};
use super::world::{LedgerEntry, World};
use super::{inventory, reads, sales};
use serde_json::Value;

/// Who is calling, for the action handlers and the ledger.
pub(crate) struct Call<'a> {
    pub action: &'a str,
    pub body: &'a Value,
    pub company: String,
    pub username: String,
    pub training: bool,
}

impl Call<'_> {
    /// Records an applied write in the ledger (the request minus its session id).
    pub fn record(&self, world: &mut World, transactionid: i64, minted: Vec<String>) {
        let mut request = self.body.clone();
        if let Value::Object(map) = &mut request {
            map.remove("sessionid");
        }
        let seq = world.ledger.len() as u64 + 1;
        world.record(LedgerEntry {
            seq,
            transactionid,
            action: self.action.to_owned(),
            company: self.company.clone(),
            username: self.username.clone(),
            training: self.training,
            request,
            minted,
        });
    }
}

/// Actions the sandbox implements; anything else is "Invalid Action" like the real server.
pub(crate) const ACTIONS: &[&str] = &[
    "login",
    "sync_check",
    "sync_inventory",
    "sync_inventory_room",
    "sync_inventory_adjust",
    "sync_sale",
    "sync_id_preassign",
    "inventory_check",
    "inventory_qa_check",
    "inventory_move",
    "inventory_split",
    "inventory_adjust",
    "id_preassign",
    "sale_dispense",
];

/// The action name of a request, if it has a well-formed one.
pub(crate) fn action_of(body: &Value) -> Option<String> {
    let action = text(body, "action")?;
    let well_formed = !action.is_empty()
        && action
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    well_formed.then_some(action)
}

pub(crate) fn handle(world: &mut World, body: &Value) -> Reply {
    if text(body, "API").as_deref() != Some("4.0") {
        return Reply::err(17, "Invalid API Version");
    }
    let Some(action) = action_of(body).filter(|a| ACTIONS.contains(&a.as_str())) else {
        return Reply::err(62, "Invalid Action");
    };
    let training = matches!(text(body, "training").as_deref(), Some("1" | "true"));
    if action == "login" {
        return login(world, body);
    }
    let Some(session) = text(body, "sessionid").and_then(|id| world.session(&id)) else {
        return errors::session_expired();
    };
    let allowed = world
        .companies
        .get(&session.company)
        .and_then(|c| c.users.iter().find(|u| u.username == session.username))
        .is_some_and(|u| u.privileges.as_ref().is_none_or(|p| p.contains(&action)));
    if !allowed {
        return errors::privilege(&action);
    }
    let call = Call {
        action: &action,
        body,
        company: session.company,
        username: session.username,
        training,
    };
    match action.as_str() {
        "sync_check" => reads::sync_check(world, &call),
        "sync_inventory" => reads::sync_inventory(world, &call),
        "sync_inventory_room" => reads::sync_inventory_room(world, &call),
        "sync_inventory_adjust" => reads::sync_inventory_adjust(world, &call),
        "sync_sale" => reads::sync_sale(world, &call),
        "sync_id_preassign" => reads::sync_id_preassign(world, &call),
        "inventory_check" => reads::inventory_check(world, &call),
        "inventory_qa_check" => reads::inventory_qa_check(world, &call),
        "inventory_move" => inventory::inventory_move(world, &call),
        "inventory_split" => inventory::inventory_split(world, &call),
        "inventory_adjust" => inventory::inventory_adjust(world, &call),
        "id_preassign" => inventory::id_preassign(world, &call),
        "sale_dispense" => sales::sale_dispense(world, &call),
        _ => Reply::err(62, "Invalid Action"),
    }
}

/// `login`: the company licence, a username (case-insensitive) and a password. Failure has no
/// errorcode, like the real one.
fn login(world: &mut World, body: &Value) -> Reply {
    let license = text(body, "license_number").unwrap_or_default();
    let username = text(body, "username").unwrap_or_default().to_lowercase();
    let password = match body.get("password") {
        Some(Value::String(p)) => p.clone(),
        _ => String::new(),
    };
    let user = world.companies.get(&license).and_then(|c| {
        c.users
            .iter()
            .find(|u| u.username.to_lowercase() == username && u.password == password)
            .map(|u| u.username.clone())
    });
    let Some(user) = user else {
        return Reply::Err {
            error: "Invalid username or password.".into(),
            code: None,
        };
    };
    let sessionid = world.new_session(&license, &user);
    Reply::ok()
        .with("sessionid", Value::String(sessionid))
        .with("time", Value::from(super::world::epoch_now()))
}

/// The injected business error for the first barcode in `barcodes` that has one.
pub(crate) fn injected_error<'a>(
    world: &World,
    barcodes: impl IntoIterator<Item = &'a str>,
) -> Option<Reply> {
    barcodes.into_iter().find_map(|b| {
        world
            .barcode_faults
            .get(b)
            .map(|(code, text)| Reply::err(*code, text.clone()))
    })
}
