//! The tokio worker that drains the outbox into the state system.
//!
//! Each pass takes the due op at the head of each package's queue (up to `lanes` packages at once),
//! so one package's ops go strictly in order while unrelated packages go on. Every op is marked in
//! flight (committed) before it is sent: the state system has no idempotency keys, so after an
//! ambiguous failure or a crash the op is read back before any resend.

use super::backoff::Backoff;
use super::rows::{self, OutboxRow};
use crate::clock::Clock;
use crate::ports::{TraceError, TraceReceipt, TraceSystem};
use crate::status::{Health, LinkStatus};
use crate::store::Store;
use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

/// How long a batch of head ops read from the queue is used before it is read again.
const READY_TTL: Duration = Duration::from_millis(500);

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// How many packages may have an op on the wire at once.
    pub lanes: usize,
    pub backoff_base: Duration,
    pub backoff_cap: Duration,
    /// Seed of the backoff jitter, so a test replays the same delays.
    pub seed: u64,
    /// Consecutive failures after which the link counts as offline (then only one op probes).
    pub offline_after: u32,
    /// How often an idle worker looks again without being woken.
    pub idle_poll: Duration,
    /// Free pre-assigned ids to keep while online (0 = no pool).
    pub pool_target: u32,
    pub pool_refill_every: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            lanes: 4,
            backoff_base: Duration::from_millis(500),
            backoff_cap: Duration::from_secs(120),
            seed: 0x5EED,
            offline_after: 3,
            idle_poll: Duration::from_secs(5),
            pool_target: 0,
            pool_refill_every: Duration::from_secs(60),
        }
    }
}

/// What the worker has done since it started, for the status bar and for tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Ops the state system accepted with a clear answer.
    pub sent: u64,
    /// Ops a read-back found already applied (reply lost, or crash after sending).
    pub recovered: u64,
    /// Read-backs that showed the op had not taken effect, so it was sent again.
    pub resent: u64,
    /// Tries that failed and were scheduled again.
    pub retried: u64,
    /// Ops the state system refused, now waiting for a manager.
    pub rejected: u64,
    /// Ops waiting to be sent.
    pub pending: u64,
    pub online: bool,
    /// Nothing due and nothing on the wire.
    pub idle: bool,
    pub last_error: Option<String>,
}

/// Controls a running worker.
pub struct OutboxHandle {
    wake: Arc<Notify>,
    stop: watch::Sender<bool>,
    progress: watch::Receiver<Progress>,
    task: tokio::task::JoinHandle<()>,
}

impl OutboxHandle {
    /// Look for work now (a new op was enqueued, or the network came back).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn progress(&self) -> watch::Receiver<Progress> {
        self.progress.clone()
    }

    /// Stops taking new ops, lets the ones on the wire finish, and returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        self.wake.notify_one();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "outbox worker ended abnormally");
        }
    }
}

/// Starts the worker on the current tokio runtime.
pub fn spawn_worker<T: TraceSystem + 'static>(
    store: Arc<Store>,
    trace: Arc<T>,
    clock: Arc<dyn Clock>,
    health: Arc<Health>,
    config: WorkerConfig,
) -> OutboxHandle {
    let wake = Arc::new(Notify::new());
    let (stop, stop_rx) = watch::channel(false);
    // Optimistic until proven otherwise: the first failures flip it.
    let (progress_tx, progress) = watch::channel(Progress {
        online: true,
        ..Progress::default()
    });
    let ctx = Arc::new(Ctx {
        backoff: Mutex::new(Backoff::new(
            config.backoff_base,
            config.backoff_cap,
            config.seed,
        )),
        store,
        trace,
        clock,
        health,
        config,
        watermark: AtomicI64::new(0),
        watermark_fresh: AtomicBool::new(false),
    });
    let task = tokio::spawn(run(ctx, wake.clone(), stop_rx, progress_tx));
    OutboxHandle {
        wake,
        stop,
        progress,
        task,
    }
}

