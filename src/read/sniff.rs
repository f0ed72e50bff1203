//! What a file really is, whatever its name says, and whether its zip is safe to open.
//!
//! Runs before calamine sees the bytes: a renamed Word document, a web page saved
//! as `.xls`, an encrypted workbook or a zip bomb each get a plain sentence here
//! instead of a parser's error (or an exhausted machine).

use super::cfb;
use super::package::{self, Main};
use super::{Limits, ReadError};
use std::io::{Cursor, Read};

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const WORD: &str = "a Word document (.docx) with a spreadsheet name";
const POWERPOINT: &str = "a PowerPoint presentation (.pptx) with a spreadsheet name";

/// Parts smaller than this are not held to the compression-ratio limit: styles
/// and shared strings of a small workbook can compress very well and harm no one.
const RATIO_FLOOR_BYTES: u64 = 10 * 1024 * 1024;

/// Which reader the contents call for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// A compound file: legacy .xls.
    Cfb,
}

/// Check that bytes given a spreadsheet name hold a spreadsheet ipr can open
/// safely, and say which kind.
pub(super) fn check_workbook_bytes(bytes: &[u8], limits: &Limits) -> Result<Kind, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return check_zip(bytes, limits, false);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        // Office encrypts an .xlsx by wrapping it in a compound file with an
        // EncryptionInfo stream, and a .xls with a FILEPASS record: seen in the
        // file's own structure, so the user is told "password", not "damaged".
        let compound = cfb::inspect(bytes);
        let stream = |name: &str| match &compound {
            Some(c) => c.streams.iter().any(|s| s.eq_ignore_ascii_case(name)),
            None => contains_utf16(bytes, name),
        };
        if compound.as_ref().is_some_and(|c| c.encrypted) || stream("EncryptedPackage") {
            return Err(ReadError::Password);
        }
        let is_book = stream("Workbook") || stream("Book");
        if !is_book && stream("WordDocument") {
            return Err(ReadError::NotSpreadsheet("a Word document (.doc)".into()));
        }
        if !is_book && stream("PowerPoint Document") {
            return Err(ReadError::NotSpreadsheet(
                "a PowerPoint presentation (.ppt)".into(),
            ));
        }
        return Ok(Kind::Cfb);
    }
    Err(ReadError::NotSpreadsheet(describe_other(bytes)))
}

/// Why a zip-based workbook the reader failed on is damaged, found by unpacking
/// every part (which [`check_workbook_bytes`] spares a small file): the part
/// that is damaged or larger than it claims. `None` where every part unpacks.
pub(super) fn diagnose_zip(bytes: &[u8], limits: &Limits) -> Option<ReadError> {
    check_zip(bytes, limits, true).err()
}

/// Bytes given a `.csv` name that are really a workbook or a document.
pub(super) fn check_csv_bytes(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&CFB_MAGIC) {
        return Err(ReadError::NotSpreadsheet(
            "an Excel workbook (or another Office file) with a .csv name; rename it to .xlsx"
                .into(),
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(ReadError::NotSpreadsheet("a PDF document".into()));
    }
    Ok(())
}

fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn describe_other(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if head.starts_with(b"%PDF") {
        "a PDF document".into()
    } else if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        "an Excel 2003 XML spreadsheet, which ipr does not read; open it in Excel and save it as .xlsx".into()
    } else if lower.contains("<html") || lower.contains("<table") || lower.contains("<!doctype") {
        // Reporting systems often export a web page with an .xls name.
        "a web page (HTML) with a spreadsheet name, as some reporting systems export; open it in Excel and save it as .xlsx".into()
    } else if head.starts_with(b"{\\rtf") {
        "a Rich Text document".into()
    } else if looks_like_text(head) {
        "plain text, not an Excel workbook; if it is CSV, rename it to .csv".into()
    } else {
        "not a spreadsheet in any format ipr knows".into()
    }
}

