//! Render benchmark: time per label through the whole render path (data → clean → layout → barcode →
//! PDF bytes) and labels per minute on one thread. Prints figures; asserts nothing about speed.
//!
//! `cargo bench -p vaultpick-labels --bench render` (env LABEL_BENCH_N to change the sample count).

use std::time::{Duration, Instant};
use vaultpick_labels::{Dpi, LabelData, RenderSettings, Template, render};

const PACKAGE: &str = include_str!("../tests/fixtures/package-il.json");
const EXIT_BAG: &str = include_str!("../tests/fixtures/exit-bag.json");
const TICKET: &str = include_str!("../tests/fixtures/pick-ticket.json");

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::var("LABEL_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let cases = [
        (
            "package il 4x2 @203",
            Template::Package,
            PACKAGE,
            "il",
            "4x2",
            Dpi::D203,
        ),
        (
            "package il 4x6 @300",
            Template::Package,
            PACKAGE,
            "il",
            "4x6",
            Dpi::D300,
        ),
        (
            "exit-bag 62mm @300",
            Template::ExitBag,
            EXIT_BAG,
            "il",
            "62mm",
            Dpi::D300,
        ),
        (
            "pick-ticket letter @203",
            Template::PickTicket,
            TICKET,
            "il",
            "letter",
            Dpi::D203,
        ),
    ];
    println!("{n} renders per case, single thread, release build");
    println!(
        "{:<26} {:>10} {:>10} {:>12} {:>10}",
        "case", "p50 ms", "p99 ms", "labels/min", "PDF bytes"
    );
    for (name, template, json, profile, stock, dpi) in cases {
        let data = LabelData::from_json(template, json.as_bytes())?;
        let settings = RenderSettings {
            profile: profile.into(),
            stock: stock.into(),
            dpi,
            draft: false,
        };
        // Warm-up: the catalog and fonts are parsed once per process.
        let size = render(&data, &settings)?.pdf.len();
        let mut times = Vec::with_capacity(n);
        let start = Instant::now();
        for _ in 0..n {
            let t = Instant::now();
            let label = render(&data, &settings)?;
            std::hint::black_box(&label.pdf);
            times.push(t.elapsed());
        }
        let total = start.elapsed();
        times.sort();
        println!(
            "{:<26} {:>10.2} {:>10.2} {:>12.0} {:>10}",
            name,
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            n as f64 / total.as_secs_f64() * 60.0,
            size
        );
    }
    Ok(())
}
