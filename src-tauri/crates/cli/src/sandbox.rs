//! `vaultpick sandbox`: the BioTrack v1 sandbox in the foreground, empty, loaded from a dataset
//! file, or loaded with the training vault (the same demo packages training mode uses).

use anyhow::Context;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use vaultpick_sandbox::biotrack::{
    BioTrackSandbox, Dataset, Fault, TRAINING_LICENSE, TRAINING_PASSWORD, TRAINING_USER,
    TrainingPackage, training_dataset,
};

#[derive(clap::Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Load the training company with the demo vault.
    #[arg(long, conflicts_with = "dataset")]
    training: bool,
    /// Load a dataset JSON file (format in the sandbox crate's ADMIN-API.md).
    #[arg(long)]
    dataset: Option<PathBuf>,
    /// Delay every request by this many milliseconds.
    #[arg(long)]
    latency_ms: Option<u64>,
}

/// The demo vault as the sandbox wants it (the same list training mode loads).
fn training_packages() -> Vec<TrainingPackage> {
    vaultpick_core::demo::state_vault(chrono::Utc::now().date_naive())
        .into_iter()
        .map(|l| TrainingPackage::new(l.uid, l.product_name, l.quantity, l.unit, l.room.name()))
        .collect()
}

pub async fn run(args: SandboxArgs) -> anyhow::Result<()> {
    let dataset = match (&args.dataset, args.training) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            serde_json::from_str::<Dataset>(&text)
                .with_context(|| format!("{} is not a sandbox dataset", path.display()))?
        }
        (None, true) => training_dataset(&training_packages()),
        (None, false) => Dataset::default(),
    };
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let sandbox = BioTrackSandbox::start(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    sandbox
        .load(&dataset)
        .map_err(|e| anyhow::anyhow!("the dataset was refused: {e}"))?;
    if let Some(millis) = args.latency_ms {
        sandbox.inject(Fault::Latency { millis });
    }
    // First line is machine-readable: scripts and tests read the URL from it.
    println!("{}/serverjson.asp", sandbox.base_url());
    let lots: usize = dataset.companies.iter().map(|c| c.inventory.len()).sum();
    println!(
        "BioTrack v1 sandbox: {} companies, {lots} lots; admin API at {}/admin/ (Ctrl-C stops)",
        dataset.companies.len(),
        sandbox.base_url()
    );
    if args.training {
        println!(
            "training login: licence {TRAINING_LICENSE}, user {TRAINING_USER}, password {TRAINING_PASSWORD}"
        );
    }
    tokio::signal::ctrl_c()
        .await
        .context("cannot wait for Ctrl-C")?;
    sandbox.shutdown().await;
    Ok(())
}
