//! Reading a file that a user named or that ipr found: only an ordinary file,
//! and never more than a limit of bytes.
//!
//! A named pipe blocks whoever opens it for ever, and a device (a link to
//! `/dev/zero`) never ends, so the file's type is checked with its metadata
//! before it is opened, and again on the open handle (a file swapped for a
//! pipe in between). Every read goes through `take(limit + 1)`, whatever size
//! the file claims: a device claims 0 bytes.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// What is at a path, as far as reading it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ordinary file: the only kind ipr reads.
    File,
    /// A folder.
    Folder,
    /// A named pipe (FIFO).
    Pipe,
    /// A device, such as `/dev/zero` (often reached through a link).
    Device,
    /// A socket.
    Socket,
    /// Anything else the system has.
    Other,
}

impl Kind {
    /// The kind of what `meta` describes (links already followed).
    pub fn of(meta: &Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_file() {
            return Kind::File;
        }
        if t.is_dir() {
            return Kind::Folder;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Kind::Pipe;
            }
            if t.is_char_device() || t.is_block_device() {
                return Kind::Device;
            }
            if t.is_socket() {
                return Kind::Socket;
            }
        }
        Kind::Other
    }

    /// What it is, in words: "a named pipe (FIFO)".
    pub fn words(self) -> &'static str {
        match self {
            Kind::File => "a file",
            Kind::Folder => "a folder",
            Kind::Pipe => "a named pipe (FIFO)",
            Kind::Device => "a device (such as /dev/zero)",
            Kind::Socket => "a socket",
            Kind::Other => "something other than a file",
        }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Not an ordinary file: a pipe, a device, a socket or a folder. Never opened.
    #[error("it is {}, not a file, so ipr did not open it: only ordinary files are read", .0.words())]
    NotAFile(Kind),
    /// The file could not be opened (missing, no permission...).
    #[error("the file could not be opened ({0})")]
    Open(io::Error),
    /// Reading failed part-way.
    #[error("the file could not be read ({0})")]
    Read(io::Error),
    /// More bytes than the limit: `bytes` is the size it claims, or the bytes
    /// read before stopping.
    #[error("the file holds more than {limit} bytes, the most ipr reads of it")]
    TooBig {
        /// The size seen (at least `limit + 1`).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// Text that is not UTF-8.
    #[error("the file is not text in UTF-8 ({0})")]
    NotText(std::string::FromUtf8Error),
}

/// What is at `path`, following links; an error where nothing can be found
/// (a broken link, a path that does not exist, a folder that cannot be searched).
pub fn kind(path: &Path) -> io::Result<Kind> {
    std::fs::metadata(path).map(|m| Kind::of(&m))
}

/// Opens `path` for reading if it is an ordinary file, never blocking on a
/// pipe; gives the file and its size as it claims it.
pub fn open(path: &Path) -> Result<(File, u64), FileError> {
    let meta = std::fs::metadata(path).map_err(FileError::Open)?;
    let kind = Kind::of(&meta);
    if kind != Kind::File {
        return Err(FileError::NotAFile(kind));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Not blocking: if a pipe took the file's place since the check above,
    // opening it returns at once and the check below refuses it.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK.bits();
        options.custom_flags(i32::try_from(flags).unwrap_or(0));
    }
    let file = options.open(path).map_err(FileError::Open)?;
    let meta = file.metadata().map_err(FileError::Open)?;
    match Kind::of(&meta) {
        Kind::File => Ok((file, meta.len())),
        other => Err(FileError::NotAFile(other)),
    }
}

/// The whole of the ordinary file at `path`, never more than `limit` bytes:
/// one that claims more, or grows past the limit while it is read, is refused.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let (file, claimed) = open(path)?;
    if claimed > limit {
        return Err(FileError::TooBig {
            bytes: claimed,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(claimed).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(FileError::Read)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(FileError::TooBig { bytes: read, limit });
    }
    Ok(bytes)
}

/// [`read_capped`] as UTF-8 text.
pub fn read_text_capped(path: &Path, limit: u64) -> Result<String, FileError> {
    String::from_utf8(read_capped(path, limit)?).map_err(FileError::NotText)
}

/// The SHA-256 of the ordinary file at `path` as hex, read in pieces, or
/// `None` when it is not one or holds more than `limit` bytes.
pub fn sha256_capped(path: &Path, limit: u64) -> Option<(String, u64)> {
    use sha2::{Digest, Sha256};
    let (file, claimed) = open(path).ok()?;
    if claimed > limit {
        return None;
    }
    let mut hasher = Sha256::new();
    let read = io::copy(&mut file.take(limit.saturating_add(1)), &mut hasher).ok()?;
    if read > limit {
        return None;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Some((hex, read))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinary_file_is_read_whole_and_a_larger_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, b"Code,Value\n").unwrap();
        assert_eq!(read_capped(&path, 11).unwrap(), b"Code,Value\n");
        assert!(matches!(
            read_capped(&path, 10),
            Err(FileError::TooBig {
                bytes: 11,
                limit: 10
            })
        ));
        assert_eq!(sha256_capped(&path, 11).map(|(_, n)| n), Some(11));
        assert_eq!(sha256_capped(&path, 10), None);
        let e = read_capped(dir.path(), 100).unwrap_err();
        assert!(matches!(e, FileError::NotAFile(Kind::Folder)), "{e}");
        assert!(matches!(
            read_capped(&dir.path().join("gone.csv"), 100),
            Err(FileError::Open(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("x.xlsx");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a pipe with no writer would block: this returns at once.
            let e = read_capped(&pipe, 100).unwrap_err();
            assert!(matches!(e, FileError::NotAFile(Kind::Pipe)), "{e}");
            assert!(
                e.to_string().contains("a named pipe (FIFO), not a file"),
                "{e}"
            );
        }
        let zero = dir.path().join("y.xlsx");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let e = read_capped(&zero, 100).unwrap_err();
        assert!(matches!(e, FileError::NotAFile(Kind::Device)), "{e}");
        assert_eq!(kind(&zero).unwrap(), Kind::Device);
        assert!(sha256_capped(&zero, 100).is_none());
    }
}
