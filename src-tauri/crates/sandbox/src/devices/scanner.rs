//! A virtual USB-CDC barcode scanner on a pty: "scan this text" sends prefix + text + suffix.

use super::link::{BoxFuture, Device, Link, LinkControl};
use super::pty::PtyError;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// How the scanner frames what it sends (its programming, as set by configuration barcodes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerSetup {
    pub prefix: String,
    /// `\r\n` (the recommended setting), `\r`, `\n` or `\t`.
    pub suffix: String,
}

impl Default for ScannerSetup {
    fn default() -> Self {
        ScannerSetup {
            prefix: String::new(),
            suffix: "\r\n".into(),
        }
    }
}

#[derive(Clone)]
pub struct ScannerControl {
    setup: Arc<Mutex<ScannerSetup>>,
    link: LinkControl,
}

impl ScannerControl {
    /// Sends one scan: `text` as decoded (include an AIM id such as `]d2` and GS bytes if wanted).
    pub fn scan(&self, text: &str) {
        let setup = self.setup.lock().unwrap_or_else(|p| p.into_inner()).clone();
        self.link
            .send_raw(format!("{}{text}{}", setup.prefix, setup.suffix));
    }

    pub fn set_setup(&self, setup: ScannerSetup) {
        *self.setup.lock().unwrap_or_else(|p| p.into_inner()) = setup;
    }

    pub fn link(&self) -> &LinkControl {
        &self.link
    }
}

/// A scanner ignores what the host sends.
struct SilentDevice;

impl Device for SilentDevice {
    fn handle<'a>(&'a mut self, _line: &'a str) -> BoxFuture<'a, Vec<u8>> {
        Box::pin(async { Vec::new() })
    }
}

pub struct VirtualScanner {
    control: ScannerControl,
    _link: Link,
}

impl VirtualScanner {
    /// Starts a scanner whose app-side port is `dir/<name>`; returns once the port exists.
    pub async fn start(
        dir: &Path,
        name: &str,
        setup: ScannerSetup,
    ) -> Result<VirtualScanner, PtyError> {
        let link = Link::start(dir, name, SilentDevice).await?;
        let control = ScannerControl {
            setup: Arc::new(Mutex::new(setup)),
            link: link.control(),
        };
        Ok(VirtualScanner {
            control,
            _link: link,
        })
    }

    pub fn control(&self) -> ScannerControl {
        self.control.clone()
    }
}
