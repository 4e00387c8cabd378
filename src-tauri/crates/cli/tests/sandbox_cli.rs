//! `vaultpick sandbox --training` end to end: the binary serves BioTrack v1 on loopback, loaded with
//! the training vault, and a raw HTTP client can log in with the public training credentials.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const BIN: &str = env!("CARGO_BIN_EXE_vaultpick");

/// Kills the sandbox on drop so a failed test leaves nothing running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One POST with `Connection: close`; returns the JSON body.
fn post(endpoint: &str, body: &Value) -> Result<Value, Box<dyn std::error::Error>> {
    let rest = endpoint.strip_prefix("http://").ok_or("not an http URL")?;
    let (host, path) = rest.split_once('/').ok_or("no path")?;
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = body.to_string();
    write!(
        stream,
        "POST /{path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/JSON\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    let (_, json) = reply.split_once("\r\n\r\n").ok_or("no HTTP body")?;
    Ok(serde_json::from_str(json)?)
}

#[test]
fn training_sandbox_serves_the_demo_vault() -> TestResult {
    let mut child = Command::new(BIN)
        .args(["sandbox", "--training", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let _running = Running(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = BufReader::new(stdout).read_line(&mut first);
        let _ = tx.send(first);
    });
    let endpoint = rx.recv_timeout(Duration::from_secs(60))?.trim().to_owned();
    assert!(endpoint.ends_with("/serverjson.asp"), "{endpoint}");

    let login = post(
        &endpoint,
        &json!({"API": "4.0", "action": "login", "training": 1,
            "license_number": vaultpick_sandbox::biotrack::TRAINING_LICENSE,
            "username": vaultpick_sandbox::biotrack::TRAINING_USER,
            "password": vaultpick_sandbox::biotrack::TRAINING_PASSWORD}),
    )?;
    let session = login["sessionid"].as_str().ok_or("login refused")?;
    let synced = post(
        &endpoint,
        &json!({"API": "4.0", "action": "sync_inventory", "sessionid": session, "training": 1}),
    )?;
    let lots = synced["inventory"].as_array().ok_or("no inventory")?;
    let products = vaultpick_core::demo::products();
    let demo = vaultpick_core::demo::packages(&products, chrono::Utc::now().date_naive());
    assert_eq!(lots.len(), demo.len());
    // The state system holds zero for the one package the demo says is on the shelf regardless.
    let odd = vaultpick_core::demo::training_uid(vaultpick_core::demo::DISCREPANCY_SERIAL);
    let record = lots
        .iter()
        .find(|l| l["id"] == json!(odd.0))
        .ok_or("discrepancy package missing")?;
    assert_eq!(record["remaining_quantity"], json!("0"));
    Ok(())
}
