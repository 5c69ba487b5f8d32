//! A progress bar on stderr for long batches, drawn only when stderr is a terminal.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

/// Inputs smaller than this finish too fast for a bar to help.
const MIN_BYTES: u64 = 1 << 20;

/// A hand-rolled progress bar (one line, redrawn at most ten times a second).
pub struct Progress {
    total: Option<u64>,
    last: Instant,
    drawn: bool,
}

impl Progress {
    /// A bar for an input of `size` bytes: active only for a large file and a terminal stderr.
    pub fn for_input(size: Option<u64>) -> Self {
        let total = size.filter(|&size| size >= MIN_BYTES && io::stderr().is_terminal());
        Progress { total, last: Instant::now(), drawn: false }
    }

    /// Redraws the bar after `done` bytes and `lines` lines.
    pub fn update(&mut self, done: u64, lines: usize) {
        let Some(total) = self.total else { return };
        if self.drawn && self.last.elapsed() < Duration::from_millis(100) {
            return;
        }
        self.last = Instant::now();
        self.drawn = true;
        let percent = (done.min(total) * 100 / total.max(1)) as usize;
        let filled = percent * 30 / 100;
        let bar = format!("{}{}", "#".repeat(filled), "-".repeat(30 - filled));
        let _ = write!(io::stderr(), "\r  validating [{bar}] {percent:>3}% ({lines} lines)");
    }

    /// Clears the bar.
    pub fn finish(&mut self) {
        if self.drawn {
            let _ = write!(io::stderr(), "\r\x1b[2K");
        }
    }
}
