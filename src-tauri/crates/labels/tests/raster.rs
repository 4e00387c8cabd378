//! Raster checks on pdftoppm output: barcode modules land on whole printer dots, and the layout
//! matches committed golden images within a small tolerance.
//!
//! Golden images live in tests/golden/. After an intended layout change, regenerate them with
//! `VAULTPICK_UPDATE_GOLDEN=1 cargo test -p vaultpick-labels --test raster` and look at the PNGs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use std::path::PathBuf;
use vaultpick_labels::{Dpi, LabelData, RenderSettings, Symbology, Template, render};

/// The first band of at least 20 identical rows with many transitions: a Code 128 symbol.
fn barcode_row(img: &Grey) -> Option<Vec<u8>> {
    let w = img.width as usize;
    let row = |y: usize| &img.pixels[y * w..(y + 1) * w];
    let transitions = |r: &[u8]| {
        r.windows(2)
            .filter(|p| (p[0] < 128) != (p[1] < 128))
            .count()
    };
    (0..img.height as usize - 20)
        .find(|&y| transitions(row(y)) >= 40 && (1..20).all(|k| row(y + k) == row(y)))
        .map(|y| row(y).to_vec())
}

/// Lengths of the dark and light runs between the first and the last dark pixel.
fn runs(row: &[u8]) -> Vec<usize> {
    let first = row.iter().position(|&p| p < 128).unwrap();
    let last = row.iter().rposition(|&p| p < 128).unwrap();
    let mut out = Vec::new();
    let mut len = 1;
    for i in first + 1..=last {
        if (row[i] < 128) == (row[i - 1] < 128) {
            len += 1;
        } else {
            out.push(len);
            len = 1;
        }
    }
    out.push(len);
    out
}

#[test]
fn code128_bars_are_whole_multiples_of_the_module_in_printer_dots() {
    let dir = tempfile::tempdir().unwrap();
    let data = fixture(Template::ExitBag);
    for dpi in [Dpi::D203, Dpi::D300] {
        let label = render(&data, &settings("il", "4x2", dpi)).unwrap();
        let info = &label.barcodes[0];
        assert_eq!(info.symbology, Symbology::Code128);
        let x = info.module_dots as usize;
        let name = format!("snap-{}", dpi.dots_per_inch());
        let png = &rasterise(&label.pdf, dpi.dots_per_inch(), dir.path(), &name)[0];
        let row = barcode_row(&read_grey(png)).expect("a barcode row");
        let widths = runs(&row);
        // Every Code 128 element is 1-4 modules; with snapping every run is exactly k·X pixels.
        assert!(
            widths
                .iter()
                .all(|w| w % x == 0 && (1..=4).contains(&(w / x))),
            "{dpi:?}: {widths:?}"
        );
        let modules: usize = widths.iter().sum::<usize>() / x;
        // WEB-104233: start, B "WEB-" (4), switch to C, "104233" (3), check = 10 symbols of 11 modules, + 13 stop.
        assert_eq!(modules, 11 * 10 + 13, "{dpi:?}: {widths:?}");
    }
    // The check can fail: the same 203 dpi label rasterised at 300 dpi has uneven bars.
    let label = render(&data, &settings("il", "4x2", Dpi::D203)).unwrap();
    let png = &rasterise(&label.pdf, 300, dir.path(), "mismatch")[0];
    let widths = runs(&barcode_row(&read_grey(png)).unwrap());
    assert!(widths.iter().any(|w| w % 2 != 0), "{widths:?}");
}

struct Golden {
    name: &'static str,
    template: Template,
    profile: &'static str,
    stock: &'static str,
    dpi: Dpi,
    draft: bool,
}

const GOLDENS: [Golden; 3] = [
    Golden {
        name: "package-il-4x2-203",
        template: Template::Package,
        profile: "il",
        stock: "4x2",
        dpi: Dpi::D203,
        draft: false,
    },
    Golden {
        name: "package-ny-4x6-203-draft",
        template: Template::Package,
        profile: "ny",
        stock: "4x6",
        dpi: Dpi::D203,
        draft: true,
    },
    Golden {
        name: "exit-bag-62mm-300",
        template: Template::ExitBag,
        profile: "il",
        stock: "62mm",
        dpi: Dpi::D300,
        draft: false,
    },
];

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.png"))
}