struct Ctx<T> {
    store: Arc<Store>,
    trace: Arc<T>,
    clock: Arc<dyn Clock>,
    health: Arc<Health>,
    config: WorkerConfig,
    backoff: Mutex<Backoff>,
    /// The highest state transaction id seen: every op finished so far is at or before it.
    watermark: AtomicI64,
    /// Whether `watermark` includes the state system's own newest id (not only our receipts).
    watermark_fresh: AtomicBool,
}

enum Step {
    Sent,
    Recovered,
    Retry { error: String, link_down: bool },
    Review,
}

async fn run<T: TraceSystem + 'static>(
    ctx: Arc<Ctx<T>>,
    wake: Arc<Notify>,
    mut stop: watch::Receiver<bool>,
    progress_tx: watch::Sender<Progress>,
) {
    init_watermark(&ctx).await;
    let mut progress = Progress {
        online: true,
        ..Progress::default()
    };
    let mut failures_in_a_row = 0u32;
    let mut busy: HashSet<String> = HashSet::new();
    let mut tasks: JoinSet<(String, Step, bool)> = JoinSet::new();
    let mut last_refill: Option<tokio::time::Instant> = None;
    let mut ready: VecDeque<OutboxRow> = VecDeque::new();
    let mut ready_at: Option<tokio::time::Instant> = None;
    let mut counted_at: Option<tokio::time::Instant> = None;
    loop {
        if *stop.borrow() {
            break;
        }
        let now = ctx.clock.now();
        // While offline a single op probes the link, so a station does not hammer a dead server.
        let lanes = if progress.online {
            ctx.config.lanes.max(1)
        } else {
            1
        };
        let mut started = 0;
        if busy.len() < lanes {
            // Heads are read in batches: a head stays the head until this worker sends it (only
            // the worker moves pending ops on), so the batch stays valid while it is used up.
            let stale = ready_at.is_none_or(|t| t.elapsed() >= READY_TTL);
            if ready.is_empty() || stale {
                ready.clear();
                let want = lanes * 8 + busy.len();
                match ctx.store.read(|c| rows::due_heads(c, now, want)) {
                    Ok(heads) => {
                        ready.extend(heads.into_iter().filter(|r| !busy.contains(&r.package)));
                        ready_at = Some(tokio::time::Instant::now());
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "outbox: cannot read the queue");
                        progress.last_error = Some(e.to_string());
                    }
                }
            }
            while busy.len() < lanes {
                let Some(row) = ready.pop_front() else { break };
                if busy.insert(row.package.clone()) {
                    let ctx = ctx.clone();
                    tasks.spawn(async move {
                        let had_readback = row.in_flight;
                        let package = row.package.clone();
                        (package, step(&ctx, row).await, had_readback)
                    });
                    started += 1;
                }
            }
        }
        let idle = tasks.is_empty() && started == 0;
        // Counting is cheap when idle and costly mid-drain: exact when idle, else 4 times a second.
        if idle || counted_at.is_none_or(|t| t.elapsed() >= Duration::from_millis(250)) {
            progress.pending = ctx
                .store
                .read(rows::pending_count)
                .unwrap_or(progress.pending);
            counted_at = Some(tokio::time::Instant::now());
        }
        progress.idle = idle;
        progress_tx.send_replace(progress.clone());

        if progress.idle && progress.online && ctx.config.pool_target > 0 {
            let due = last_refill.is_none_or(|t| t.elapsed() >= ctx.config.pool_refill_every);
            if due {
                last_refill = Some(tokio::time::Instant::now());
                let now = ctx.clock.now();
                if let Err(e) =
                    super::refill_pool(&ctx.store, &*ctx.trace, ctx.config.pool_target, now).await
                {
                    tracing::warn!(error = %e, "outbox: could not refill the pre-assigned id pool");
                }
            }
        }

        let sleep_for = if tasks.is_empty() {
            idle_sleep(&ctx)
        } else {
            ctx.config.idle_poll
        };
        tokio::select! {
            Some(joined) = tasks.join_next(), if !tasks.is_empty() => {
                match joined {
                    Ok((package, outcome, had_readback)) => {
                        busy.remove(&package);
                        record(&ctx, &mut progress, &mut failures_in_a_row, outcome, had_readback);
                    }
                    Err(e) => {
                        // A panicking step leaves its package busy: better stuck than out of order.
                        tracing::error!(error = %e, "outbox: a send task failed");
                    }
                }
            }
            // Something changed (a new op, a resolved review): read the heads afresh, in order.
            _ = wake.notified() => ready.clear(),
            _ = stop.changed() => {}
            _ = tokio::time::sleep(sleep_for) => {}
        }
    }
    while let Some(joined) = tasks.join_next().await {
        if let Ok((_, outcome, had_readback)) = joined {
            record(
                &ctx,
                &mut progress,
                &mut failures_in_a_row,
                outcome,
                had_readback,
            );
        }
    }
    progress.pending = ctx
        .store
        .read(rows::pending_count)
        .unwrap_or(progress.pending);
    progress_tx.send_replace(progress);
}

