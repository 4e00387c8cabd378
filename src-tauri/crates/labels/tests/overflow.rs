//! Overflow and hostile input: long names shrink or are refused with the field named; control and
//! bidi characters are removed (and reported), right-to-left and unsupported scripts are refused;
//! nothing is clipped, and whatever renders still scans.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use vaultpick_labels::{
    Cannabinoid, CannabinoidUnit, Dpi, ExitBagLabel, LabelData, LabelError, PickLine, PickTicket,
    Symbology, Template, render,
};

fn exit_bag_named(name: &str) -> LabelData {
    let LabelData::ExitBag(mut b) = fixture(Template::ExitBag) else {
        unreachable!()
    };
    b.customer_name = name.to_owned();
    LabelData::ExitBag(b)
}

fn field_of(e: &LabelError) -> Option<&str> {
    match e {
        LabelError::FieldTooLong { field, .. }
        | LabelError::RightToLeftText { field }
        | LabelError::UnsupportedCharacter { field, .. }
        | LabelError::MissingField { field } => Some(field),
        _ => None,
    }
}

#[test]
fn a_long_product_name_shrinks_and_prints_whole_then_is_refused_when_too_long() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = package();
    p.product_name = "Limited Reserve Hand-Trimmed Indoor Whole Flower Small Batch".into();
    let label = render(
        &LabelData::Package(p.clone()),
        &settings("il", "4x2", Dpi::D203),
    )
    .unwrap();
    assert!(
        label.text_scale < 1.0,
        "expected a shrink, got scale {}",
        label.text_scale
    );
    assert!(
        text_of(&label.pdf, dir.path(), "long").contains(&p.product_name),
        "name must print whole"
    );
    let pages = rasterise(&label.pdf, 203, dir.path(), "long");
    assert_eq!(
        decode(&pages[0])
            .into_iter()
            .map(|(_, d)| d)
            .collect::<Vec<_>>(),
        vec![p.uid.clone()]
    );

    p.product_name = "Extraordinarily Long Product Name ".repeat(8);
    let err = render(&LabelData::Package(p), &settings("il", "4x2", Dpi::D203)).unwrap_err();
    assert_eq!(field_of(&err), Some("product_name"), "{err}");
    assert!(
        err.to_string().contains("shorten it or use a larger stock"),
        "{err}"
    );
}

#[test]
fn hostile_customer_names_are_cleaned_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = settings("il", "4x6", Dpi::D300);

    // Bidi override, bell, escape sequence, zero-width space, tabs: removed and reported.
    let label = render(
        &exit_bag_named("Ann\u{202E}a\u{7}\u{1b} \t Sm\u{200B}ith\r\n"),
        &s,
    )
    .unwrap();
    let text = text_of(&label.pdf, dir.path(), "hostile");
    assert!(text.contains("Anna Smith"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() || c == '\u{202E}'),
        "{text:?}"
    );
    assert!(
        label
            .notes
            .iter()
            .any(|n| n.contains("customer_name: removed 4")),
        "{:?}",
        label.notes
    );

    // Accented Latin, Greek and Cyrillic are in the embedded font and print as given.
    let label = render(&exit_bag_named("Zoë Ångström-Łukasiewicz Σοφία Юлия"), &s).unwrap();
    assert!(
        text_of(&label.pdf, dir.path(), "intl").contains("Zoë Ångström-Łukasiewicz Σοφία Юлия")
    );

    let refused = |name: &str| render(&exit_bag_named(name), &s).unwrap_err();
    let rtl = refused("\u{5D3}\u{5E0}\u{5D4} \u{5DB}\u{5D4}\u{5DF}");
    assert!(matches!(rtl, LabelError::RightToLeftText { .. }), "{rtl}");
    assert!(rtl.to_string().contains("transliteration"));
    let arabic = refused("Dana \u{0641}\u{0627}\u{0637}\u{0645}\u{0629}");
    assert!(
        matches!(arabic, LabelError::RightToLeftText { .. }),
        "{arabic}"
    );
    let cjk = refused("山田 太郎");
    assert!(
        matches!(cjk, LabelError::UnsupportedCharacter { ch: '山', .. }),
        "{cjk}"
    );
    let emoji = refused("Dana 🌿");
    assert!(
        matches!(emoji, LabelError::UnsupportedCharacter { .. }),
        "{emoji}"
    );
    assert_eq!(
        field_of(&refused("\u{7}\u{202E}\u{200B}  ")),
        Some("customer_name")
    );
    let long = refused(&"Wolfeschlegelsteinhausenbergerdorff ".repeat(12));
    assert_eq!(field_of(&long), Some("customer_name"), "{long}");
}

