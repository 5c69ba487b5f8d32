//! Reading the files the authoring commands take, with errors that say what to fix.

use std::fs;
use std::io::Read;

use super::CliError;

/// Reads a whole file ('-' for stdin) of at most `limit` bytes.
pub fn read_bytes(path: &str, limit: usize) -> Result<Vec<u8>, CliError> {
    let read_error = |source| CliError::Read { path: path.into(), source };
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().lock().take(limit as u64 + 1).read_to_end(&mut bytes).map_err(read_error)?;
    } else {
        let meta = fs::metadata(path).map_err(read_error)?;
        if meta.is_dir() {
            return Err(CliError::Usage(format!("{path} is a directory; pass a file")));
        }
        fs::File::open(path).map_err(read_error)?.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(read_error)?;
    }
    if bytes.len() > limit {
        return Err(CliError::Usage(format!("{path} is larger than {limit} bytes; pass the right file")));
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file ('-' for stdin) of at most `limit` bytes.
pub fn read_text(path: &str, limit: usize) -> Result<String, CliError> {
    String::from_utf8(read_bytes(path, limit)?)
        .map_err(|_| CliError::Usage(format!("{path} is not UTF-8 text; pass a text file")))
}