/// Until when an idle worker can sleep: the next op's backoff, but never longer than `idle_poll`.
fn idle_sleep<T>(ctx: &Ctx<T>) -> Duration {
    let poll = ctx.config.idle_poll;
    match ctx.store.read(rows::next_due) {
        Ok(Some(at)) => (at - ctx.clock.now())
            .to_std()
            .unwrap_or(Duration::ZERO)
            .min(poll),
        _ => poll,
    }
}

fn record<T>(
    ctx: &Ctx<T>,
    progress: &mut Progress,
    failures_in_a_row: &mut u32,
    outcome: Step,
    had_readback: bool,
) {
    match outcome {
        Step::Sent | Step::Recovered | Step::Review => {
            match outcome {
                Step::Sent if had_readback => {
                    progress.sent += 1;
                    progress.resent += 1
                }
                Step::Sent => progress.sent += 1,
                Step::Recovered => progress.recovered += 1,
                _ => progress.rejected += 1,
            }
            // The state system answered: the link is up.
            *failures_in_a_row = 0;
            if !progress.online {
                tracing::info!("outbox: BioTrack reachable again");
            }
            progress.online = true;
            ctx.health.set_trace(LinkStatus::Online);
        }
        Step::Retry { error, link_down } => {
            progress.retried += 1;
            progress.last_error = Some(error.clone());
            if link_down {
                *failures_in_a_row += 1;
                if *failures_in_a_row >= ctx.config.offline_after {
                    if progress.online {
                        tracing::warn!(%error, "outbox: BioTrack unreachable, working offline");
                    }
                    progress.online = false;
                    ctx.health.set_trace(LinkStatus::Offline(error));
                }
            }
        }
    }
}

async fn init_watermark<T: TraceSystem>(ctx: &Ctx<T>) {
    let local = ctx.store.read(rows::max_receipt_txn).unwrap_or(0);
    ctx.watermark.fetch_max(local, Ordering::SeqCst);
    // Offline at start: the first op fetches it before it is sent (see `try_op`).
    let _ = refresh_watermark(ctx).await;
}

/// Folds the state system's newest transaction id into the watermark. A read-back window must
/// start at or after the last change on the package but before the op is sent; our receipts alone
/// would miss changes made elsewhere (a fresh database, another station), so until this has
/// succeeded once no op is sent.
async fn refresh_watermark<T: TraceSystem>(ctx: &Ctx<T>) -> Result<(), TraceError> {
    let remote = ctx.trace.watermark().await?;
    ctx.watermark.fetch_max(remote, Ordering::SeqCst);
    ctx.watermark_fresh.store(true, Ordering::SeqCst);
    Ok(())
}

