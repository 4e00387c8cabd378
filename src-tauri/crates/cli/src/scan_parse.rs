//! `vaultpick scan-parse`: one scan per stdin line → one JSON object per scan on stdout.
//! A real GS byte (0x1D) or the text `<GS>` separates GS1 fields (shells make 0x1D awkward to type).

use anyhow::Context;
use chrono::Datelike;
use clap::Args;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use vaultpick_devices::scanner::classify;

#[derive(Args)]
pub struct ScanParseArgs {
    /// Two-digit GS1 years are read relative to this year (default: this year).
    #[arg(long)]
    year: Option<i32>,
}

pub async fn run(args: ScanParseArgs) -> anyhow::Result<()> {
    let year = args.year.unwrap_or_else(|| chrono::Utc::now().year());
    let mut lines = BufReader::new(tokio::io::stdin()).split(b'\n');
    let mut out = tokio::io::stdout();
    while let Some(line) = lines.next_segment().await.context("reading stdin")? {
        let text = String::from_utf8_lossy(&line).replace("<GS>", "\u{1d}");
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            continue;
        }
        let json = serde_json::to_string(&classify(text, year)).context("encoding JSON")?;
        out.write_all(format!("{json}\n").as_bytes())
            .await
            .context("writing stdout")?;
    }
    out.flush().await.context("writing stdout")?;
    Ok(())
}
