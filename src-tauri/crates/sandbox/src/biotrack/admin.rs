//! The admin HTTP API (see ADMIN-API.md): load a dataset, read the ledger and inventory, change the
//! config, inject and clear faults, expire sessions.

use super::dataset::Dataset;
use super::faults::Fault;
use super::server::{Shared, lock};
use super::world::{LedgerEntry, LotState, SandboxConfig};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/admin/dataset", post(load))
        .route("/admin/ledger", get(ledger))
        .route("/admin/inventory", get(inventory))
        .route("/admin/config", get(config).put(set_config))
        .route("/admin/faults", post(inject).delete(clear))
        .route("/admin/sessions/expire", post(expire))
}

type AdminResult<T> = Result<Json<T>, (StatusCode, Json<serde_json::Value>)>;

async fn load(
    State(shared): State<Arc<Shared>>,
    Json(dataset): Json<Dataset>,
) -> AdminResult<bool> {
    lock(&shared.world)
        .load(&dataset)
        .map(|()| Json(true))
        .map_err(|error| {
            (
                StatusCode::BAD_REQUEST,
                Json(serde_json::json!({ "error": error })),
            )
        })
}

async fn ledger(State(shared): State<Arc<Shared>>) -> Json<Vec<LedgerEntry>> {
    Json(lock(&shared.world).ledger.clone())
}

async fn inventory(State(shared): State<Arc<Shared>>) -> Json<Vec<LotState>> {
    Json(lock(&shared.world).lots())
}

async fn config(State(shared): State<Arc<Shared>>) -> Json<SandboxConfig> {
    Json(lock(&shared.world).config.clone())
}

async fn set_config(
    State(shared): State<Arc<Shared>>,
    Json(config): Json<SandboxConfig>,
) -> Json<bool> {
    lock(&shared.world).config = config;
    Json(true)
}

async fn inject(State(shared): State<Arc<Shared>>, Json(fault): Json<Fault>) -> Json<bool> {
    super::inject_into(&shared, fault);
    Json(true)
}

async fn clear(State(shared): State<Arc<Shared>>) -> Json<bool> {
    super::clear_faults_in(&shared);
    Json(true)
}

async fn expire(State(shared): State<Arc<Shared>>) -> Json<bool> {
    lock(&shared.world).sessions.clear();
    Json(true)
}
