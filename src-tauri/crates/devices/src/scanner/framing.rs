//! Serial / USB-CDC scanner framing: an optional prefix, the data, a suffix (CR, LF, CR LF or TAB).
//! GS (0x1D) and other control bytes inside the data are kept: GS1 needs them.

use serde::{Deserialize, Serialize};

/// Longest scan we buffer; longer input is dropped as noise (GS1-128 holds 48 characters,
/// a GS1 DataMatrix a few hundred).
pub const MAX_SCAN: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Suffix {
    Cr,
    Lf,
    #[default]
    CrLf,
    Tab,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Framing {
    pub suffix: Suffix,
    /// Text the scanner puts before every scan (configured on the scanner); removed when present.
    pub prefix: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ScanFramer {
    framing: Framing,
    buf: Vec<u8>,
    overflowed: bool,
}

impl ScanFramer {
    pub fn new(framing: Framing) -> ScanFramer {
        ScanFramer {
            framing,
            buf: Vec::new(),
            overflowed: false,
        }
    }

    /// Feeds bytes and returns the complete scans (prefix and suffix removed, empty ones skipped).
    pub fn push(&mut self, bytes: &[u8]) -> Vec<String> {
        let mut scans = Vec::new();
        for &b in bytes {
            if self.ends_scan(b) {
                let data = std::mem::take(&mut self.buf);
                if !std::mem::take(&mut self.overflowed)
                    && let Some(scan) = self.finish(&data)
                {
                    scans.push(scan);
                }
            } else if self.buf.len() >= MAX_SCAN {
                self.overflowed = true;
                self.buf.clear();
            } else {
                self.buf.push(b);
            }
        }
        scans
    }

    /// CR and LF both end a scan in the CR/LF/CR LF modes, so a scanner set to CR while the station
    /// says CR LF still works; the empty "scan" between CR and LF is skipped.
    fn ends_scan(&self, b: u8) -> bool {
        match self.framing.suffix {
            Suffix::Tab => b == b'\t',
            Suffix::Cr | Suffix::Lf | Suffix::CrLf => b == b'\r' || b == b'\n',
        }
    }

    fn finish(&self, data: &[u8]) -> Option<String> {
        let text = String::from_utf8_lossy(data);
        // In TAB mode a stray CR/LF from a previous configuration is not part of the data.
        let text = text.trim_matches(|c| c == '\r' || c == '\n');
        let text = match &self.framing.prefix {
            Some(p) if !p.is_empty() => text.strip_prefix(p.as_str()).unwrap_or(text),
            _ => text,
        };
        (!text.is_empty()).then(|| text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framer(suffix: Suffix, prefix: Option<&str>) -> ScanFramer {
        ScanFramer::new(Framing {
            suffix,
            prefix: prefix.map(str::to_string),
        })
    }

    #[test]
    fn each_suffix_frames_scans() {
        assert_eq!(
            framer(Suffix::CrLf, None).push(b"A1\r\nB2\r\n"),
            vec!["A1", "B2"]
        );
        assert_eq!(framer(Suffix::Cr, None).push(b"A1\rB2\r"), vec!["A1", "B2"]);
        assert_eq!(framer(Suffix::Lf, None).push(b"A1\nB2\n"), vec!["A1", "B2"]);
        assert_eq!(
            framer(Suffix::Tab, None).push(b"A1\tB 2\t"),
            vec!["A1", "B 2"]
        );
    }

    #[test]
    fn partial_scans_wait_for_the_suffix() {
        let mut f = framer(Suffix::CrLf, None);
        assert!(f.push(b"]d201095").is_empty());
        assert_eq!(
            f.push(b"06000134352\x1d21X\r\n"),
            vec!["]d20109506000134352\x1d21X"]
        );
    }

    #[test]
    fn prefix_is_removed_when_present() {
        let mut f = framer(Suffix::CrLf, Some("#"));
        assert_eq!(f.push(b"#1234\r\n5678\r\n"), vec!["1234", "5678"]);
    }

    #[test]
    fn overlong_input_is_dropped_then_framing_recovers() {
        let mut f = framer(Suffix::CrLf, None);
        let mut junk = vec![b'x'; MAX_SCAN + 10];
        junk.extend_from_slice(b"\r\nOK\r\n");
        assert_eq!(f.push(&junk), vec!["OK"]);
    }
}
