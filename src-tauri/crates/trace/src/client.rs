//! The BioTrack v1 transport: one JSON POST per action to `{base}/serverjson.asp`, the session, and
//! the mapping of every way a call can end to the port's error kinds.

use crate::decode::{Envelope, decode};
use crate::settings::{BioTrackSettings, Credentials};
use serde_json::{Map, Value};
use std::time::Duration;
use tokio::sync::Mutex;
use vaultpick_core::ports::TraceError;

/// Actions that change nothing: any unclear outcome is merely "try again" for them.
fn is_read_only(action: &str) -> bool {
    action == "login"
        || action.starts_with("sync_")
        || matches!(action, "inventory_check" | "inventory_qa_check")
}

/// How one HTTP exchange ended, before session handling.
enum Failure {
    SessionExpired,
    Trace(TraceError),
}

pub struct BioTrackClient {
    http: reqwest::Client,
    settings: BioTrackSettings,
    credentials: Credentials,
    /// The current session id; the lock also makes concurrent callers share one login.
    session: Mutex<Option<String>>,
}

impl std::fmt::Debug for BioTrackClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BioTrackClient")
            .field("settings", &self.settings)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl BioTrackClient {
    pub fn new(settings: BioTrackSettings, credentials: Credentials) -> Result<Self, TraceError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(settings.timeout_secs.max(1)))
            .connect_timeout(Duration::from_secs(settings.timeout_secs.clamp(1, 10)))
            .build()
            .map_err(|e| TraceError::Transient(format!("cannot set up HTTP: {e}")))?;
        Ok(BioTrackClient {
            http,
            settings,
            credentials,
            session: Mutex::new(None),
        })
    }

    pub fn settings(&self) -> &BioTrackSettings {
        &self.settings
    }

    /// Logs in now (replacing any session). Bad credentials are `Unauthorized`.
    pub async fn login(&self) -> Result<(), TraceError> {
        let mut session = self.session.lock().await;
        *session = Some(self.open_session().await?);
        Ok(())
    }

    /// Whether a session is held (it may have expired on the server).
    pub async fn has_session(&self) -> bool {
        self.session.lock().await.is_some()
    }

    async fn open_session(&self) -> Result<String, TraceError> {
        let mut fields = Map::new();
        fields.insert(
            "license_number".into(),
            self.settings.license_number.clone().into(),
        );
        fields.insert(
            "username".into(),
            self.credentials.username.trim().to_lowercase().into(),
        );
        fields.insert(
            "password".into(),
            self.credentials.password.expose().clone().into(),
        );
        match self.exchange("login", fields, None).await {
            Ok(reply) => reply
                .get("sessionid")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .ok_or_else(|| TraceError::Transient("BioTrack login gave no session id".into())),
            Err(Failure::SessionExpired) => Err(TraceError::Transient(
                "BioTrack said the session expired during login".into(),
            )),
            Err(Failure::Trace(TraceError::Rejected(text))) => Err(TraceError::Unauthorized(text)),
            Err(Failure::Trace(error)) => Err(error),
        }
    }

    /// The session id to use, logging in first if there is none.
    async fn session_id(&self) -> Result<String, TraceError> {
        let mut session = self.session.lock().await;
        if let Some(id) = session.as_ref() {
            return Ok(id.clone());
        }
        let id = self.open_session().await?;
        *session = Some(id.clone());
        Ok(id)
    }

    /// Forgets `expired` unless another caller has already replaced it.
    async fn forget_session(&self, expired: &str) {
        let mut session = self.session.lock().await;
        if session.as_deref() == Some(expired) {
            *session = None;
        }
    }

    /// Calls `action` with `fields`. On an expired session (errorcode 63) logs in again and sends
    /// the call once more: BioTrack refused it before doing anything, so the replay is safe. Nothing
    /// else is ever resent here.
    pub(crate) async fn call(
        &self,
        action: &str,
        fields: Map<String, Value>,
    ) -> Result<Map<String, Value>, TraceError> {
        for attempt in 0..2 {
            let session = self.session_id().await?;
            match self.exchange(action, fields.clone(), Some(&session)).await {
                Ok(reply) => return Ok(reply),
                Err(Failure::SessionExpired) => {
                    tracing::info!(
                        action,
                        attempt,
                        "BioTrack session expired; logging in again"
                    );
                    self.forget_session(&session).await;
                }
                Err(Failure::Trace(error)) => return Err(error),
            }
        }
        Err(TraceError::Transient(
            "BioTrack said the session expired again right after a fresh login".into(),
        ))
    }

    /// One POST. Builds the envelope, sends it, and classifies the outcome.
    async fn exchange(
        &self,
        action: &str,
        mut fields: Map<String, Value>,
        session: Option<&str>,
    ) -> Result<Map<String, Value>, Failure> {
        fields.insert("API".into(), "4.0".into());
        fields.insert("action".into(), action.into());
        if let Some(session) = session {
            fields.insert("sessionid".into(), session.into());
        }
        fields.insert("training".into(), i64::from(self.settings.training).into());
        let body = Value::Object(fields).to_string();
        tracing::debug!(action, "BioTrack call");
        let outcome = self.post(action, body).await;
        // Reads change nothing, so "maybe applied" is just "try again" for them.
        match outcome {
            Err(Failure::Trace(TraceError::Ambiguous(text))) if is_read_only(action) => {
                Err(Failure::Trace(TraceError::Transient(text)))
            }
            other => other,
        }
    }

    async fn post(&self, action: &str, body: String) -> Result<Map<String, Value>, Failure> {
        let sent = self
            .http
            .post(self.settings.endpoint())
            // BioTrack's own (non-standard) content type.
            .header(reqwest::header::CONTENT_TYPE, "text/JSON")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await;
        let response = sent.map_err(|e| Failure::Trace(classify_send_error(&e)))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| {
            Failure::Trace(TraceError::Ambiguous(format!(
                "BioTrack's reply to {action} was cut off: {}",
                error_chain(&e)
            )))
        })?;
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            return Err(Failure::Trace(TraceError::Transient(
                "BioTrack is limiting requests (HTTP 429); nothing was applied".into(),
            )));
        }
        if status.is_server_error() {
            return Err(Failure::Trace(TraceError::Ambiguous(format!(
                "BioTrack answered {action} with HTTP {status} ({} bytes)",
                bytes.len()
            ))));
        }
        if !status.is_success() {
            return Err(Failure::Trace(TraceError::Transient(format!(
                "BioTrack answered {action} with HTTP {status}; check the server address"
            ))));
        }
        match decode(&bytes) {
            Envelope::Success(map) => Ok(map),
            Envelope::Unreadable(what) => Err(Failure::Trace(TraceError::Ambiguous(format!(
                "BioTrack answered {action} with {what}"
            )))),
            Envelope::Failure { code, text } => Err(classify_failure(action, code, text)),
        }
    }
}

