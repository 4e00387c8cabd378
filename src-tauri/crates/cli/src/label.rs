//! `vaultpick label render`: a label or pick ticket from a JSON data file to a PDF, through the same
//! render path the app uses. Prints a JSON summary (pages, barcodes, notes) on stdout.

use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use vaultpick_labels::{Dpi, RenderSettings, Template, render_json};

#[derive(Subcommand)]
pub enum LabelCommand {
    /// Renders one label: `--template package --profile il --stock 4x2 --data f.json --dpi 203 --out f.pdf`.
    Render(RenderArgs),
}

#[derive(Args)]
pub struct RenderArgs {
    /// package, exit-bag or pick-ticket.
    #[arg(long)]
    template: Template,
    /// Jurisdiction profile id: il, biotrack-generic, ny, nm.
    #[arg(long)]
    profile: String,
    /// Stock id: 2x1, 4x2, 62mm, 4x6 (labels) or letter, a4 (pick tickets).
    #[arg(long)]
    stock: String,
    /// The template's data as JSON.
    #[arg(long)]
    data: PathBuf,
    /// Printer resolution the barcodes are snapped to: 203 or 300.
    #[arg(long, default_value_t = 203)]
    dpi: u32,
    #[arg(long)]
    out: PathBuf,
    /// Allow a package label from an incomplete profile, stamped as a draft.
    #[arg(long)]
    draft: bool,
}

pub async fn run(cmd: LabelCommand) -> anyhow::Result<()> {
    match cmd {
        LabelCommand::Render(args) => render(args),
    }
}

fn render(args: RenderArgs) -> anyhow::Result<()> {
    let dpi = Dpi::try_from(args.dpi).map_err(anyhow::Error::msg)?;
    let json =
        std::fs::read(&args.data).with_context(|| format!("reading {}", args.data.display()))?;
    let settings = RenderSettings {
        profile: args.profile,
        stock: args.stock,
        dpi,
        draft: args.draft,
    };
    let label = render_json(args.template, &json, &settings).context("label not rendered")?;
    std::fs::write(&args.out, &label.pdf)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "{}",
        serde_json::to_string(&label).context("encoding the summary")?
    );
    Ok(())
}