/// One try of one op: read back first if it may already have been applied, then send.
async fn step<T: TraceSystem>(ctx: &Ctx<T>, row: OutboxRow) -> Step {
    match try_op(ctx, &row).await {
        Ok(step) => step,
        Err(e) => {
            // The store failed (disk full, ...): nothing is lost, the op stays as it was.
            let error = format!("local database: {e}");
            tracing::error!(op = row.id, %error, "outbox");
            Step::Retry {
                error,
                link_down: false,
            }
        }
    }
}

async fn try_op<T: TraceSystem>(ctx: &Ctx<T>, row: &OutboxRow) -> crate::CoreResult<Step> {
    if row.in_flight {
        let Some(since) = row.since_txn else {
            ctx.store.write(|tx| {
                rows::mark_review(
                    tx,
                    row.id,
                    "VaultPick cannot tell whether this change reached BioTrack: check it there",
                    true,
                )
            })?;
            return Ok(Step::Review);
        };
        match ctx.trace.find_applied(&row.op, since).await {
            Ok(Some(receipt)) => {
                finish(ctx, row.id, &receipt)?;
                tracing::info!(
                    op = row.id,
                    txn = receipt.transaction_id,
                    "outbox: read-back found the op applied"
                );
                return Ok(Step::Recovered);
            }
            Ok(None) => {
                // Certainly not applied: safe to send again.
                ctx.store.write(|tx| rows::clear_in_flight(tx, row.id))?;
            }
            Err(TraceError::Rejected(text)) => {
                let error = format!("BioTrack refused the check of this change: {text}");
                ctx.store
                    .write(|tx| rows::mark_review(tx, row.id, &error, true))?;
                return Ok(Step::Review);
            }
            Err(e) => return retry(ctx, row, e, true),
        }
    }
    // Started offline: learn the state system's newest id before the first send (see
    // `refresh_watermark`); until then nothing goes out.
    if !ctx.watermark_fresh.load(Ordering::SeqCst)
        && let Err(e) = refresh_watermark(ctx).await
    {
        return retry(ctx, row, e, false);
    }
    let since = ctx.watermark.load(Ordering::SeqCst);
    ctx.store
        .write(|tx| rows::mark_in_flight(tx, row.id, since))?;
    match ctx.trace.apply(&row.op).await {
        Ok(receipt) => {
            finish(ctx, row.id, &receipt)?;
            Ok(Step::Sent)
        }
        Err(TraceError::Rejected(text)) => {
            ctx.store
                .write(|tx| rows::mark_review(tx, row.id, &text, false))?;
            tracing::warn!(op = row.id, error = %text, "outbox: BioTrack refused the op; held for review");
            Ok(Step::Review)
        }
        Err(e) => {
            let maybe_applied = !e.nothing_applied();
            retry(ctx, row, e, maybe_applied)
        }
    }
}

fn finish<T>(ctx: &Ctx<T>, id: i64, receipt: &TraceReceipt) -> crate::CoreResult<()> {
    ctx.watermark
        .fetch_max(receipt.transaction_id, Ordering::SeqCst);
    let now = ctx.clock.now();
    ctx.store.write(|tx| rows::mark_done(tx, id, receipt, now))
}

fn retry<T>(
    ctx: &Ctx<T>,
    row: &OutboxRow,
    error: TraceError,
    maybe_applied: bool,
) -> crate::CoreResult<Step> {
    let failures = u32::try_from(row.attempts.max(0))
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    let delay = ctx
        .backoff
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .delay(failures);
    let at = ctx.clock.now()
        + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::seconds(60));
    let text = error.to_string();
    ctx.store
        .write(|tx| rows::mark_retry(tx, row.id, &text, at, maybe_applied))?;
    Ok(Step::Retry {
        error: text,
        link_down: true,
    })
}
