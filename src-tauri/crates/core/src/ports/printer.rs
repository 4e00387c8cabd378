//! Label and ticket printing. Rendering is the labels crate's job; a printer only takes a PDF.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error("printing was cancelled")]
    Cancelled,
    #[error("the printer failed: {0}")]
    Failed(String),
}

pub trait LabelPrinter: Send + Sync {
    /// Sends a finished PDF to the printer (or the OS print dialog); `title` names the job.
    fn print_pdf(&self, title: &str, pdf: &[u8]) -> Result<(), PrintError>;
}
