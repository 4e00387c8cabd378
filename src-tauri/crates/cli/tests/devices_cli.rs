//! The `vaultpick` binary end to end: scan-parse on stdin, and `devices monitor --protocol auto`
//! against `devices simulate scale` on a real socat pty. Needs `socat`.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_vaultpick");

/// Stops the simulator on drop so a failed test leaves nothing behind: closing its stdin makes it
/// exit cleanly (which also ends its socat); SIGKILL only if it does not within 10 s.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn json_lines(stdout: &[u8]) -> Result<Vec<serde_json::Value>, serde_json::Error> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(serde_json::from_str)
        .collect()
}

#[test]
fn scan_parse_prints_one_object_per_scan() -> TestResult {
    let mut child = Command::new(BIN)
        .args(["scan-parse", "--year", "2026"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let input = "6647330000000123\r\n]d20109506000134352172612001012AB<GS>21XYZ\nCMD:REPRINT\n\ngarbage\n1A4FF0100000022000000123\n";
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(input.as_bytes())?;
    let out = child.wait_with_output()?;
    assert!(out.status.success());
    let lines = json_lines(&out.stdout)?;
    let kinds: Vec<_> = lines
        .iter()
        .map(|l| l["kind"]["type"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(kinds, ["biotrack", "gs1", "command", "unknown", "metrc"]);
    assert_eq!(lines[1]["kind"]["expiry"]["date"], "2026-12-31");
    assert_eq!(lines[1]["kind"]["batch"], "12AB");
    assert_eq!(lines[1]["symbology"]["aim"], "]d2");
    assert_eq!(lines[2]["kind"]["command"], "reprint");
    Ok(())
}

fn wait_for_path(path: &Path) -> TestResult {
    let start = Instant::now();
    while !path.exists() {
        if start.elapsed() > Duration::from_secs(30) {
            return Err(format!("{} never appeared", path.display()).into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

#[test]
fn monitor_auto_detects_each_simulated_protocol() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (protocol, unit_line) in [("mt-sics", "S S"), ("and", "ST,"), ("ohaus", "3.50 g")] {
        let link = dir.path().join(format!("scale-{protocol}"));
        let sim = Command::new(BIN)
            .args([
                "devices",
                "simulate",
                "scale",
                "--protocol",
                protocol,
                "--weight-mg",
                "3500",
                "--link",
            ])
            .arg(&link)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let _sim = Stopped(sim);
        wait_for_path(&link)?;
        let out = Command::new(BIN)
            .args([
                "devices",
                "monitor",
                "--protocol",
                "auto",
                "--count",
                "2",
                "--interval-ms",
                "100",
                "--port",
            ])
            .arg(&link)
            .output()?;
        assert!(
            out.status.success(),
            "{protocol}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = json_lines(&out.stdout)?;
        assert_eq!(lines.len(), 2, "{protocol}");
        for l in lines {
            assert_eq!(l["protocol"], protocol);
            assert_eq!(l["grams"], "3.50", "{protocol}: {l}");
            assert_eq!(l["stable"], true);
            assert!(
                l["raw"].as_str().unwrap_or_default().contains(unit_line),
                "{protocol}: {l}"
            );
        }
    }
    Ok(())
}
