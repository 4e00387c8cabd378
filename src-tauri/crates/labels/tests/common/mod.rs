//! Helpers for the integration tests: the fixtures, and the real external tools (poppler's
//! pdftoppm/pdftotext, zbar's zbarimg). A missing tool fails the test with the install command;
//! nothing is skipped.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use vaultpick_labels::{Dpi, LabelData, PackageLabel, RenderSettings, Template};

pub const PACKAGE_JSON: &str = include_str!("../fixtures/package-il.json");
pub const EXIT_BAG_JSON: &str = include_str!("../fixtures/exit-bag.json");
pub const PICK_TICKET_JSON: &str = include_str!("../fixtures/pick-ticket.json");

pub fn fixture(template: Template) -> LabelData {
    let json = match template {
        Template::Package => PACKAGE_JSON,
        Template::ExitBag => EXIT_BAG_JSON,
        Template::PickTicket => PICK_TICKET_JSON,
    };
    LabelData::from_json(template, json.as_bytes()).expect("fixture parses")
}

pub fn package() -> PackageLabel {
    match fixture(Template::Package) {
        LabelData::Package(p) => p,
        _ => unreachable!(),
    }
}

pub fn settings(profile: &str, stock: &str, dpi: Dpi) -> RenderSettings {
    RenderSettings {
        profile: profile.into(),
        stock: stock.into(),
        dpi,
        draft: false,
    }
}

fn tool(name: &str, package: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    found.unwrap_or_else(|| {
        panic!("`{name}` is not installed; these tests need it: apt-get install -y {package}")
    })
}

fn run(cmd: &mut Command) -> std::process::Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("running {cmd:?}: {e}"))
}

/// Rasterises every page at `dpi` into grey PNGs, returned in page order.
pub fn rasterise(pdf: &[u8], dpi: u32, dir: &Path, name: &str) -> Vec<PathBuf> {
    let pdf_path = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf_path, pdf).unwrap();
    let prefix = dir.join(name);
    let out = run(Command::new(tool("pdftoppm", "poppler-utils"))
        .args(["-r", &dpi.to_string(), "-gray", "-png"])
        .arg(&pdf_path)
        .arg(&prefix));
    assert!(
        out.status.success(),
        "pdftoppm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "png")
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("{name}-"))
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "pdftoppm produced no page for {name}");
    pages
}

/// Decodes every symbol in an image: (zbar symbology name, data).
pub fn decode(png: &Path) -> Vec<(String, String)> {
    let out = run(Command::new(tool("zbarimg", "zbar-tools"))
        .args(["-q"])
        .arg(png));
    // zbarimg exits 4 when it finds nothing; that is a result, not a tool failure.
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "zbarimg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// The PDF's text with all whitespace runs collapsed to one space.
pub fn text_of(pdf: &[u8], dir: &Path, name: &str) -> String {
    let pdf_path = dir.join(format!("{name}-text.pdf"));
    std::fs::write(&pdf_path, pdf).unwrap();
    let out = run(Command::new(tool("pdftotext", "poppler-utils"))
        .arg(&pdf_path)
        .arg("-"));
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The font rows of `pdffonts` (after its two header lines).
pub fn pdffonts(pdf: &[u8], dir: &Path) -> Vec<String> {
    let pdf_path = dir.join("fonts.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    let out = run(Command::new(tool("pdffonts", "poppler-utils")).arg(&pdf_path));
    assert!(
        out.status.success(),
        "pdffonts failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(str::to_owned)
        .collect()
}

pub struct Grey {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

/// Reads an 8-bit grey or RGB PNG as grey levels (poppler 22 writes RGB even with `-gray`).
pub fn read_grey(path: &Path) -> Grey {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(
        info.bit_depth,
        png::BitDepth::Eight,
        "{path:?} must be 8-bit"
    );
    buf.truncate(info.buffer_size());
    let pixels = match info.color_type {
        png::ColorType::Grayscale => buf,
        png::ColorType::Rgb => buf
            .chunks(3)
            .map(|p| ((p[0] as u16 + p[1] as u16 + p[2] as u16) / 3) as u8)
            .collect(),
        other => panic!("{path:?}: unexpected PNG colour type {other:?}"),
    };
    Grey {
        width: info.width,
        height: info.height,
        pixels,
    }
}

pub fn write_grey(path: &Path, img: &Grey) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut encoder = png::Encoder::new(file, img.width, img.height);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&img.pixels)
        .unwrap();
}
