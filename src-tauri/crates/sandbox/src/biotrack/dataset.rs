//! What a sandbox is loaded with: companies, their users, rooms, lots and lab results. Plain serde
//! types so a dataset can come from a JSON file through the admin API as well as from Rust.

use serde::{Deserialize, Serialize};

/// Everything the sandbox knows at start. Loading one replaces the whole world (ledger, sessions,
/// transaction counter included).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub companies: Vec<Company>,
}

/// BioTrack calls the company "the licence" (`license_number` at login, the UBI) and a store "the
/// location".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Company {
    /// Usually 9 digits. Its digits prefix every id the company mints.
    pub license_number: String,
    pub name: String,
    pub locations: Vec<String>,
    pub users: Vec<User>,
    pub rooms: Vec<Room>,
    #[serde(default)]
    pub inventory: Vec<Lot>,
    #[serde(default)]
    pub qa_samples: Vec<QaSample>,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub username: String,
    pub password: String,
    /// Action names this user may call; `None` means every action.
    #[serde(default)]
    pub privileges: Option<Vec<String>>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("username", &self.username)
            .field("password", &"***")
            .field("privileges", &self.privileges)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Room {
    pub id: i64,
    pub name: String,
    pub location: String,
    #[serde(default)]
    pub quarantine: bool,
}

/// One inventory lot (a package with a barcode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lot {
    /// 16-digit barcode; `None` mints one from the company's sequence.
    #[serde(default)]
    pub id: Option<String>,
    pub product_name: String,
    #[serde(default)]
    pub strain: String,
    /// BioTrack inventory type (e.g. 13 flower lot, 28 usable marijuana).
    pub inventory_type: u32,
    /// Decimal text, at most three decimals ("28", "3.5").
    pub quantity: String,
    /// "g" for weighed lots, "each" for counted ones.
    pub uom: String,
    pub room: i64,
    pub location: String,
    #[serde(default)]
    pub sample_id: Option<String>,
}

/// A lab result as `inventory_qa_check` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QaSample {
    pub sample_id: String,
    pub lab_license: String,
    /// 1 passed, -1 failed, 0 not yet filed.
    pub result: i64,
    /// Free-form test rows (`{"type": 2, "THC": "18.2", ...}`), returned as given.
    #[serde(default)]
    pub tests: Vec<serde_json::Value>,
}

/// The training company. Public on purpose: training mode signs in with these.
pub const TRAINING_LICENSE: &str = "999000100";
pub const TRAINING_LOCATION: &str = "999001";
pub const TRAINING_USER: &str = "trainee@vaultpick.example";
pub const TRAINING_PASSWORD: &str = "training-only";
pub const TRAINING_ROOM_VAULT: i64 = 1;
pub const TRAINING_ROOM_PENDING_SALE: i64 = 2;
pub const TRAINING_ROOM_QUARANTINE: i64 = 3;
const TRAINING_LAB: &str = "999000900";

/// A demo package as the app knows it, reduced to what the sandbox needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingPackage {
    pub uid: String,
    pub product_name: String,
    /// In `unit`: milligrams ("mg") or whole units ("each").
    pub quantity: i64,
    pub unit: String,
    /// Room name; "vault", "pending sale" and "quarantine" map to the fixed training rooms, any other
    /// name gets a room of its own.
    pub room: String,
}

impl TrainingPackage {
    /// `unit` is "mg" or "each"; `room` a room name (see the field).
    pub fn new(
        uid: impl Into<String>,
        product_name: impl Into<String>,
        quantity: i64,
        unit: &str,
        room: &str,
    ) -> Self {
        TrainingPackage {
            uid: uid.into(),
            product_name: product_name.into(),
            quantity,
            unit: unit.to_owned(),
            room: room.to_owned(),
        }
    }
}

/// The training world: one company with one all-privileged user, the three standard rooms and the
/// given packages, each with a passing lab result.
pub fn training_dataset(packages: &[TrainingPackage]) -> Dataset {
    let mut rooms = vec![
        training_room(TRAINING_ROOM_VAULT, "Vault", false),
        training_room(TRAINING_ROOM_PENDING_SALE, "Pending sale", false),
        training_room(TRAINING_ROOM_QUARANTINE, "Quarantine", true),
    ];
    let mut inventory = Vec::with_capacity(packages.len());
    let mut qa_samples = Vec::with_capacity(packages.len());
    for (index, package) in packages.iter().enumerate() {
        let room = room_for(&mut rooms, &package.room);
        let (quantity, uom) = if package.unit == "mg" {
            (milligrams_as_grams(package.quantity), "g")
        } else {
            (package.quantity.to_string(), "each")
        };
        let sample_id = format!("{TRAINING_LICENSE}9{index:06}");
        qa_samples.push(QaSample {
            sample_id: sample_id.clone(),
            lab_license: TRAINING_LAB.to_owned(),
            result: 1,
            tests: vec![
                serde_json::json!({"type": 2, "THC": "18.5", "CBD": "0.4", "Total": "18.9"}),
            ],
        });
        inventory.push(Lot {
            id: Some(package.uid.clone()),
            product_name: package.product_name.clone(),
            strain: String::new(),
            inventory_type: if uom == "g" { 13 } else { 28 },
            quantity,
            uom: uom.to_owned(),
            room,
            location: TRAINING_LOCATION.to_owned(),
            sample_id: Some(sample_id),
        });
    }
    Dataset {
        companies: vec![Company {
            license_number: TRAINING_LICENSE.to_owned(),
            name: "VaultPick Training Dispensary".to_owned(),
            locations: vec![TRAINING_LOCATION.to_owned()],
            users: vec![User {
                username: TRAINING_USER.to_owned(),
                password: TRAINING_PASSWORD.to_owned(),
                privileges: None,
            }],
            rooms,
            inventory,
            qa_samples,
        }],
    }
}

fn training_room(id: i64, name: &str, quarantine: bool) -> Room {
    Room {
        id,
        name: name.to_owned(),
        location: TRAINING_LOCATION.to_owned(),
        quarantine,
    }
}

fn room_for(rooms: &mut Vec<Room>, name: &str) -> i64 {
    let wanted = name.trim().to_lowercase().replace(['_', '-'], " ");
    if let Some(room) = rooms.iter().find(|r| r.name.to_lowercase() == wanted) {
        return room.id;
    }
    let id = rooms.iter().map(|r| r.id).max().unwrap_or(0) + 1;
    rooms.push(training_room(id, name.trim(), false));
    id
}

fn milligrams_as_grams(mg: i64) -> String {
    crate::biotrack::wire::format_thousandths(mg)
}
