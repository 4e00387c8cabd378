//! The sandbox's state: what BioTrack would hold for every company, one global transaction counter
//! and the ledger of every applied write.

use super::dataset::{Company, Dataset, Lot, QaSample, Room, User};
use super::wire::{NumberStyle, parse_thousandths};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Behaviour switches an operator can change at run time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SandboxConfig {
    /// Seconds a session lives after login; `None` means forever.
    pub session_lifetime_secs: Option<u64>,
    pub number_style: NumberStyle,
    /// Whether `sale_dispense` may sell a lot sitting in a quarantine room. The real behaviour is
    /// undocumented, so it is a switch; refusing is the default.
    pub allow_sale_from_quarantine: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            session_lifetime_secs: Some(8 * 3600),
            number_style: NumberStyle::Mixed,
            allow_sale_from_quarantine: false,
        }
    }
}

/// One applied write, in the order applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// 1, 2, 3, ... in order of application.
    pub seq: u64,
    pub transactionid: i64,
    pub action: String,
    pub company: String,
    pub username: String,
    pub training: bool,
    /// The request as received, without `sessionid`.
    pub request: serde_json::Value,
    /// Ids the write minted (splits, pre-assigned ids), in order.
    pub minted: Vec<String>,
}

/// A lot as the sandbox holds it; also what the admin API reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LotState {
    pub id: String,
    pub company: String,
    pub parentid: Option<String>,
    pub inventorytype: u32,
    pub strain: String,
    pub productname: String,
    /// Thousandths of `uom` (milligrams for "g").
    pub remaining: i64,
    pub uom: String,
    pub room: i64,
    pub location: String,
    pub sample_id: Option<String>,
    pub deleted: bool,
    pub transactionid: i64,
    pub transactionid_original: i64,
    pub sessiontime: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct RoomState {
    pub room: Room,
    pub transactionid: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct AdjustRow {
    pub inventoryid: String,
    pub atype: u8,
    pub previous: i64,
    pub new: i64,
    pub reason: String,
    pub location: String,
    pub transactionid: i64,
    pub sessiontime: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct SaleRow {
    pub transactionid: i64,
    pub item_number: usize,
    pub inventoryid: String,
    pub quantity: i64,
    pub price: String,
    pub terminal_id: String,
    pub location: String,
    pub sale_time: i64,
    pub sessiontime: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct PreassignRow {
    pub used: bool,
    pub transactionid: i64,
    pub transactionid_original: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct CompanyState {
    pub users: Vec<User>,
    pub rooms: BTreeMap<i64, RoomState>,
    pub inventory: BTreeMap<String, LotState>,
    pub adjustments: Vec<AdjustRow>,
    pub sales: Vec<SaleRow>,
    pub preassigned: BTreeMap<String, PreassignRow>,
    pub qa: BTreeMap<String, QaSample>,
    /// Digits that prefix every id this company mints, and the next sequence number.
    pub id_prefix: String,
    pub next_seq: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub company: String,
    pub username: String,
    pub started: Instant,
}

pub(crate) struct World {
    pub companies: BTreeMap<String, CompanyState>,
    pub sessions: HashMap<String, Session>,
    pub last_tx: i64,
    pub ledger: Vec<LedgerEntry>,
    pub config: SandboxConfig,
    /// Barcode → (errorcode, text): every write touching it is refused (injected fault).
    pub barcode_faults: HashMap<String, (i64, String)>,
    rng: StdRng,
    replies: u64,
}

/// Seed for session ids: they need not be secret here, and a fixed seed keeps runs reproducible.
const SESSION_SEED: u64 = 0x5eed_b107;

impl World {
    pub fn new() -> Self {
        World {
            companies: BTreeMap::new(),
            sessions: HashMap::new(),
            last_tx: 0,
            ledger: Vec::new(),
            config: SandboxConfig::default(),
            barcode_faults: HashMap::new(),
            rng: StdRng::seed_from_u64(SESSION_SEED),
            replies: 0,
        }
    }

    /// Replaces everything with `dataset`. Keeps the config and injected barcode faults.
    pub fn load(&mut self, dataset: &Dataset) -> Result<(), String> {
        let mut fresh = World::new();
        fresh.config = self.config.clone();
        fresh.barcode_faults = std::mem::take(&mut self.barcode_faults);
        for company in &dataset.companies {
            fresh.add_company(company)?;
        }
        *self = fresh;
        Ok(())
    }

    fn add_company(&mut self, company: &Company) -> Result<(), String> {
        let license = company.license_number.trim().to_owned();
        if self.companies.contains_key(&license) {
            return Err(format!("company {license} appears twice"));
        }
        let digits: String = license.chars().filter(char::is_ascii_digit).collect();
        let id_prefix = format!("{digits:0>9}")[digits.len().saturating_sub(9)..].to_owned();
        let mut state = CompanyState {
            users: company.users.clone(),
            rooms: BTreeMap::new(),
            inventory: BTreeMap::new(),
            adjustments: Vec::new(),
            sales: Vec::new(),
            preassigned: BTreeMap::new(),
            qa: company
                .qa_samples
                .iter()
                .map(|s| (s.sample_id.clone(), s.clone()))
                .collect(),
            id_prefix,
            next_seq: 1,
        };
        for room in &company.rooms {
            let transactionid = self.next_tx();
            state.rooms.insert(
                room.id,
                RoomState {
                    room: room.clone(),
                    transactionid,
                },
            );
        }
        self.companies.insert(license.clone(), state);
        for lot in &company.inventory {
            self.add_lot(&license, lot)?;
        }
        Ok(())
    }

    fn add_lot(&mut self, license: &str, lot: &Lot) -> Result<(), String> {
        let remaining = parse_thousandths(&lot.quantity)
            .ok_or_else(|| format!("lot quantity {:?} is not a decimal", lot.quantity))?;
        let id = match &lot.id {
            Some(id) if self.barcode_exists(id) => return Err(format!("lot {id} appears twice")),
            Some(id) => id.clone(),
            None => self.mint_id(license).ok_or("unknown company")?,
        };
        let transactionid = self.next_tx();
        let state = LotState {
            id: id.clone(),
            company: license.to_owned(),
            parentid: None,
            inventorytype: lot.inventory_type,
            strain: lot.strain.clone(),
            productname: lot.product_name.clone(),
            remaining,
            uom: lot.uom.clone(),
            room: lot.room,
            location: lot.location.clone(),
            sample_id: lot.sample_id.clone(),
            deleted: false,
            transactionid,
            transactionid_original: transactionid,
            sessiontime: epoch_now(),
        };
        let company = self.companies.get_mut(license).ok_or("unknown company")?;
        company.inventory.insert(id, state);
        Ok(())
    }

    pub fn next_tx(&mut self) -> i64 {
        self.last_tx += 1;
        self.last_tx
    }

    pub fn barcode_exists(&self, id: &str) -> bool {
        self.companies
            .values()
            .any(|c| c.inventory.contains_key(id) || c.preassigned.contains_key(id))
    }

    /// The company's next 16-digit id: its 9-digit prefix and a 7-digit sequence, skipping ids in use.
    pub fn mint_id(&mut self, license: &str) -> Option<String> {
        loop {
            let company = self.companies.get_mut(license)?;
            let id = format!("{}{:07}", company.id_prefix, company.next_seq);
            company.next_seq += 1;
            if !self.barcode_exists(&id) {
                return Some(id);
            }
        }
    }

    /// A new 128-hex-digit session id, like the real ones.
    pub fn new_session(&mut self, company: &str, username: &str) -> String {
        let id: String = (0..4)
            .map(|_| format!("{:032x}", self.rng.random::<u128>()))
            .collect();
        self.sessions.insert(
            id.clone(),
            Session {
                company: company.to_owned(),
                username: username.to_owned(),
                started: Instant::now(),
            },
        );
        id
    }

    /// The live session for `id`, forgetting it if it has outlived the configured lifetime.
    pub fn session(&mut self, id: &str) -> Option<Session> {
        let session = self.sessions.get(id)?.clone();
        let expired = self
            .config
            .session_lifetime_secs
            .is_some_and(|secs| session.started.elapsed() >= Duration::from_secs(secs));
        if expired {
            self.sessions.remove(id);
            return None;
        }
        Some(session)
    }

    /// Whether the next reply spells its numbers as strings.
    pub fn next_reply_uses_strings(&mut self) -> bool {
        self.replies += 1;
        match self.config.number_style {
            NumberStyle::Numbers => false,
            NumberStyle::Strings => true,
            NumberStyle::Mixed => self.replies.is_multiple_of(2),
        }
    }

    pub fn record(&mut self, entry: LedgerEntry) {
        self.ledger.push(entry);
    }

    pub fn lots(&self) -> Vec<LotState> {
        self.companies
            .values()
            .flat_map(|c| c.inventory.values().cloned())
            .collect()
    }
}

pub(crate) fn epoch_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
