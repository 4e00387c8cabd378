//! A stateful BioTrack v1 (`serverjson.asp`, API "4.0") sandbox on loopback.
//!
//! It behaves like BioTrack, not like our client would wish: one global increasing transaction id
//! stamped on every write, 16-digit ids minted per company, splits minting ids in request order,
//! sessions that expire (errorcode 63), per-user privileges (62), numbers that are sometimes strings,
//! and no idempotency at all — the same write sent twice is applied twice. Faults (latency, dropped
//! requests, lost replies, 5xx, 429, garbage, leaked headers, expired sessions, business errors) can
//! be injected from Rust or through the admin HTTP API (`ADMIN-API.md`).

mod actions;
mod admin;
mod dataset;
mod faults;
mod inventory;
mod reads;
mod sales;
mod server;
mod wire;
mod world;

pub use dataset::{
    Company, Dataset, Lot, QaSample, Room, TRAINING_LICENSE, TRAINING_LOCATION, TRAINING_PASSWORD,
    TRAINING_ROOM_PENDING_SALE, TRAINING_ROOM_QUARANTINE, TRAINING_ROOM_VAULT, TRAINING_USER,
    TrainingPackage, User, training_dataset,
};
pub use faults::Fault;
pub use wire::{NumberStyle, format_thousandths};
pub use world::{LedgerEntry, LotState, SandboxConfig};

use faults::FaultBook;
use server::{Shared, lock};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use world::World;

/// A running sandbox. Dropping it stops the server (connections included).
pub struct BioTrackSandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl BioTrackSandbox {
    /// Binds `addr` (use `127.0.0.1:0` for a free port) and serves on the current tokio runtime.
    /// Starts empty: [`load`](Self::load) a dataset.
    pub async fn start(addr: SocketAddr) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            world: Mutex::new(World::new()),
            faults: Mutex::new(FaultBook::default()),
        });
        let (stop, stopped) = watch::channel(false);
        let app = server::router(shared.clone());
        let task = tokio::spawn(server::serve(listener, app, stopped));
        tracing::info!(%addr, "BioTrack sandbox listening");
        Ok(BioTrackSandbox {
            addr,
            shared,
            stop,
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`; the v1 endpoint is `{base_url}/serverjson.asp`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Replaces the whole world (ledger, sessions and transaction counter included) with `dataset`.
    pub fn load(&self, dataset: &Dataset) -> Result<(), String> {
        lock(&self.shared.world).load(dataset)
    }

    /// Every applied write, in order.
    pub fn ledger(&self) -> Vec<LedgerEntry> {
        lock(&self.shared.world).ledger.clone()
    }

    /// Every lot of every company as it stands now.
    pub fn inventory(&self) -> Vec<LotState> {
        lock(&self.shared.world).lots()
    }

    pub fn inject(&self, fault: Fault) {
        inject_into(&self.shared, fault);
    }

    /// Removes every fault (latency, counted faults, chaos, barcode errors).
    pub fn clear_faults(&self) {
        clear_faults_in(&self.shared);
    }

    pub fn config(&self) -> SandboxConfig {
        lock(&self.shared.world).config.clone()
    }

    pub fn configure(&self, config: SandboxConfig) {
        lock(&self.shared.world).config = config;
    }

    /// Stops accepting, closes every connection and waits for the server task to end.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for BioTrackSandbox {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

pub(crate) fn inject_into(shared: &Shared, fault: Fault) {
    let world_fault = lock(&shared.faults).add(fault);
    match world_fault {
        Some(Fault::ExpireSessions) => lock(&shared.world).sessions.clear(),
        Some(Fault::BarcodeError {
            barcode,
            errorcode,
            error,
        }) => {
            lock(&shared.world)
                .barcode_faults
                .insert(barcode, (errorcode, error));
        }
        _ => {}
    }
}

pub(crate) fn clear_faults_in(shared: &Shared) {
    lock(&shared.faults).clear();
    lock(&shared.world).barcode_faults.clear();
}
