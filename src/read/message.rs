//! A reader's error in words a performance officer can read: never a parser's
//! debug text (`Text(BytesText { content: Borrowed("\n  ") })`).

use super::ReadError;
use calamine::{Error, OdsError, XlsError, XlsbError, XlsxError};

/// What went wrong inside a spreadsheet's parts, when nothing plainer is known.
const GARBLED: &str = "its contents are not laid out as a spreadsheet's are";

/// A calamine error as a [`ReadError`] with a plain-English reason.
pub(super) fn plain(e: &Error) -> ReadError {
    let password = matches!(
        e,
        Error::Xlsx(XlsxError::Password)
            | Error::Xlsb(XlsbError::Password)
            | Error::Xls(XlsError::Password)
            | Error::Ods(OdsError::Password)
    );
    if password {
        return ReadError::Password;
    }
    // quick-xml refuses a DOCTYPE's entity declarations; its words vary by version.
    if e.to_string().to_ascii_lowercase().contains("entit") {
        return ReadError::Corrupt(
            "its XML declares its own entities, which Excel never writes and which can be used to attack XML readers; nothing was expanded".into(),
        );
    }
    ReadError::Corrupt(reason(e))
}

fn reason(e: &Error) -> String {
    match e {
        Error::Xlsx(x) => xlsx(x),
        Error::Xlsb(x) => match x {
            XlsbError::Zip(z) => zip(z),
            XlsbError::Xml(_) | XlsbError::XmlAttr(_) => xml(),
            XlsbError::FileNotFound(p) => missing(p),
            XlsbError::Mismatch { expected, .. } => format!(
                "its binary records are out of order (a {} record was expected)",
                words(expected)
            ),
            XlsbError::WideStr { .. } => "a text in it is cut short".into(),
            XlsbError::UnsupportedType(_) | XlsbError::Unrecognized { .. } => {
                "it holds a kind of record Excel does not write".into()
            }
            XlsbError::Ptg(_) | XlsbError::Etpg(_) | XlsbError::IfTab(_) | XlsbError::StackLen => {
                "a formula in it cannot be read".into()
            }
            _ => sanitised(&x.to_string()),
        },
        Error::Xls(x) => match x {
            XlsError::Cfb(_) => "its compound-file structure is broken".into(),
            XlsError::Len { .. } | XlsError::ContinueRecordTooShort | XlsError::EoStream(_) => {
                "it ends in the middle of a record, as a file cut short does".into()
            }
            XlsError::InvalidFormula { .. }
            | XlsError::StackLen
            | XlsError::IfTab(_)
            | XlsError::Etpg(_) => "a formula in it cannot be read".into(),
            XlsError::Unrecognized { .. } | XlsError::InvalidFormat { .. } => {
                "it holds a kind of record Excel does not write".into()
            }
            _ => sanitised(&x.to_string()),
        },
        Error::Ods(x) => match x {
            OdsError::Zip(z) => zip(z),
            OdsError::Xml(_) | OdsError::XmlAttr(_) | OdsError::AttrError(_) => xml(),
            OdsError::Mismatch { expected, .. } => format!(
                "its content.xml has something else where a {} element belongs",
                words(expected)
            ),
            OdsError::Eof(what) => format!(
                "its content.xml ends before the {} element is closed",
                words(what)
            ),
            OdsError::FileNotFound(p) => missing(p),
            OdsError::InvalidMime(_) => {
                "its mimetype does not say it is an OpenDocument spreadsheet".into()
            }
            OdsError::Parse(_)
            | OdsError::ParseInt(_)
            | OdsError::ParseFloat(_)
            | OdsError::ParseBool(_) => "a value in its content.xml cannot be read".into(),
            OdsError::CellLimitExceeded { .. } => {
                "a sheet repeats empty cells far beyond any real table".into()
            }
            _ => sanitised(&x.to_string()),
        },
        Error::Msg(m) => sanitised(m),
        other => sanitised(&other.to_string()),
    }
}

