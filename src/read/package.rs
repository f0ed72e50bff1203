//! Where an Office Open XML package keeps its workbook, as Excel finds it.
//!
//! Excel does not look for a fixed `xl/workbook.xml`: it follows the package's
//! relationships (`_rels/.rels`, the `officeDocument` relationship) and reads the
//! part's content type from `[Content_Types].xml`, and it matches part names
//! whatever their case and whichever slash a zip tool wrote. So does this.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// What the package's main part is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Main {
    /// A workbook in XML (.xlsx, .xlsm, .xltx).
    Workbook,
    /// A workbook in Excel's binary format (.xlsb).
    BinaryWorkbook,
    /// A Word document.
    Word,
    /// A PowerPoint presentation.
    PowerPoint,
}

/// Relationship and content-type parts are a few KB; more is not a genuine package.
const MAX_PART_BYTES: u64 = 4 * 1024 * 1024;

/// A part name as the package compares names: forward slashes, no leading
/// slash, lower case (part names are case-insensitive, OPC 9.1.1.1).
pub(super) fn canonical(name: &str) -> String {
    let n = name.replace('\\', "/");
    n.trim_start_matches('/').to_ascii_lowercase()
}

/// The main part of a package and what it is, found through `_rels/.rels` and
/// `[Content_Types].xml`; `None` when the package names no main part that exists.
/// `names` are the zip's entry names as written.
pub(super) fn main_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    names: &[String],
) -> Option<(String, Main)> {
    let find = |wanted: &str| names.iter().position(|n| canonical(n) == wanted);
    let rels = read_part(zip, find("_rels/.rels")?)?;
    let target = office_document_target(&rels)?;
    let part = resolve(&target);
    find(&part)?;
    let kind = find("[content_types].xml")
        .and_then(|i| read_part(zip, i))
        .and_then(|types| content_type(&types, &part))
        .and_then(|t| main_from_content_type(&t))
        .unwrap_or(if part.ends_with(".bin") {
            Main::BinaryWorkbook
        } else {
            Main::Workbook
        });
    Some((part, kind))
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize) -> Option<Vec<u8>> {
    let f = zip.by_index(index).ok()?;
    let mut out = Vec::new();
    f.take(MAX_PART_BYTES).read_to_end(&mut out).ok()?;
    Some(out)
}

/// An attribute's value, unescaped, by local name.
fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Each start or empty element, by local name, with its attributes read by `f`.
fn each_element(xml: &[u8], mut f: impl FnMut(&str, &quick_xml::events::BytesStart)) {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    // A malformed part ends the scan: what was read so far still counts.
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => f(e.local_name().as_ref(), e),
            _ => {}
        }
        buf.clear();
    }
}

fn office_document_target(rels: &[u8]) -> Option<String> {
    let mut found = None;
    each_element(rels, |name, e| {
        if found.is_some() || name != "Relationship" {
            return;
        }
        let is_main = attr(e, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
        if is_main && attr(e, "TargetMode").is_none_or(|m| m != "External") {
            found = attr(e, "Target");
        }
    });
    found
}

/// A target of `_rels/.rels` as a part name: relative to the package root.
fn resolve(target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let t = target.replace('\\', "/");
    for seg in t.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    canonical(&parts.join("/"))
}

fn content_type(types: &[u8], part: &str) -> Option<String> {
    let ext = part.rsplit_once('.').map(|(_, e)| e.to_string());
    let (mut over, mut default) = (None, None);
    each_element(types, |name, e| match name {
        "Override" if attr(e, "PartName").is_some_and(|p| canonical(&p) == part) => {
            over = attr(e, "ContentType");
        }
        "Default" if attr(e, "Extension").is_some_and(|x| Some(x.to_ascii_lowercase()) == ext) => {
            default = attr(e, "ContentType");
        }
        _ => {}
    });
    over.or(default)
}

fn main_from_content_type(t: &str) -> Option<Main> {
    let t = t.to_ascii_lowercase();
    if t.contains("spreadsheetml.sheet.main")
        || t.contains("spreadsheetml.template.main")
        || t.contains("ms-excel.sheet.macroenabled.main")
        || t.contains("ms-excel.template.macroenabled.main")
        || t.contains("ms-excel.addin.macroenabled.main")
    {
        Some(Main::Workbook)
    } else if t.contains("ms-excel.sheet.binary") {
        Some(Main::BinaryWorkbook)
    } else if t.contains("wordprocessingml") || t.contains("ms-word") {
        Some(Main::Word)
    } else if t.contains("presentationml") || t.contains("ms-powerpoint") {
        Some(Main::PowerPoint)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_to_canonical_part_names() {
        assert_eq!(resolve("xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve("/XL/Workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve("./workbook.xml"), "workbook.xml");
        assert_eq!(resolve("xl\\workbook.xml"), "xl/workbook.xml");
        assert_eq!(
            canonical("xl\\Worksheets\\Sheet1.XML"),
            "xl/worksheets/sheet1.xml"
        );
    }

    #[test]
    fn content_types_say_what_the_main_part_is() {
        let types = br#"<Types xmlns="x"><Default Extension="xml" ContentType="application/xml"/>
            <Override PartName="/Book.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
        let t = content_type(types, "book.xml").unwrap_or_default();
        assert_eq!(main_from_content_type(&t), Some(Main::Workbook));
        let t = content_type(types, "other.xml").unwrap_or_default();
        assert_eq!(main_from_content_type(&t), None);
        assert_eq!(
            main_from_content_type(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
            ),
            Some(Main::Word)
        );
    }
}
