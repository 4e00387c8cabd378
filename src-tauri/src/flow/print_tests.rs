//! Printing on a real store in training: the PDF reaches the print folder and its barcode decodes
//! (zbarimg) to the order id; a reprint needs a reason; every print is in the audit log.

use super::*;
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
    let mut want: Vec<String> = vaultpick_devices::scanner::ScanCommand::ALL
        .iter()
        .map(|c| c.barcode_text())
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

/// A counted order staged and then cancelled: the unit split off its lot at commit goes back as a
/// lot of its own, and its package label (what the returned unit gets stuck on) scans as the new id
/// and names the product, the unit count and the dispensary.
#[test]
fn a_split_off_lot_gets_a_package_label_that_scans_as_its_new_id() -> TestResult {
    const ORDER: &str = "POS-10002";
    const POOL_UID: &str = "9990001000888001";
    let data = tempfile::tempdir()?;
    let printed = tempfile::tempdir()?;
    let raster = tempfile::tempdir()?;
    let engine = Engine::open(Mode::Training, data.path())?;
    crate::flow::pdf_check::fill_pool(&engine, POOL_UID)?;
    let receipt = crate::flow::with_workflow(&engine, |wf| {
        wf.claim(ORDER, TECHNICIAN)?;
        let lot = wf.pick_snapshot(ORDER)?.lines[0]
            .suggested
            .clone()
            .ok_or_else(|| WorkflowError::Invalid("no suggested package".into()))?
            .uid;
        wf.scan(ORDER, Some(1), lot.as_str(), TECHNICIAN)?;
        wf.confirm_sealed(ORDER, true, true, TECHNICIAN)?;
        wf.start_verify(ORDER, TECHNICIAN)?;
        wf.verify_scan(ORDER, lot.as_str(), TECHNICIAN)?;
        wf.commit_and_stage(ORDER, "STAGING-C2", TECHNICIAN)
    })?;
    assert_eq!(receipt.split_off.len(), 1, "{receipt:?}");
    assert_eq!(receipt.split_off[0].into.as_str(), POOL_UID);
    let back = crate::flow::with_workflow(&engine, |wf| {
        wf.cancel(ORDER, "customer cancelled", TECHNICIAN)
    })?;
    assert!(
        back.returned.iter().any(|u| u.as_str() == POOL_UID),
        "{back:?}"
    );
    assert_eq!(
        back.split_off,
        vec![vaultpick_core::domain::Uid(POOL_UID.into())]
    );

    let label = print_to(
        &engine,
        TECHNICIAN,
        &request(
            Printable::PackageLabel {
                uid: POOL_UID.into(),
            },
            PrintTarget::Print,
            None,
        ),
        Some(printed.path()),
    )?;
    assert_eq!(label.kind, "package-label");
    assert_eq!(
        decode(Path::new(&label.file), raster.path())?,
        vec![POOL_UID.to_owned()]
    );
    let text = crate::flow::pdf_check::text(Path::new(&label.file))?;
    for want in ["× 1", crate::world::TRAINING_DISPENSARY, POOL_UID] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    // A package neither weighed out nor split off here has no label to print from the app.
    let bulk = print_to(
        &engine,
        TECHNICIAN,
        &request(
            Printable::PackageLabel {
                uid: receipt.split_off[0].from.to_string(),
            },
            PrintTarget::Print,
            None,
        ),
        Some(printed.path()),
    );
    assert!(
        matches!(&bulk, Err(WorkflowError::NotFound { .. })),
        "{bulk:?}"
    );
    Ok(())
}