/// Pixels whose grey level differs by more than a third of the range; anti-aliasing noise between
/// poppler builds stays far below that, a moved field or bar does not.
fn differing(a: &Grey, b: &Grey) -> Result<usize, String> {
    if (a.width, a.height) != (b.width, b.height) {
        return Err(format!(
            "size {}x{} vs golden {}x{}",
            a.width, a.height, b.width, b.height
        ));
    }
    Ok(a.pixels
        .iter()
        .zip(&b.pixels)
        .filter(|(x, y)| x.abs_diff(**y) > 85)
        .count())
}

/// At most 0.3 % of the pixels may differ.
fn within_tolerance(img: &Grey, count: usize) -> bool {
    count * 1000 <= img.pixels.len() * 3
}

fn render_golden(g: &Golden, data: &LabelData, dir: &std::path::Path, update: bool) -> Grey {
    let settings = RenderSettings {
        profile: g.profile.into(),
        stock: g.stock.into(),
        dpi: g.dpi,
        draft: g.draft,
    };
    let label = render(data, &settings).unwrap();
    let png = &rasterise(&label.pdf, g.dpi.dots_per_inch(), dir, g.name)[0];
    let img = read_grey(png);
    if update && std::env::var_os("VAULTPICK_UPDATE_GOLDEN").is_some() {
        write_grey(&golden_path(g.name), &img);
    }
    img
}

#[test]
fn layouts_match_the_golden_images() {
    let dir = tempfile::tempdir().unwrap();
    for g in &GOLDENS {
        let img = render_golden(g, &fixture(g.template), dir.path(), true);
        let golden_file = golden_path(g.name);
        assert!(
            golden_file.is_file(),
            "missing golden {golden_file:?}: run with VAULTPICK_UPDATE_GOLDEN=1"
        );
        let golden = read_grey(&golden_file);
        let count = differing(&img, &golden).unwrap_or_else(|e| panic!("{}: {e}", g.name));
        println!("{}: {count} of {} pixels differ", g.name, img.pixels.len());
        assert!(
            within_tolerance(&img, count),
            "{}: {count} pixels differ from the golden",
            g.name
        );
    }
}

#[test]
fn the_golden_comparison_catches_a_layout_change() {
    let dir = tempfile::tempdir().unwrap();
    let g = &GOLDENS[0];
    let LabelData::Package(mut p) = fixture(Template::Package) else {
        unreachable!()
    };
    // One field one line lower is the kind of regression the goldens exist for.
    p.product_name = "Blue Dream".into();
    let img = render_golden(
        &Golden {
            name: "changed",
            ..*g
        },
        &LabelData::Package(p),
        dir.path(),
        false,
    );
    let golden = read_grey(&golden_path(g.name));
    let count = differing(&img, &golden).unwrap();
    assert!(
        !within_tolerance(&img, count),
        "a changed product line went unnoticed ({count} pixels)"
    );
}

#[test]
fn rendering_is_deterministic() {
    let data = fixture(Template::Package);
    let s = settings("il", "4x2", Dpi::D300);
    let dir = tempfile::tempdir().unwrap();
    let a = read_grey(&rasterise(&render(&data, &s).unwrap().pdf, 300, dir.path(), "a")[0]);
    let b = read_grey(&rasterise(&render(&data, &s).unwrap().pdf, 300, dir.path(), "b")[0]);
    assert!(
        a.pixels == b.pixels,
        "two renders of the same label rasterise differently"
    );
}

#[test]
fn the_pdf_embeds_only_a_subset_of_the_font() {
    let label = render(
        &fixture(Template::Package),
        &settings("il", "4x6", Dpi::D203),
    )
    .unwrap();
    assert!(
        label.pdf.len() < 80_000,
        "{} bytes: the font was not subset",
        label.pdf.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let rows = pdffonts(&label.pdf, dir.path());
    assert_eq!(rows.len(), 2, "{rows:?}");
    // Columns: name type encoding emb sub uni object-id generation; "emb" and "uni" must be yes.
    for r in &rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        let n = cols.len();
        assert_eq!((cols[n - 5], cols[n - 3]), ("yes", "yes"), "{r}");
    }
}
