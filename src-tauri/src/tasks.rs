//! Background work: the status bar's one-second heartbeat and, in training, the POS poll.

use crate::engine::Engine;
use crate::ipc::{QueueChanged, StatusTick};
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;
use tokio::time::{MissedTickBehavior, interval};

const STATUS_EVERY: Duration = Duration::from_secs(1);
const POS_POLL_EVERY: Duration = Duration::from_secs(20);

pub fn spawn<R: Runtime>(app: &AppHandle<R>, engine: Arc<Engine>) {
    tauri::async_runtime::spawn(push_status(app.clone(), Arc::clone(&engine)));
    // The state-system link: training's sandbox, or production's BioTrack once set up.
    crate::world::spawn_link(Arc::clone(&engine));
    tauri::async_runtime::spawn(poll_pos(app.clone(), engine));
    #[cfg(unix)]
    tauri::async_runtime::spawn(exit_on_stop_signal(app.clone()));
}

/// SIGTERM (a service manager, tauri-driver) or SIGINT (Ctrl-C) closes the app the normal way, so
/// the event loop returns and `main` flushes the log files.
#[cfg(unix)]
async fn exit_on_stop_signal<R: Runtime>(app: AppHandle<R>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (mut term, mut int) = match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(term), Ok(int)) => (term, int),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "cannot watch for stop signals; a kill will not flush the log");
            return;
        }
    };
    let name = tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    };
    tracing::info!(signal = name, "stop signal received, closing");
    app.exit(0);
}

/// Runs blocking engine work on the blocking pool; a panic there is logged, not propagated.
async fn off_thread<T: Send + 'static>(
    engine: &Arc<Engine>,
    f: impl FnOnce(&Engine) -> T + Send + 'static,
) -> Option<T> {
    let engine = Arc::clone(engine);
    match tauri::async_runtime::spawn_blocking(move || f(&engine)).await {
        Ok(out) => Some(out),
        Err(e) => {
            tracing::error!(error = %e, "engine task failed");
            None
        }
    }
}

async fn push_status<R: Runtime>(app: AppHandle<R>, engine: Arc<Engine>) {
    let mut tick = interval(STATUS_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    // Log a failing status read once, not every second.
    let mut failing = false;
    loop {
        tick.tick().await;
        match off_thread(&engine, |e| e.status()).await {
            Some(Ok(report)) => {
                failing = false;
                if let Err(e) = StatusTick(report).emit(&app) {
                    tracing::warn!(error = %e, "could not push the status to the window");
                }
            }
            Some(Err(e)) if !failing => {
                failing = true;
                tracing::error!(error = %e, "cannot read the status");
            }
            _ => {}
        }
    }
}

async fn poll_pos<R: Runtime>(app: AppHandle<R>, engine: Arc<Engine>) {
    let mut tick = interval(POS_POLL_EVERY);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    // The first tick fires at once; `Engine::open` has just polled, so skip it.
    tick.tick().await;
    loop {
        tick.tick().await;
        let changed = off_thread(&engine, |e| {
            e.poll_pos()
                .map_err(|err| tracing::warn!(error = %err, "POS poll failed"))
                .ok()
                .filter(|changed| *changed)
                .map(|_| e.queue())
        })
        .await
        .flatten();
        match changed {
            Some(Ok(snapshot)) => {
                if let Err(e) = QueueChanged(snapshot).emit(&app) {
                    tracing::warn!(error = %e, "could not push the queue to the window");
                }
            }
            Some(Err(e)) => tracing::error!(error = %e, "cannot read the queue"),
            None => {}
        }
    }
}