#[test]
fn many_cannabinoids_shrink_then_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let names = [
        "CBG",
        "CBGA",
        "CBN",
        "CBC",
        "THCV",
        "CBDV",
        "Delta-8 THC",
        "CBL",
    ];
    let mut p = package();
    for (i, n) in names.iter().enumerate() {
        p.cannabinoids.push(Cannabinoid {
            name: (*n).into(),
            amount: 100 + i as i64 * 37,
            unit: CannabinoidUnit::Percent,
        });
    }
    let label = render(
        &LabelData::Package(p.clone()),
        &settings("il", "4x6", Dpi::D203),
    )
    .unwrap();
    let text = text_of(&label.pdf, dir.path(), "many");
    for n in names {
        assert!(text.contains(n), "{n} missing");
    }
    let on_4x2 = render(
        &LabelData::Package(p.clone()),
        &settings("il", "4x2", Dpi::D203),
    )
    .unwrap_err();
    assert!(
        matches!(field_of(&on_4x2), Some("cannabinoids")) || on_4x2.code() == "does-not-fit",
        "{on_4x2}"
    );

    for i in 0..40 {
        p.cannabinoids.push(Cannabinoid {
            name: format!("Minor-{i}"),
            amount: 10,
            unit: CannabinoidUnit::Percent,
        });
    }
    let err = render(&LabelData::Package(p), &settings("il", "4x6", Dpi::D203)).unwrap_err();
    assert_eq!(field_of(&err), Some("cannabinoids"), "{err}");
}

#[test]
fn a_metrc_tag_on_a_two_inch_label_at_203_dpi_is_a_qr_code_that_scans() {
    let dir = tempfile::tempdir().unwrap();
    let bag = ExitBagLabel {
        order_id: "1A4FF0100000022000000123".into(),
        customer_name: "D. Okafor".into(),
        channel: "Pickup".into(),
        promised_at: "17:30".into(),
        item_count: 1,
        staging_location: "P-03".into(),
        bag_seal_id: "S-1".into(),
    };
    // 62 mm continuous is 2.24 in of printable width: too narrow for the 231-module Code 128 at 203 dpi.
    let label = render(
        &LabelData::ExitBag(bag.clone()),
        &settings("il", "62mm", Dpi::D203),
    )
    .unwrap();
    assert_eq!(label.barcodes[0].symbology, Symbology::Qr);
    let pages = rasterise(&label.pdf, 203, dir.path(), "metrc");
    assert_eq!(
        decode(&pages[0]),
        vec![("QR-Code".to_owned(), bag.order_id.clone())]
    );
    // At 300 dpi two-dot modules make the Code 128 fit.
    let label = render(
        &LabelData::ExitBag(bag.clone()),
        &settings("il", "62mm", Dpi::D300),
    )
    .unwrap();
    assert_eq!(label.barcodes[0].symbology, Symbology::Code128);
    let pages = rasterise(&label.pdf, 300, dir.path(), "metrc300");
    assert_eq!(
        decode(&pages[0]),
        vec![("CODE-128".to_owned(), bag.order_id)]
    );
}