/// A `success: 0` reply: session expiry, account problems, transient server trouble, or a refusal.
fn classify_failure(action: &str, code: Option<i64>, text: String) -> Failure {
    let lower = text.to_lowercase();
    let mentions_expiry = lower.contains("session") && lower.contains("expired");
    // 63 is also reused for "invalid location" in New Mexico: only the session wording means expiry.
    if mentions_expiry || (code == Some(63) && lower.contains("session")) {
        return Failure::SessionExpired;
    }
    let error = match code {
        Some(62) => TraceError::Unauthorized(text),
        None if action == "login" => TraceError::Unauthorized(text),
        // "There was an error ... Please try again.": a server-side failure, nothing applied.
        Some(1000) => TraceError::Transient(format!("{text} (BioTrack error 1000)")),
        Some(code) => TraceError::Rejected(format!("{text} (BioTrack error {code})")),
        None => TraceError::Rejected(text),
    };
    Failure::Trace(error)
}

fn classify_send_error(error: &reqwest::Error) -> TraceError {
    let detail = error_chain(error);
    if error.is_connect() || error.is_builder() {
        TraceError::Transient(format!("cannot reach BioTrack: {detail}"))
    } else if error.is_timeout() {
        TraceError::Ambiguous(format!("no reply from BioTrack in time: {detail}"))
    } else {
        TraceError::Ambiguous(format!(
            "the connection to BioTrack failed mid-request: {detail}"
        ))
    }
}

/// An error with its causes ("connection closed before message completed" sits in a source).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