fn xlsx(x: &XlsxError) -> String {
    match x {
        XlsxError::Zip(z) => zip(z),
        XlsxError::Xml(_) | XlsxError::XmlAttr(_) => xml(),
        XlsxError::XmlEof(tag) => format!(
            "one of its XML parts ends before its {} element is closed, as a file cut short does",
            words(tag)
        ),
        XlsxError::UnexpectedNode(tag) => {
            format!("one of its XML parts has no {} element", words(tag))
        }
        XlsxError::FileNotFound(p) => missing(p),
        XlsxError::RelationshipNotFound => {
            "it lists a sheet (or the workbook) that the package does not link to".into()
        }
        XlsxError::CellTAttribute(t) => format!(
            "a cell says it holds a kind of value ('{}') that Excel does not write",
            short(t)
        ),
        XlsxError::Unrecognized { typ, val } => format!(
            "it gives {} the value '{}', which Excel does not write",
            words(typ),
            short(val)
        ),
        XlsxError::Alphanumeric(_)
        | XlsxError::NumericColumn(_)
        | XlsxError::RangeWithoutColumnComponent
        | XlsxError::RangeWithoutRowComponent
        | XlsxError::ColumnNumberOverflow
        | XlsxError::RowNumberOverflow
        | XlsxError::DimensionCount(_) => "a cell reference in its XML is malformed".into(),
        XlsxError::Parse(_) | XlsxError::ParseInt(_) | XlsxError::ParseFloat(_) => {
            "a number in its XML cannot be read".into()
        }
        XlsxError::Encoding(_) => "its text is not in the encoding it declares".into(),
        XlsxError::CellError(v) => format!("a cell shows the error {}", short(v)),
        _ => sanitised(&x.to_string()),
    }
}

fn zip(z: &zip::result::ZipError) -> String {
    format!("its zip structure is broken: {}", sanitised(&z.to_string()))
}

fn xml() -> String {
    "one of its XML parts is malformed, as a file cut short or edited by hand can be".into()
}

fn missing(part: &str) -> String {
    format!("part {} is missing from it", short(part))
}

/// `table:table-row` -> `table-row`; `sheet:state` -> `sheet state`.
fn words(tag: &str) -> String {
    let t = tag.rsplit(':').next().unwrap_or(tag);
    format!("'{}'", short(t))
}

/// Text from inside a file, made safe to show: one line, at most 60 characters.
fn short(s: &str) -> String {
    let one_line: String = s.chars().filter(|c| !c.is_control()).take(60).collect();
    one_line.trim().to_string()
}

/// A library's own message, kept only when it reads as words: debug text
/// (braces, `Borrowed(`, escaped newlines) becomes a plain sentence.
fn sanitised(text: &str) -> String {
    let looks_like_debug = text.contains('{')
        || text.contains('}')
        || text.contains("Borrowed(")
        || text.contains("Owned(")
        || text.contains("Some(")
        || text.contains("\\n")
        || text.contains("\"");
    if looks_like_debug || text.trim().is_empty() {
        GARBLED.to_string()
    } else {
        short_sentence(text)
    }
}

fn short_sentence(text: &str) -> String {
    let t: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    let t = t.trim();
    // calamine's messages start with a capital: in the middle of our sentence they should not.
    let mut chars = t.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(|c| c.is_lowercase()) => {
            first.to_lowercase().collect::<String>() + chars.as_str()
        }
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_text_never_reaches_the_user() {
        let e = Error::Ods(OdsError::Mismatch {
            expected: "table-cell",
            found: "Text(BytesText { content: Borrowed(\"\\n  \") })".into(),
        });
        let msg = plain(&e).to_string();
        assert!(!msg.contains("BytesText") && !msg.contains('{'), "{msg}");
        assert!(msg.contains("'table-cell' element"), "{msg}");
        let msg = plain(&Error::Xlsx(XlsxError::CellTAttribute("bogus".into()))).to_string();
        assert!(
            msg.contains("('bogus')") && !msg.contains("\"bogus\""),
            "{msg}"
        );
        assert_eq!(
            sanitised("Foo { bar: Borrowed(\"x\") }"),
            GARBLED,
            "debug text becomes a sentence"
        );
        assert_eq!(
            sanitised("Cannot detect file format"),
            "cannot detect file format"
        );
    }

    #[test]
    fn passwords_are_known_by_type() {
        assert_eq!(plain(&Error::Xls(XlsError::Password)), ReadError::Password);
        assert_eq!(
            plain(&Error::Xlsx(XlsxError::Password)),
            ReadError::Password
        );
    }
}