#[test]
fn a_long_pick_ticket_paginates_and_every_page_scans() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<PickLine> = (0..90)
        .map(|i| PickLine {
            vault_location: format!("V{}-{}-{:02}", i % 3 + 1, ["A", "B", "C"][i % 3], i),
            uid: format!("66473300000{i:05}"),
            product_name: if i % 7 == 0 {
                "A product with a rather long descriptive name that wraps".into()
            } else {
                format!("Product {i}")
            },
            quantity: format!("{} ea", i % 4 + 1),
        })
        .collect();
    let ticket = PickTicket {
        order_id: "WEB-200001".into(),
        customer_name: "Dana Okafor".into(),
        channel: "Delivery".into(),
        promised_at: "2026-11-26 18:00".into(),
        lines: lines.clone(),
    };
    let label = render(
        &LabelData::PickTicket(ticket),
        &settings("il", "a4", Dpi::D203),
    )
    .unwrap();
    assert!(label.pages >= 3, "{} pages", label.pages);
    let text = text_of(&label.pdf, dir.path(), "ticket");
    for l in &lines {
        assert!(
            text.contains(&l.uid) && text.contains(&l.vault_location),
            "{} missing",
            l.uid
        );
    }
    assert!(text.contains(&format!("Page {} of {}", label.pages, label.pages)));
    for page in rasterise(&label.pdf, 203, dir.path(), "ticket") {
        assert_eq!(
            decode(&page),
            vec![("CODE-128".to_owned(), "WEB-200001".to_owned())],
            "{page:?}"
        );
    }
}

#[test]
fn bad_data_is_a_clear_error_not_a_panic() {
    let s = settings("il", "4x2", Dpi::D203);
    let mut p = package();
    p.net_weight_mg = 3505;
    let err = render(&LabelData::Package(p.clone()), &s).unwrap_err();
    assert!(
        err.to_string()
            .contains("multiple of the scale's d = 10 mg"),
        "{err}"
    );
    p.net_weight_mg = 3500;
    p.packaged_on = "yesterday".into();
    assert_eq!(
        render(&LabelData::Package(p.clone()), &s)
            .unwrap_err()
            .code(),
        "invalid-field"
    );
    p.packaged_on = "2026-11-20".into();
    p.lab = None;
    assert_eq!(
        field_of(&render(&LabelData::Package(p), &s).unwrap_err()),
        Some("lab")
    );
    for garbage in [&b"\xff\xfe"[..], b"{}", b"[1,2]", b"{\"order_id\": 5}"] {
        let err = LabelData::from_json(Template::ExitBag, garbage).unwrap_err();
        assert_eq!(err.code(), "invalid-data");
    }
    let unknown = render(
        &fixture(Template::ExitBag),
        &settings("tx", "4x2", Dpi::D203),
    )
    .unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("known: il, biotrack-generic, ny, nm"),
        "{unknown}"
    );
    let dpi = serde_json::from_str::<vaultpick_labels::RenderSettings>(
        r#"{"profile":"il","stock":"4x2","dpi":600}"#,
    );
    assert!(dpi.unwrap_err().to_string().contains("use 203 or 300"));
}

#[test]
fn a_minimal_generic_package_label_fits_two_by_one_and_scans() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = package();
    (p.strain, p.harvested_on, p.expires_on, p.lab, p.coa_ref) = (None, None, None, None, None);
    p.cannabinoids.clear();
    p.product_name = "Blue Dream 3.5g".into();
    // A one-line header: the full name and licence would wrap to two lines and overflow 1 in.
    p.dispensary_name = "Green Vault".into();
    for dpi in [Dpi::D203, Dpi::D300] {
        let label = render(
            &LabelData::Package(p.clone()),
            &settings("biotrack-generic", "2x1", dpi),
        )
        .unwrap();
        let name = format!("mini-{}", dpi.dots_per_inch());
        let pages = rasterise(&label.pdf, dpi.dots_per_inch(), dir.path(), &name);
        assert_eq!(
            decode(&pages[0]),
            vec![("CODE-128".to_owned(), p.uid.clone())]
        );
        let text = text_of(&label.pdf, dir.path(), &name);
        for want in [
            &p.dispensary_name,
            &p.batch,
            &p.packaged_on,
            &"3.50 g".to_owned(),
        ] {
            assert!(text.contains(want.as_str()), "{want} missing: {text}");
        }
    }
    // The same data under Illinois needs the lab, cannabinoids and the warnings: refused on 2x1.
    let err = render(&LabelData::Package(p), &settings("il", "2x1", Dpi::D203)).unwrap_err();
    assert_eq!(err.code(), "missing-field", "{err}");
}