fn looks_like_text(head: &[u8]) -> bool {
    let printable = head
        .iter()
        .filter(|&&b| b >= 0x20 || matches!(b, b'\t' | b'\r' | b'\n'))
        .count();
    !head.is_empty() && printable * 100 >= head.len() * 95
}

fn zip_error(e: zip::result::ZipError) -> ReadError {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("password") {
        return ReadError::Password;
    }
    ReadError::Corrupt(format!("its zip structure is broken: {text}"))
}

/// The most deflate can expand its input (zlib's technical details: 1,032 to 1).
const MAX_DEFLATE_RATIO: u64 = 1032;

/// Unpacked size below which a zip's parts are not unpacked to check their sizes.
const SMALL_ENOUGH_BYTES: u64 = 64 * 1024 * 1024;

/// Check a zip from its central directory (sizes as declared) and then by
/// decompressing each part, never further than its declared size, so a part
/// that lies about its size is caught without inflating it.
fn check_zip(bytes: &[u8], limits: &Limits, thorough: bool) -> Result<Kind, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let mut total: u64 = 0;
    let mut packed_total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(zip_error)?;
        let (size, packed) = (f.size(), f.compressed_size());
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        total = total.saturating_add(size);
        packed_total = packed_total.saturating_add(packed);
        if size > RATIO_FLOOR_BYTES && size / packed.max(1) > limits.max_compression_ratio {
            return Err(ReadError::CompressionRatio {
                part: name,
                ratio: size / packed.max(1),
                limit: limits.max_compression_ratio,
            });
        }
        names.push(name);
    }
    if total > limits.max_uncompressed_bytes {
        return Err(ReadError::Uncompressed {
            bytes: total,
            limit: limits.max_uncompressed_bytes,
        });
    }
    // Excel finds the workbook through the package's relationships, matching
    // names whatever their case or slashes; only without them is the usual
    // place looked at (and an .ods, which has no relationships).
    let has = |n: &str| names.iter().any(|x| package::canonical(x) == n);
    let kind = match package::main_part(&mut zip, &names) {
        Some((_, Main::Workbook)) => Kind::Xlsx,
        Some((_, Main::BinaryWorkbook)) => Kind::Xlsb,
        Some((_, Main::Word)) => return Err(ReadError::NotSpreadsheet(WORD.into())),
        Some((_, Main::PowerPoint)) => return Err(ReadError::NotSpreadsheet(POWERPOINT.into())),
        None if has("xl/workbook.xml") => Kind::Xlsx,
        None if has("xl/workbook.bin") => Kind::Xlsb,
        None if has("content.xml") => Kind::Ods,
        None => {
            let what = if has("word/document.xml") {
                WORD
            } else if has("ppt/presentation.xml") {
                POWERPOINT
            } else {
                "a zip archive that holds no spreadsheet"
            };
            return Err(ReadError::NotSpreadsheet(what.into()));
        }
    };
    // Deflate cannot unpack to more than 1,032 times its packed size, so a file
    // too small to unpack past SMALL_ENOUGH_BYTES, whatever its parts claim,
    // is safe to hand to the reader without unpacking it twice. A monthly
    // return (tens of KB) is; a zip bomb with false sizes is not. Should the
    // reader fail on it, `diagnose_zip` unpacks it to say which part is damaged.
    if !thorough && packed_total.saturating_mul(MAX_DEFLATE_RATIO) <= SMALL_ENOUGH_BYTES {
        return Ok(kind);
    }
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(zip_error)?;
        let declared = f.size();
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let mut seen: u64 = 0;
        loop {
            let n = f.read(&mut buf).map_err(|e| {
                ReadError::Corrupt(format!("part {name} of the file is damaged ({e})"))
            })?;
            if n == 0 {
                break;
            }
            seen += n as u64;
            if seen > declared {
                return Err(ReadError::Corrupt(format!(
                    "part {name} holds more than its header says, as a zip bomb would"
                )));
            }
        }
    }
    Ok(kind)
}
