//! Percent-formatted cells in OpenDocument spreadsheets.
//!
//! calamine reads an `.ods` percentage (85% typed in LibreOffice) as the plain
//! number 0.85 and exposes no number formats for `.ods`. The file itself says
//! `office:value-type="percentage"` on such cells, so we read that from
//! `content.xml`: without it a 5% tolerance would read as 0.05% and an 85%
//! value would be a "bare fraction" finding.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

/// Repeats beyond this are blank filler to the sheet's edge: skip them rather
/// than list a million positions.
const MAX_REPEAT: u32 = 1024;

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    // The attributes read here are plain words and numbers: no escapes to undo.
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == name)
        .map(|a| a.value.into_owned())
}

fn repeat(e: &BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Zero-based (row, col) of every percentage cell, by sheet name. Any problem
/// reading the XML gives an empty answer: the values are still read by calamine.
pub fn percent_cells(bytes: &[u8], max_bytes: u64) -> BTreeMap<String, BTreeSet<(u32, u32)>> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Ok(file) = zip.by_name("content.xml") else {
        return out;
    };
    let mut xml = Vec::new();
    // Bounded: the zip checks before calamine already limit unpacked sizes.
    if file.take(max_bytes).read_to_end(&mut xml).is_err() {
        return out;
    }
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut sheet: Option<String> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    // A malformed document stops the scan; calamine still reads the values.
    while let Ok(event) = reader.read_event_into(&mut buf) {
        // An empty element (`<table:table-row/>`) has no End event: count its rows at once.
        let (e, empty) = match &event {
            Event::Eof => break,
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                if e.name().as_ref() == "table:table-row" {
                    row = row.saturating_add(row_repeat);
                }
                buf.clear();
                continue;
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => {
                sheet = attr(e, "table:name");
                row = 0;
            }
            "table:table-row" => {
                col = 0;
                row_repeat = repeat(e, "table:number-rows-repeated");
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeat(e, "table:number-columns-repeated");
                if attr(e, "office:value-type").as_deref() == Some("percentage") {
                    if let Some(name) = &sheet {
                        let set = out.entry(name.clone()).or_default();
                        for r in row..row.saturating_add(row_repeat.min(MAX_REPEAT)) {
                            for c in col..col.saturating_add(n.min(MAX_REPEAT)) {
                                set.insert((r, c));
                            }
                        }
                    }
                }
                col = col.saturating_add(n);
            }
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods_with(content: &str) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("content.xml", opts).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn finds_percentages_through_repeats_and_empty_rows() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="Return">
  <table:table-row><table:table-cell office:value-type="string"><text:p>Code</text:p></table:table-cell></table:table-row>
  <table:table-row table:number-rows-repeated="2"/>
  <table:table-row>
    <table:table-cell table:number-columns-repeated="3"/>
    <table:table-cell office:value-type="percentage" office:value="0.85"><text:p>85%</text:p></table:table-cell>
    <table:covered-table-cell/>
    <table:table-cell office:value-type="float" office:value="0.85"/>
  </table:table-row>
  <table:table-row><table:table-cell office:value-type="percentage" office:value="0.05" table:number-columns-repeated="2"/></table:table-row>
</table:table>
<table:table table:name="Other"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let found = percent_cells(&ods_with(xml), 1 << 20);
        let want: BTreeSet<(u32, u32)> = [(3, 3), (4, 0), (4, 1)].into_iter().collect();
        assert_eq!(found.get("Return"), Some(&want));
        assert!(!found.contains_key("Other"));
    }

    #[test]
    fn a_broken_file_gives_no_answer_rather_than_a_wrong_one() {
        assert!(percent_cells(b"not a zip", 1 << 20).is_empty());
        assert!(percent_cells(&ods_with("<table:table"), 1 << 20).is_empty());
    }
}
