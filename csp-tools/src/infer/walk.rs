//! Reading a built widget directory: which files to scan, with limits and clear errors.

use std::fs;
use std::path::{Path, PathBuf};

use crate::scan::MAX_FILE_BYTES;

/// Most files `infer` reads from one directory.
pub const MAX_FILES: usize = 20_000;

/// How a file is scanned, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// .html, .htm
    Html,
    /// .css
    Css,
    /// .js, .mjs, .cjs
    Js,
    /// .wasm: the page compiles WebAssembly.
    Wasm,
}

/// A file to scan: its path relative to the directory, its kind and its text (empty for .wasm).
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the scanned directory, with '/' separators.
    pub path: String,
    /// How to scan it.
    pub kind: FileKind,
    /// Its UTF-8 text.
    pub text: String,
}

/// Why a directory cannot be scanned.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{0} is not a directory; pass the widget's build output directory")]
    NotADirectory(String),
    #[error("{path} is larger than {MAX_FILE_BYTES} bytes; is this a build output directory?")]
    TooLarge { path: String },
    #[error("{path} is not UTF-8 text; re-encode it as UTF-8 (browsers hash and parse the decoded text)")]
    NotUtf8 { path: String },
    #[error("{0} holds more than {MAX_FILES} files; pass the widget's build output directory")]
    TooManyFiles(String),
}

fn kind_of(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" => FileKind::Html,
        "css" => FileKind::Css,
        "js" | "mjs" | "cjs" => FileKind::Js,
        "wasm" => FileKind::Wasm,
        _ => return None,
    })
}

/// The scannable files under `dir`, sorted by path. Symbolic links are not followed.
pub fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, WalkError> {
    let shown = dir.display().to_string();
    let meta = fs::metadata(dir).map_err(|source| WalkError::Read { path: shown.clone(), source })?;
    if !meta.is_dir() {
        return Err(WalkError::NotADirectory(shown));
    }
    let mut pending: Vec<PathBuf> = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    let mut seen = 0usize;
    while let Some(current) = pending.pop() {
        let read_error = |source| WalkError::Read { path: current.display().to_string(), source };
        for entry in fs::read_dir(&current).map_err(read_error)? {
            let entry = entry.map_err(|source| WalkError::Read { path: current.display().to_string(), source })?;
            let path = entry.path();
            let file_type =
                entry.file_type().map_err(|source| WalkError::Read { path: path.display().to_string(), source })?;
            seen += 1;
            if seen > MAX_FILES {
                return Err(WalkError::TooManyFiles(shown));
            }
            if file_type.is_dir() {
                pending.push(path);
                continue;
            }
            let Some(kind) = file_type.is_file().then(|| kind_of(&path)).flatten() else { continue };
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            let rel = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let size = entry.metadata().map_err(|source| WalkError::Read { path: rel.clone(), source })?.len();
            if size > MAX_FILE_BYTES as u64 {
                return Err(WalkError::TooLarge { path: rel });
            }
            let text = if kind == FileKind::Wasm {
                String::new()
            } else {
                let bytes = fs::read(&path).map_err(|source| WalkError::Read { path: rel.clone(), source })?;
                String::from_utf8(bytes).map_err(|_| WalkError::NotUtf8 { path: rel.clone() })?
            };
            files.push(SourceFile { path: rel, kind, text });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
