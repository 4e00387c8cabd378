//! Test helpers that read a printed PDF back the way a person checks a label: rasterised at the
//! printer's 203 dpi and scanned with zbarimg, or its text extracted with pdftotext. Plus the one
//! piece of the online world these tests stand in for: ids in the pre-assigned pool.

use std::path::Path;
use std::process::Command;

/// Every barcode zbarimg finds on the PDF's pages at 203 dpi, sorted.
pub fn decode(pdf: &Path, dir: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let prefix = dir.join("page");
    let out = Command::new("pdftoppm")
        .args(["-r", "203", "-gray", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .map_err(|e| format!("pdftoppm (apt-get install poppler-utils): {e}"))?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let png = entry?.path();
        if png.extension().is_some_and(|e| e == "png") {
            let out = Command::new("zbarimg")
                .arg("-q")
                .arg(&png)
                .output()
                .map_err(|e| format!("zbarimg (apt-get install zbar-tools): {e}"))?;
            found.extend(
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .filter_map(|l| l.split_once(':').map(|(_, d)| d.to_owned())),
            );
            std::fs::remove_file(png)?;
        }
    }
    found.sort();
    Ok(found)
}

/// The PDF's text with its layout kept.
pub fn text(pdf: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(|e| format!("pdftotext (apt-get install poppler-utils): {e}"))?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Puts `uid` in the pre-assigned id pool, as the link's refill would fetch it while online.
pub fn fill_pool(
    engine: &crate::engine::Engine,
    uid: &str,
) -> Result<(), vaultpick_core::CoreError> {
    engine.store().write(|tx| {
        tx.execute(
            "INSERT INTO uid_pool (uid, fetched_at) VALUES (?1, '2026-11-26T08:00:00.000Z')",
            [uid],
        )?;
        Ok(())
    })
}
