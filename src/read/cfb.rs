//! Just enough of the compound file format ([MS-CFB]) to see whether a legacy
//! workbook is encrypted, before a reader fails on it with words of its own.
//!
//! Excel encrypts a .xls by keeping its streams and putting a FILEPASS record
//! right after the workbook's first BOF record ([MS-XLS] 2.4.117); it encrypts
//! an .xlsx by wrapping it in a compound file with an `EncryptionInfo` stream.
//! Every read is bounded by the file's own size and every chain by its sector
//! count, so a malformed file ends the look, never the run.

/// What a compound file's directory and workbook stream say.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Compound {
    /// Names of the streams in the directory, as written.
    pub streams: Vec<String>,
    /// The file is encrypted: an `EncryptionInfo` stream, or FILEPASS in the
    /// workbook stream's globals.
    pub encrypted: bool,
}

const FREE: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

struct File<'a> {
    bytes: &'a [u8],
    sector: usize,
    fat: Vec<u32>,
}

impl<'a> File<'a> {
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        self.bytes.get(start..start.checked_add(self.sector)?)
    }

    /// The bytes of a chain of sectors from `start`, at most `limit` of them.
    fn chain(&self, start: u32, limit: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != END_OF_CHAIN && out.len() < limit {
            steps += 1;
            if steps > self.fat.len() + 1 {
                return None; // a loop in the chain
            }
            out.extend_from_slice(self.sector(id)?);
            id = *self.fat.get(id as usize)?;
        }
        out.truncate(limit);
        Some(out)
    }
}

/// Read a compound file's directory and look for encryption; `None` when the
/// file is not a well-formed compound file.
pub(super) fn inspect(bytes: &[u8]) -> Option<Compound> {
    let shift = u16_at(bytes, 0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let sector = 1usize << shift;
    let fat_sectors = u32_at(bytes, 0x2C)? as usize;
    let first_dir = u32_at(bytes, 0x30)?;
    let mini_cutoff = u32_at(bytes, 0x38)? as u64;
    let first_minifat = u32_at(bytes, 0x3C)?;
    let mut difat_sector = u32_at(bytes, 0x44)?;
    let mut ids: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
        .filter(|&id| id != FREE)
        .collect();
    let mut file = File {
        bytes,
        sector,
        fat: Vec::new(),
    };
    let most = bytes.len() / sector + 1;
    while difat_sector != END_OF_CHAIN && difat_sector != FREE && ids.len() < most {
        let s = file.sector(difat_sector)?;
        let per = sector / 4 - 1;
        ids.extend(
            (0..per)
                .filter_map(|i| u32_at(s, 4 * i))
                .filter(|&id| id != FREE),
        );
        difat_sector = u32_at(s, 4 * per)?;
    }
    ids.truncate(fat_sectors.min(most));
    for id in ids {
        let s = file.sector(id)?;
        file.fat
            .extend((0..sector / 4).filter_map(|i| u32_at(s, 4 * i)));
    }
    let dir = file.chain(first_dir, bytes.len())?;
    let mut out = Compound::default();
    let mut root_start = END_OF_CHAIN;
    let mut book: Option<(u32, u64)> = None;
    for e in dir.chunks_exact(128) {
        let name_len = (u16_at(e, 64)? as usize).min(64);
        let units: Vec<u16> = e[..name_len]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|&u| u != 0)
            .collect();
        let name = String::from_utf16_lossy(&units);
        let (kind, start) = (e[66], u32_at(e, 116)?);
        let size = u32_at(e, 120)? as u64;
        match kind {
            5 => root_start = start,
            2 => {
                if name.eq_ignore_ascii_case("EncryptionInfo") {
                    out.encrypted = true;
                }
                let is_book =
                    name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book");
                if is_book && book.is_none() {
                    book = Some((start, size));
                }
                out.streams.push(name);
            }
            _ => {}
        }
    }
    if let (false, Some((start, size))) = (out.encrypted, book) {
        // The globals come first and FILEPASS follows the first BOF: a few KB suffice.
        let want = size.min(64 * 1024) as usize;
        let stream = if size >= mini_cutoff {
            file.chain(start, want)
        } else {
            let mini = file.chain(root_start, bytes.len())?;
            let minifat_bytes = file.chain(first_minifat, bytes.len())?;
            let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
                .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
                .collect();
            mini_chain(&mini, &minifat, start, want)
        };
        out.encrypted = stream.is_some_and(|s| has_filepass(&s));
    }
    Some(out)
}

fn mini_chain(mini: &[u8], minifat: &[u32], start: u32, limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != END_OF_CHAIN && out.len() < limit {
        steps += 1;
        if steps > minifat.len() + 1 {
            return None;
        }
        let at = (id as usize).checked_mul(64)?;
        out.extend_from_slice(mini.get(at..at + 64)?);
        id = *minifat.get(id as usize)?;
    }
    out.truncate(limit);
    Some(out)
}

/// FILEPASS among the workbook globals: the records up to the first EOF.
fn has_filepass(stream: &[u8]) -> bool {
    let mut at = 0usize;
    while let (Some(kind), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        match kind {
            0x002F => return true,
            0x000A => return false,
            _ => at += 4 + len as usize,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filepass_is_found_among_the_globals_only() {
        let bof = [0x09, 0x08, 0x02, 0x00, 0x00, 0x06];
        let filepass = [0x2F, 0x00, 0x02, 0x00, 0x01, 0x00];
        let eof = [0x0A, 0x00, 0x00, 0x00];
        assert!(has_filepass(&[&bof[..], &filepass].concat()));
        assert!(!has_filepass(&[&bof[..], &eof, &filepass].concat()));
        assert!(!has_filepass(&bof));
    }

    #[test]
    fn malformed_compound_files_give_no_answer() {
        assert_eq!(inspect(&[]), None);
        let mut header = vec![0u8; 512];
        header[0x1E] = 9;
        // A directory chain that points outside the file.
        header[0x30] = 7;
        assert_eq!(inspect(&header), None);
    }
}
