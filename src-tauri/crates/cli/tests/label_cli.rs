//! `vaultpick label render` end to end: the binary writes a PDF and a JSON summary whose barcode is
//! the UID; an impossible combination exits non-zero with the reason.

use std::path::PathBuf;
use std::process::Command;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_vaultpick");

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../labels/tests/fixtures")
        .join(name)
}

fn label_render(
    args: &[&str],
    data: &str,
    out: &std::path::Path,
) -> std::io::Result<std::process::Output> {
    Command::new(BIN)
        .args(["label", "render"])
        .args(args)
        .arg("--data")
        .arg(fixture(data))
        .arg("--out")
        .arg(out)
        .output()
}

#[test]
fn renders_a_package_label_pdf_and_reports_its_barcode() -> TestResult {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("label.pdf");
    let args = [
        "--template",
        "package",
        "--profile",
        "il",
        "--stock",
        "4x2",
        "--dpi",
        "300",
    ];
    let run = label_render(&args, "package-il.json", &out)?;
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(std::fs::read(&out)?.starts_with(b"%PDF-"));
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout)?;
    assert_eq!(summary["barcodes"][0]["payload"], "6647330000000123");
    assert_eq!(summary["barcodes"][0]["symbology"], "code128");
    assert_eq!(summary["dpi"], 300);
    Ok(())
}

#[test]
fn refuses_an_impossible_combination_with_the_reason() -> TestResult {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("label.pdf");
    let run = label_render(
        &[
            "--template",
            "package",
            "--profile",
            "il",
            "--stock",
            "2x1",
            "--dpi",
            "203",
        ],
        "package-il.json",
        &out,
    )?;
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("use a larger stock"), "{err}");
    assert!(!out.exists(), "no PDF may be written for a refused label");

    let run = label_render(
        &[
            "--template",
            "pick-ticket",
            "--profile",
            "il",
            "--stock",
            "letter",
            "--dpi",
            "600",
        ],
        "pick-ticket.json",
        &out,
    )?;
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("use 203 or 300"));
    Ok(())
}
