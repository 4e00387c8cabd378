//! Scan-back: after a package label prints, the operator scans it; the scan must be exactly the UID.
//! A label that scans as anything else is void and must be reprinted (the reprint is audited by the app).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoidReason {
    /// Nothing came back from the scanner.
    Empty,
    /// The scanner sent bytes that are not UTF-8 (noise, wrong symbology setting).
    NotText,
    /// It decoded, but to something other than the UID.
    Mismatch,
}

/// The printed label does not scan as its UID: void it and reprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("label void: expected {expected:?}, scanned {scanned:?} ({reason:?}); reprint the label")]
pub struct LabelVoid {
    pub expected: String,
    /// What was scanned, with non-printable bytes escaped, safe to show and log.
    pub scanned: String,
    pub reason: VoidReason,
}

/// Compares the raw scanner payload with the UID. Only a trailing CR/LF (the scanner's terminator) is
/// removed; anything else — case, spaces, prefixes, one digit off — voids the label.
pub fn check_scan_back(expected_uid: &str, scanned: &[u8]) -> Result<(), LabelVoid> {
    let trimmed = scanned.strip_suffix(b"\n").unwrap_or(scanned);
    let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
    let void = |reason, shown: String| LabelVoid {
        expected: expected_uid.to_owned(),
        scanned: shown,
        reason,
    };
    if trimmed.is_empty() {
        return Err(void(VoidReason::Empty, String::new()));
    }
    match std::str::from_utf8(trimmed) {
        Err(_) => Err(void(
            VoidReason::NotText,
            trimmed.escape_ascii().to_string(),
        )),
        Ok(text) if text == expected_uid => Ok(()),
        Ok(text) => Err(void(VoidReason::Mismatch, text.escape_debug().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UID: &str = "6647330000000123";

    #[test]
    fn exact_match_passes_with_or_without_terminator() {
        assert_eq!(check_scan_back(UID, UID.as_bytes()), Ok(()));
        assert_eq!(check_scan_back(UID, b"6647330000000123\r\n"), Ok(()));
    }

    #[test]
    fn anything_else_voids_the_label() {
        let reason = |s: &[u8]| check_scan_back(UID, s).err().map(|v| v.reason);
        assert_eq!(reason(b"6647330000000124"), Some(VoidReason::Mismatch));
        assert_eq!(reason(b" 6647330000000123"), Some(VoidReason::Mismatch));
        assert_eq!(reason(b"]C06647330000000123"), Some(VoidReason::Mismatch));
        assert_eq!(reason(b"664733000000012"), Some(VoidReason::Mismatch));
        assert_eq!(reason(b""), Some(VoidReason::Empty));
        assert_eq!(reason(b"\r\n"), Some(VoidReason::Empty));
        assert_eq!(reason(&[0xff, 0xfe, 0x00]), Some(VoidReason::NotText));
    }

    #[test]
    fn the_void_message_escapes_control_bytes() {
        let err = check_scan_back(UID, b"66473\x1b[2J").err();
        let shown = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(!shown.contains('\x1b'), "{shown}");
        assert!(shown.contains("reprint"), "{shown}");
    }
}
