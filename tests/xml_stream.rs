//! XML inputs are read as streams: a record comes before the input after it
//! is read, memory does not hold what came before, and errors far into a
//! long input still name their own line and column.

use std::io::{BufReader, Cursor, Read};

use archcite::error::{ErrorKind, Position};
use archcite::formats::Source;
use archcite::model::Record;
use archcite::Format;

use crate::common::{examples, write_with};

const XML: [Format; 5] = [Format::Marcxml, Format::Mods, Format::Dc, Format::Dcterms, Format::Tei];

/// `n` records, each titled with its number.
fn records(n: usize) -> Vec<Record> {
    let base = examples().into_iter().find(|(name, _)| name == "rgani-5-61-462").unwrap().1;
    (1..=n)
        .map(|i| {
            let mut r = base.clone();
            r.title = archcite::model::NonEmpty::new(&format!("Record number {i}"));
            r
        })
        .collect()
}

/// Gives its bytes, then fails: the rest of the input "is not there yet".
struct ThenFail(Cursor<Vec<u8>>);

impl Read for ThenFail {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.read(buf)? {
            0 => Err(std::io::Error::other("the rest of the input is not there yet")),
            n => Ok(n),
        }
    }
}

/// The 1-based line and column of a byte offset.
fn position(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    Position { line, column }
}

#[test]
fn a_record_comes_before_the_input_after_it_is_read() {
    for format in XML {
        let text = write_with(format, &records(3));
        // Cut inside the second record: the first is whole.
        let second = text.match_indices("Record number 2").next().unwrap().0;
        let head = text.as_bytes()[..second].to_vec();
        let reader = BufReader::with_capacity(64, ThenFail(Cursor::new(head)));
        let mut read = format.read(Source::new("stream.xml", reader));
        let first = read.next().unwrap().unwrap_or_else(|e| panic!("{format:?}: {e}"));
        assert_eq!(first.title.as_ref().map(|t| t.as_str()), Some("Record number 1"), "{format:?}");
        let err = read.next().unwrap().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Io, "{format:?}: {err}");
        assert!(err.message.contains("not there yet"), "{format:?}: {err}");
        assert!(read.next().is_none(), "{format:?}");
    }
}

/// Past the point where the window lets go of the input behind it, a broken
/// record and an empty one are named at their own lines, and every other
/// record is read.
#[test]
fn errors_deep_in_a_long_input_name_their_own_line() {
    let n = 3000;
    let text = write_with(Format::Marcxml, &records(n));
    let record_starts: Vec<usize> = text.match_indices("<record").map(|(i, _)| i).collect();
    assert_eq!(record_starts.len(), n);
    let mut broken = text.clone();
    // Record 2800 becomes an empty record; record 2500 loses a closing tag.
    let (e0, e1) = (record_starts[2799], record_starts[2800]);
    let empty = "<record/>";
    broken.replace_range(e0..e1, &format!("{empty}\n  "));
    let cut = record_starts[2499] + broken[record_starts[2499]..].find("</datafield>").unwrap();
    broken.replace_range(cut..cut + "</datafield>".len(), "</datafiel>");
    assert!(cut > 1 << 20, "the broken record lies past the first megabyte");

    let results: Vec<_> = Format::Marcxml.read(Source::from_text("long.xml", broken.clone())).collect();
    let errors: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), n - 2);
    assert_eq!(errors[0].position, Some(position(&broken, cut)), "{}", errors[0]);
    assert_eq!(errors[0].record, Some(2500));
    let empty_at = broken.find(empty).unwrap();
    assert_eq!(errors[1].position, Some(position(&broken, empty_at)), "{}", errors[1]);
    assert_eq!(errors[1].record, Some(2800));
}

#[test]
fn input_that_stops_being_utf8_is_read_up_to_there() {
    let text = write_with(Format::Mods, &records(3));
    let at = text.match_indices("Record number 3").next().unwrap().0 + "Record number".len();
    let mut bytes = text.as_bytes().to_vec();
    bytes[at] = 0xFF;
    let results: Vec<_> = Format::Mods.read(Source::new("latin.xml", Cursor::new(bytes))).collect();
    assert!(results[0].is_ok() && results[1].is_ok(), "{results:?}");
    let err = results[2].as_ref().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Encoding, "{err}");
    assert_eq!(err.position, Some(position(&text, at)), "{err}");
    assert!(err.help.as_deref().unwrap().contains("--encoding"), "{err}");
    assert_eq!(results.len(), 3);
}
