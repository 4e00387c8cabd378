//! Line framing and resynchronisation, shared by all protocols.
//!
//! Lines end at CR or LF (CR LF gives an empty second line, which is skipped). Inside a line the
//! parser is tried at every offset, so garbage glued to the front of a frame (line noise, control
//! bytes such as NUL, BEL or SO, half a frame from before a reconnect) costs nothing: the frame is
//! still decoded. A line that never ends is cut back to its tail so a frame arriving after
//! kilobytes of noise is still found.

use super::Protocol;
use super::and;
use super::reading::{Reading, ReplyKind};
use super::text::printable;
use std::collections::VecDeque;

/// Longest line kept while waiting for a terminator.
pub const MAX_LINE: usize = 256;
/// What is kept of an over-long line: more than any valid frame, so the frame at its end survives.
const KEEP_TAIL: usize = 96;

#[derive(Debug, Clone)]
pub struct Decoder {
    protocol: Protocol,
    line: Vec<u8>,
    out: VecDeque<Reading>,
}

impl Decoder {
    pub fn new(protocol: Protocol) -> Decoder {
        Decoder {
            protocol,
            line: Vec::with_capacity(64),
            out: VecDeque::new(),
        }
    }

    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// Feeds bytes; decoded lines queue up for [`Decoder::next_reading`].
    pub fn push(&mut self, bytes: &[u8]) {
        for &b in bytes {
            match b {
                b'\r' | b'\n' => self.end_line(),
                and::ACK_BYTE
                    if self.protocol == crate::scale::Protocol::And && self.line.is_empty() =>
                {
                    self.out.push_back(and::ack())
                }
                _ => {
                    self.line.push(b);
                    if self.line.len() > MAX_LINE {
                        let cut = self.line.len() - KEEP_TAIL;
                        self.line.drain(..cut);
                    }
                }
            }
        }
    }

    pub fn next_reading(&mut self) -> Option<Reading> {
        self.out.pop_front()
    }

    /// Feeds bytes and returns everything decoded so far.
    pub fn decode(&mut self, bytes: &[u8]) -> Vec<Reading> {
        self.push(bytes);
        self.out.drain(..).collect()
    }

    /// Forgets any partial line and undelivered readings (stale input before a command).
    pub fn clear(&mut self) {
        self.line.clear();
        self.out.clear();
    }

    /// True while a partial line is buffered.
    pub fn has_partial(&self) -> bool {
        !self.line.is_empty()
    }

    fn end_line(&mut self) {
        if self.line.is_empty() {
            return;
        }
        let line = std::mem::take(&mut self.line);
        let reading = decode_line(self.protocol, &line);
        self.out.push_back(reading);
        self.line = line;
        self.line.clear();
    }
}

/// Decodes one line: the first offset at which a valid frame starts wins.
pub(crate) fn decode_line(protocol: Protocol, line: &[u8]) -> Reading {
    // A frame is printable ASCII to the end of the line, so it can only start after the last
    // non-printable byte: skip straight there instead of trying every offset before it.
    let start = line
        .iter()
        .rposition(|b| !(0x20..=0x7e).contains(b))
        .map_or(0, |i| i + 1);
    for offset in start..line.len() {
        // Never start inside a number: `19.5 g` is not a frame hiding in `119.5 g`.
        if offset > start
            && in_number(line[offset - 1])
            && (line[offset].is_ascii_digit() || line[offset] == b'.')
        {
            continue;
        }
        if let Some(text) = printable(&line[offset..])
            && let Some(reading) = protocol.parse(text)
        {
            return reading;
        }
    }
    let mut r = Reading::new(ReplyKind::Unrecognised, &String::from_utf8_lossy(line));
    r.text = printable(&line[start..])
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    r
}

fn in_number(b: u8) -> bool {
    b.is_ascii_digit() || b == b'.' || b == b'+' || b == b'-'
}
