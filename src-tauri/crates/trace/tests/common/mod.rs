//! A sandbox on loopback loaded with a small store, and clients pointed at it.
#![allow(dead_code, clippy::unwrap_used)]

use vaultpick_core::ports::Sensitive;
use vaultpick_sandbox::biotrack::{
    BioTrackSandbox, Company, Dataset, Lot, QaSample, Room, SandboxConfig, User,
};
use vaultpick_trace::{BioTrackClient, BioTrackSettings, Credentials, RoomIds};

pub const LICENSE: &str = "600000001";
pub const LOCATION: &str = "600101";
pub const AGENT: &str = "agent@store.example";
pub const AGENT_PASSWORD: &str = "correct horse battery staple 7741";
pub const VIEWER: &str = "viewer@store.example";
pub const VIEWER_PASSWORD: &str = "viewer-pass-0192";
pub const VAULT: i64 = 10;
pub const PENDING_SALE: i64 = 11;
pub const QUARANTINE: i64 = 12;
/// 28 g flower lot with a passing lab result.
pub const FLOWER: &str = "6000000010000001";
/// 12 pre-roll packs (counted).
pub const PREROLLS: &str = "6000000010000002";
/// A lot whose lab result is not filed yet.
pub const UNTESTED: &str = "6000000010000003";

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

fn lot(id: &str, name: &str, kind: u32, quantity: &str, uom: &str, sample: Option<&str>) -> Lot {
    Lot {
        id: Some(id.to_owned()),
        product_name: name.to_owned(),
        strain: "Blue Dream".to_owned(),
        inventory_type: kind,
        quantity: quantity.to_owned(),
        uom: uom.to_owned(),
        room: VAULT,
        location: LOCATION.to_owned(),
        sample_id: sample.map(str::to_owned),
    }
}

fn room(id: i64, name: &str, quarantine: bool) -> Room {
    Room {
        id,
        name: name.to_owned(),
        location: LOCATION.to_owned(),
        quarantine,
    }
}

pub fn dataset() -> Dataset {
    Dataset {
        companies: vec![Company {
            license_number: LICENSE.to_owned(),
            name: "Green Door Dispensary".to_owned(),
            locations: vec![LOCATION.to_owned()],
            users: vec![
                User {
                    username: AGENT.to_owned(),
                    password: AGENT_PASSWORD.to_owned(),
                    privileges: None,
                },
                User {
                    username: VIEWER.to_owned(),
                    password: VIEWER_PASSWORD.to_owned(),
                    privileges: Some(vec!["sync_inventory".into(), "inventory_check".into()]),
                },
            ],
            rooms: vec![
                room(VAULT, "Vault", false),
                room(PENDING_SALE, "Pending sale", false),
                room(QUARANTINE, "Quarantine", true),
            ],
            inventory: vec![
                lot(
                    FLOWER,
                    "Blue Dream Flower",
                    13,
                    "28",
                    "g",
                    Some("6000000019000001"),
                ),
                lot(
                    PREROLLS,
                    "Blue Dream Pre-roll 2-pack",
                    28,
                    "12",
                    "each",
                    None,
                ),
                lot(
                    UNTESTED,
                    "Sour Diesel Flower",
                    13,
                    "14",
                    "g",
                    Some("6000000019000002"),
                ),
            ],
            qa_samples: vec![
                QaSample {
                    sample_id: "6000000019000001".to_owned(),
                    lab_license: "600000900".to_owned(),
                    result: 1,
                    tests: vec![serde_json::json!({"type": 2, "THC": "21.4", "Total": "22.0"})],
                },
                QaSample {
                    sample_id: "6000000019000002".to_owned(),
                    lab_license: "600000900".to_owned(),
                    result: 0,
                    tests: vec![],
                },
            ],
        }],
    }
}

pub async fn sandbox() -> Result<BioTrackSandbox, Box<dyn std::error::Error>> {
    let sandbox = BioTrackSandbox::start("127.0.0.1:0".parse()?).await?;
    sandbox.load(&dataset())?;
    Ok(sandbox)
}

pub fn settings(base_url: String) -> BioTrackSettings {
    BioTrackSettings {
        state: "NM".to_owned(),
        base_url,
        time_zone: "America/Denver".to_owned(),
        license_number: LICENSE.to_owned(),
        location: LOCATION.to_owned(),
        rooms: RoomIds {
            vault: VAULT,
            pending_sale: PENDING_SALE,
            quarantine: QUARANTINE,
        },
        training: true,
        timeout_secs: 30,
    }
}

pub fn client_as(sandbox: &BioTrackSandbox, username: &str, password: &str) -> BioTrackClient {
    let credentials = Credentials {
        username: username.to_owned(),
        password: Sensitive::new(password.to_owned()),
    };
    BioTrackClient::new(settings(sandbox.base_url()), credentials).unwrap()
}

pub fn agent(sandbox: &BioTrackSandbox) -> BioTrackClient {
    client_as(sandbox, AGENT, AGENT_PASSWORD)
}

/// Sandbox config with a fixed number style (the default alternates).
pub fn config_with(style: vaultpick_sandbox::biotrack::NumberStyle) -> SandboxConfig {
    SandboxConfig {
        number_style: style,
        ..SandboxConfig::default()
    }
}

/// The writes in the ledger with `action`.
pub fn applied(sandbox: &BioTrackSandbox, action: &str) -> usize {
    sandbox
        .ledger()
        .iter()
        .filter(|e| e.action == action)
        .count()
}
