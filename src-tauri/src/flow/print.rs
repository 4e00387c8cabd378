//! Printing and saving labels, tickets and the command sheet.
//!
//! Every document is rendered by `vaultpick_labels` and written to the data directory's `labels`
//! folder first, so a PDF of every print exists on disk. "Print" then hands that file to the OS default
//! PDF handler (`xdg-open` on Linux, `open` on macOS, `start` on Windows), whose print dialog the
//! technician uses; the reasons are in the README's "Printing" section. `VAULTPICK_PRINT_DIR`
//! redirects "Print" to a folder instead of the OS (tests decode the PDFs there with zbarimg).
//! Every print, reprint and save is recorded in the audit log: who, when, which document, why.

use super::documents::{Document, document};
use crate::engine::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use vaultpick_core::CoreError;
use vaultpick_core::store::{self, AuditRecord};
use vaultpick_core::workflow::WorkflowError;

/// Redirects "Print" to this folder instead of the OS print path.
pub const PRINT_DIR_ENV: &str = "VAULTPICK_PRINT_DIR";

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Printable {
    /// The label of a portion weighed out at this station (its new package id).
    PackageLabel {
        uid: String,
    },
    PickTicket {
        order: String,
    },
    ExitBag {
        order: String,
    },
    CommandSheet,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PrintTarget {
    /// Through the OS print path.
    Print,
    /// Only written to the labels folder.
    SavePdf,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
pub struct PrintRequest {
    pub what: Printable,
    pub target: PrintTarget,
    /// Required when this document was printed before.
    pub reprint_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Opened with the OS default PDF handler: its print dialog is up.
    OsPrintHandler,
    /// Written to `VAULTPICK_PRINT_DIR` (tests).
    PrintDir,
    /// Saved in the labels folder only.
    Saved,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PrintRecord {
    pub kind: String,
    pub subject: String,
    /// Where the PDF is (the labels folder, or the print folder when redirected).
    pub file: String,
    pub barcodes: Vec<String>,
    pub reprint: bool,
    pub delivery: Delivery,
}

pub(super) fn invalid(e: impl std::fmt::Display) -> WorkflowError {
    WorkflowError::Invalid(e.to_string())
}

/// Renders, delivers and audits one document (`VAULTPICK_PRINT_DIR` redirects "Print").
pub fn print(
    engine: &Engine,
    agent: &str,
    req: &PrintRequest,
) -> Result<PrintRecord, WorkflowError> {
    print_to(engine, agent, req, print_dir().as_deref())
}

/// Where "Print" goes instead of the OS print path, if `VAULTPICK_PRINT_DIR` says so.
pub fn print_dir() -> Option<PathBuf> {
    std::env::var_os(PRINT_DIR_ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

/// [`print`] with the print folder given (`None`: the OS default PDF handler).
pub fn print_to(
    engine: &Engine,
    agent: &str,
    req: &PrintRequest,
    redirect: Option<&Path>,
) -> Result<PrintRecord, WorkflowError> {
    let doc = document(engine, &req.what)?;
    let now = engine.clock().now();
    let reprint = printed_before(engine, &doc)?;
    let reason = req
        .reprint_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if reprint && req.target == PrintTarget::Print && reason.is_none() {
        return Err(WorkflowError::NotReady(format!(
            "the {} for {} was printed before: say why you reprint it",
            doc.kind.replace('-', " "),
            doc.subject
        )));
    }
    let data_dir = engine
        .store()
        .path()
        .parent()
        .map(Path::to_path_buf)
        .ok_or_else(|| invalid("the data folder has no parent"))?;
    let file = write_pdf(&data_dir.join("labels"), &doc, now)?;
    let (delivered_file, delivery) = match req.target {
        PrintTarget::SavePdf => (file, Delivery::Saved),
        PrintTarget::Print => deliver(&file, redirect)?,
    };
    let action = match (req.target, reprint) {
        (PrintTarget::SavePdf, _) => "label_saved",
        (PrintTarget::Print, false) => "label_printed",
        (PrintTarget::Print, true) => "label_reprinted",
    };
    let detail = serde_json::json!({
        "label": doc.kind,
        "file": delivered_file.display().to_string(),
        "delivery": delivery,
        "reason": reason,
        "render": doc.report,
    })
    .to_string();
    engine.store().write(|tx| {
        store::audit_append(
            tx,
            now,
            AuditRecord {
                actor: agent,
                action,
                subject: &doc.subject,
                detail: &detail,
            },
        )
    })?;
    tracing::info!(kind = doc.kind, subject = %doc.subject, action, ?delivery, "label output");
    Ok(PrintRecord {
        kind: doc.kind.to_owned(),
        subject: doc.subject,
        file: delivered_file.display().to_string(),
        barcodes: doc.barcodes,
        reprint,
        delivery,
    })
}

/// True when this document was printed (not merely saved) before.
fn printed_before(engine: &Engine, doc: &Document) -> Result<bool, CoreError> {
    let marker = format!("\"label\":\"{}\"", doc.kind);
    let log = engine
        .store()
        .read(|c| store::audit_for_subject(c, &doc.subject))?;
    Ok(log.iter().any(|e| {
        matches!(e.action.as_str(), "label_printed" | "label_reprinted")
            && e.detail.contains(&marker)
    }))
}

fn write_pdf(dir: &Path, doc: &Document, now: DateTime<Utc>) -> Result<PathBuf, WorkflowError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        invalid(format!(
            "cannot create the labels folder {}: {e}",
            dir.display()
        ))
    })?;
    let safe: String = doc
        .subject
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!(
        "{}-{}-{}.pdf",
        doc.kind,
        safe,
        now.format("%Y%m%dT%H%M%S%3f")
    ));
    std::fs::write(&path, &doc.pdf)
        .map_err(|e| invalid(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}

/// Sends the PDF to the print path: the redirect folder if set, else the OS default PDF handler.
fn deliver(file: &Path, redirect: Option<&Path>) -> Result<(PathBuf, Delivery), WorkflowError> {
    if let Some(dir) = redirect {
        let name = file
            .file_name()
            .ok_or_else(|| invalid("the PDF has no file name"))?;
        std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::copy(file, dir.join(name)))
            .map_err(|e| invalid(format!("cannot print to {}: {e}", dir.display())))?;
        return Ok((dir.join(name), Delivery::PrintDir));
    }
    open_with_os(file)?;
    Ok((file.to_path_buf(), Delivery::OsPrintHandler))
}

fn open_with_os(file: &Path) -> Result<(), WorkflowError> {
    let mut cmd = if cfg!(target_os = "windows") {
        // `start` is a cmd built-in; the empty string is the window title it would otherwise eat.
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]).arg(file);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(file);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(file);
        c
    };
    let mut child = cmd.spawn().map_err(|e| {
        invalid(format!(
            "no PDF viewer could be started to print {} ({e}): use Save PDF and print it from the labels folder",
            file.display()
        ))
    })?;
    // Reap the launcher when it exits so it does not linger as a zombie.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(test)]
#[path = "print_tests.rs"]
mod tests;
