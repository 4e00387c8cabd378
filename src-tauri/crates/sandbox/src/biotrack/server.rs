//! The HTTP side: `POST /serverjson.asp` with injected faults, and a hand-rolled accept loop so a
//! fault can cut a connection mid-request (the only way to fake a lost reply faithfully).

use super::actions;
use super::faults::{FaultBook, ReplyFault};
use super::wire::errors;
use super::world::{World, epoch_now};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

pub(crate) struct Shared {
    pub world: Mutex<World>,
    pub faults: Mutex<FaultBook>,
}

/// Locks a mutex, carrying on after a panic elsewhere: the sandbox state stays usable for tests.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Lets a handler close its own connection without answering.
#[derive(Clone)]
struct ConnectionCut(Arc<Notify>);

impl ConnectionCut {
    async fn cut(&self) -> Response {
        self.0.notify_one();
        std::future::pending::<Response>().await
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/serverjson.asp", post(serverjson))
        .merge(super::admin::routes())
        .with_state(shared)
}

async fn serverjson(
    State(shared): State<Arc<Shared>>,
    Extension(connection): Extension<ConnectionCut>,
    body: Bytes,
) -> Response {
    let latency = lock(&shared.faults).latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let parsed: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
    let action = parsed.as_ref().and_then(actions::action_of);
    let fault = lock(&shared.faults).take(action.as_deref());
    match fault {
        Some(ReplyFault::DropRequest) => return connection.cut().await,
        Some(ReplyFault::ServerError(status)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return status.into_response();
        }
        Some(ReplyFault::TooManyRequests) => {
            return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response();
        }
        _ => {}
    }
    let json = {
        let mut world = lock(&shared.world);
        let reply = match &parsed {
            Some(value) => actions::handle(&mut world, value),
            None => errors::invalid("Unable to parse the request."),
        };
        let strings = world.next_reply_uses_strings();
        reply.encode(strings, epoch_now()).to_string()
    };
    let body = match fault {
        Some(ReplyFault::ApplyThenDropReply) => return connection.cut().await,
        Some(ReplyFault::Garbage) => Bytes::copy_from_slice(&json.as_bytes()[..json.len() / 2]),
        Some(ReplyFault::LeakedHeader) => {
            Bytes::from(format!("Content-Type: text/plain\r\n\r\n{json}"))
        }
        _ => Bytes::from(json),
    };
    // The real server labels its JSON wrongly; clients must not rely on the content type.
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}

/// Accepts connections until `stop` flips, serving each on its own task; a cut closes the socket.
pub(crate) async fn serve(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                match accepted {
                    Ok((stream, _)) => {
                        let _ = stream.set_nodelay(true);
                        connections.spawn(serve_connection(stream, app.clone()));
                    }
                    Err(error) => tracing::warn!(%error, "sandbox accept failed"),
                }
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.abort_all();
}

async fn serve_connection(stream: tokio::net::TcpStream, app: Router) {
    let cut = Arc::new(Notify::new());
    let app = app.layer(Extension(ConnectionCut(cut.clone())));
    let service = TowerToHyperService::new(app);
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = connection => {
            if let Err(error) = result {
                tracing::debug!(%error, "sandbox connection ended");
            }
        }
        _ = cut.notified() => tracing::debug!("sandbox cut a connection (injected fault)"),
    }
}
