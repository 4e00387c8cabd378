//! Printing on a real store in training: the PDF reaches the print folder and its barcode decodes
//! (zbarimg) to the order id; a reprint needs a reason; every print is in the audit log.

use super::*;
use crate::flow::commands;
use crate::flow::pdf_check::decode;
use crate::paths::Mode;
use vaultpick_core::demo::JANE_DOE_ORDER;

/// The training technician badge every print in these tests is attributed to.
const TECHNICIAN: &str = "B-1042";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn request(what: Printable, target: PrintTarget, reason: Option<&str>) -> PrintRequest {
    PrintRequest {
        what,
        target,
        reprint_reason: reason.map(str::to_owned),
    }
}

#[test]
fn pick_ticket_prints_to_the_folder_decodes_and_a_reprint_needs_a_reason() -> TestResult {
    let data = tempfile::tempdir()?;
    let printed = tempfile::tempdir()?;
    let raster = tempfile::tempdir()?;
    let engine = Engine::open(Mode::Training, data.path())?;
    let ticket = || Printable::PickTicket {
        order: JANE_DOE_ORDER.into(),
    };

    let first = print_to(
        &engine,
        TECHNICIAN,
        &request(ticket(), PrintTarget::Print, None),
        Some(printed.path()),
    )?;
    assert_eq!(first.delivery, Delivery::PrintDir);
    assert!(!first.reprint);
    assert!(
        first
            .file
            .starts_with(&printed.path().display().to_string())
    );
    assert_eq!(
        decode(Path::new(&first.file), raster.path())?,
        vec![JANE_DOE_ORDER.to_owned()]
    );

    let refused = print_to(
        &engine,
        TECHNICIAN,
        &request(ticket(), PrintTarget::Print, None),
        Some(printed.path()),
    );
    assert!(
        matches!(&refused, Err(WorkflowError::NotReady(m)) if m.contains("say why")),
        "{refused:?}"
    );
    let again = print_to(
        &engine,
        TECHNICIAN,
        &request(ticket(), PrintTarget::Print, Some("ticket torn")),
        Some(printed.path()),
    )?;
    assert!(again.reprint);
    let saved = print_to(
        &engine,
        TECHNICIAN,
        &request(ticket(), PrintTarget::SavePdf, None),
        Some(printed.path()),
    )?;
    assert_eq!(saved.delivery, Delivery::Saved);
    assert!(saved.file.contains("labels"));

    let log = engine
        .store()
        .read(|c| store::audit_for_subject(c, JANE_DOE_ORDER))?;
    let actions: Vec<&str> = log
        .iter()
        .filter(|e| e.action.starts_with("label_"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(actions, ["label_printed", "label_reprinted", "label_saved"]);
    let reprint = log
        .iter()
        .find(|e| e.action == "label_reprinted")
        .ok_or("no reprint")?;
    assert!(reprint.detail.contains("ticket torn"), "{}", reprint.detail);
    assert_eq!(reprint.actor, TECHNICIAN);
    Ok(())
}

#[test]
fn the_command_sheet_decodes_to_every_command_and_an_unstaged_bag_is_refused() -> TestResult {
    let data = tempfile::tempdir()?;
    let printed = tempfile::tempdir()?;
    let raster = tempfile::tempdir()?;
    let engine = Engine::open(Mode::Training, data.path())?;
    let sheet = print_to(
        &engine,
        TECHNICIAN,
        &request(Printable::CommandSheet, PrintTarget::Print, None),
        Some(printed.path()),
    )?;
    let mut want: Vec<String> = commands::COMMANDS
        .iter()
        .map(|(v, _)| format!("CMD:{v}"))
        .collect();
    want.sort();
    assert_eq!(decode(Path::new(&sheet.file), raster.path())?, want);

    let bag = print_to(
        &engine,
        TECHNICIAN,
        &request(
            Printable::ExitBag {
                order: JANE_DOE_ORDER.into(),
            },
            PrintTarget::Print,
            None,
        ),
        Some(printed.path()),
    );
    assert!(
        matches!(&bag, Err(WorkflowError::NotReady(m)) if m.contains("not staged")),
        "{bag:?}"
    );
    Ok(())
}
