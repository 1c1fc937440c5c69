//! Call numbers outside the Russian system. The text after a repository is cut
//! into fields at commas, semicolons and dashes before a level word; each
//! system's grammar then names the fields: keyword fields ("box 6", "Bd. 1359")
//! by their keyword, plain fields by their position in that system's convention.

use super::lexer::{norm_value, P};
use crate::model::{Level, LevelKind, NonEmpty};
use crate::registry::System;

/// One field: tokens `a..b`.
#[derive(Clone, Copy, Debug)]
struct Field {
    a: usize,
    b: usize,
}

/// Level words shared by every system: word sequence (lower case) and kind.
const KEYWORDS: &[(&[&str], &str)] = &[
    (&["finding", "aid"], "finding-aid"),
    (&["accession"], "accession"),
    (&["boxes"], "box"),
    (&["box"], "box"),
    (&["folders"], "folder"),
    (&["folder"], "folder"),
    (&["file", "no"], "file"),
    (&["file"], "file"),
    (&["vol"], "volume"),
    (&["volume"], "volume"),
    (&["bd"], "volume"),
    (&["bl"], "folio"),
    (&["fol"], "folio"),
    (&["ff"], "folio"),
    (&["folio"], "folio"),
    (&["image", "reference"], "image"),
    (&["image"], "image"),
    (&["film"], "film"),
    (&["reel"], "reel"),
    (&["year"], "year"),
    (&["issue"], "issue"),
    (&["country"], "country"),
    (&["lot"], "lot-file"),
    (&["pp"], "pages"),
    (&["p"], "pages"),
    (&["item"], "item"),
    (&["record", "group"], "record-group"),
    (&["rg"], "record-group"),
    (&["entry"], "entry"),
    (&["job"], "job"),
    // Federal Records Center accession numbers ("FRC 330 75-0013").
    (&["frc"], "accession"),
    (&["a1", "entry"], "entry"),
];

/// Polish archives: karta (leaf), tom (volume), sygnatura (call number).
const POLISH: &[(&[&str], &str)] = &[
    (&["k"], "folio"),
    (&["t"], "volume"),
    (&["sygn"], "call-number"),
    (&["zespół"], "fonds"),
    (&["wiązka"], "bundle"),
    (&["teczka"], "folder"),
];
/// Archives with no convention of their own: Czech and Slovak svazek
/// (volume), archivní jednotka (unit), karton (box) and inventární číslo
/// (inventory number); a part ("3107/38, Part 1", as the National Archives
/// of Australia write it). Not for named papers, where "Part 1" ends a
/// folder's title.
const GENERIC_EXTRA: &[(&[&str], &str)] = &[
    (&["sv"], "volume"),
    (&["a", "j"], "item"),
    (&["kart"], "box"),
    (&["inv", "č"], "inventory-number"),
    (&["part"], "part"),
    // The Polish foreign ministry's zespół (fonds), wiązka (bundle), teczka (folder).
    (&["zespół"], "fonds"),
    (&["wiązka"], "bundle"),
    (&["teczka"], "folder"),
    // Romanian: dosar (a file), filă (a leaf, "f.").
    (&["dosar"], "file"),
    (&["f"], "folio"),
    // Italian: busta (box, "b."), fascicolo ("fasc.") and sottofascicolo,
    // cartella ("cart.").
    (&["busta"], "box"),
    (&["b"], "box"),
    (&["fascicolo"], "file"),
    (&["fasc"], "file"),
    (&["sottofascicolo"], "subfile"),
    (&["sottofasc"], "subfile"),
    (&["cartella"], "folder"),
    // Spanish: legajo ("leg."), expediente ("exp."), caja, carpeta.
    (&["legajo"], "bundle"),
    (&["leg"], "bundle"),
    (&["expediente"], "file"),
    (&["exp"], "file"),
    (&["caja"], "box"),
    (&["carpeta"], "folder"),
    // French: carton, dossier, liasse.
    (&["carton"], "box"),
    (&["dossier"], "file"),
    (&["liasse"], "bundle"),
];
/// UK: folio abbreviations.
const TNA_EXTRA: &[(&[&str], &str)] = &[(&["f"], "folio"), (&["fo"], "folio")];
/// German: Seite.
const GERMAN: &[(&[&str], &str)] = &[(&["s"], "pages"), (&["bestand"], "bestand")];
/// Hungarian words written after their number ("4. doboz").
const HUNGARIAN: &[(&str, &str)] =
    &[("doboz", "box"), ("tétel", "item"), ("dosszié", "file"), ("csomó", "bundle")];
/// Labels that only announce a value.
const LABELS: &[&[&str]] = &[
    &["call", "number"],
    &["catalogue", "reference"],
    &["catalog", "reference"],
    &["signature"],
    &["reference"],
];

/// UK TNA department codes recognised without the archive being named.
const TNA_DEPTS: &[&str] = &[
    "ADM", "AIR", "AVIA", "AB", "BT", "BW", "CAB", "CO", "CSC", "DEFE", "DO", "DSIR", "ED", "ES", "FCO",
    "FO", "HO", "HS", "HW", "INF", "KV", "LAB", "MAF", "MT", "MH", "OD", "PREM", "SUPP", "WO", "WORK", "DPP",
    "MEPO", "HLG", "POWE", "PIN", "LCO", "TS", "CJ", "EW", "BN", "DEFE",
];

fn extra(system: System) -> &'static [(&'static [&'static str], &'static str)] {
    match system {
        System::Aan | System::Aipn => POLISH,
        System::Tna => TNA_EXTRA,
        System::Barch | System::PaAa => GERMAN,
        System::Generic => GENERIC_EXTRA,
        _ => &[],
    }
}

/// Words a token may be the start of: the token sequence `ws` at `i`, each word
/// optionally followed by a dot. Returns the index after the words.
fn words_at(p: &P, i: usize, ws: &[&str]) -> Option<usize> {
    let mut k = i;
    for w in ws {
        if !p.word_is(k, w) {
            return None;
        }
        k += 1;
        if p.punct(k, '.') {
            k += 1;
        }
    }
    Some(k)
}

/// A level keyword at `i`: its kind and where its value starts.
fn keyword(p: &P, i: usize, system: System) -> Option<(&'static str, usize)> {
    // Every keyword starts with a word: settle most tokens on the first one.
    let first = p.lower(i);
    if first.is_empty() {
        return None;
    }
    for (ws, kind) in KEYWORDS.iter().chain(extra(system)) {
        if ws[0] != first {
            continue;
        }
        let Some(mut k) = words_at(p, i, ws) else { continue };
        let single = ws.len() == 1 && ws[0].chars().count() == 1;
        // "p. 5" is a keyword; "P.N. Haksar" is a pair of initials.
        if single && (!p.punct(i + 1, '.') || (p.is_word(i + 2) && !p.space(i + 2))) {
            continue;
        }
        if p.punct(k, ':') || (p.dash(k) && !p.space(k) && !p.space(k + 1) && p.is_num(k + 1)) {
            k += 1;
        }
        if k < p.len() && (p.is_num(k) || p.is_word(k) || p.punct(k, '"')) {
            return Some((kind, k));
        }
    }
    None
}

/// A label ("Call Number:", "Catalogue Reference:") at `i`: the index after it.
fn label(p: &P, i: usize) -> Option<usize> {
    let first = p.lower(i);
    if first.is_empty() || !LABELS.iter().any(|ws| ws[0] == first) {
        return None;
    }
    LABELS.iter().find_map(|ws| words_at(p, i, ws)).filter(|&k| p.punct(k, ':')).map(|k| k + 1)
}

/// A dot that ends a sentence (not an abbreviation or an initial).
pub fn sentence_end(p: &P, k: usize) -> bool {
    if !p.punct(k, '.') {
        return false;
    }
    if k + 1 >= p.len() {
        return true;
    }
    let prev = p.text(k.wrapping_sub(1));
    let abbrev = [
        "no", "nr", "bl", "bd", "vol", "k", "p", "pp", "s", "f", "ff", "fol", "t", "sygn", "nos", "dr",
        "prof", "cde", "mr", "mrs", "ms", "amb", "st", "jr", "sr", "coll", "inv", "sht", "op", "d", "l",
        "ll",
    ]
    .iter()
    .any(|w| p.word_is(k.wrapping_sub(1), w))
        || (prev.chars().count() == 1 && prev.chars().all(char::is_uppercase));
    p.space(k + 1) && !abbrev && (p.capitalized(k + 1) || p.punct(k + 1, '(') || p.punct(k + 1, '['))
}

/// Cut the text from `i` into fields, up to the end of the sentence.
/// Parentheses and brackets nest ("PRM–9 [1]", "(NSC 5702, 5702/1)"): a comma
/// inside them does not cut, and a closing one without its opening ends the
/// reference ("(Ibid., 611.61/12–358)").
fn fields(p: &P, i: usize, system: System) -> Vec<Field> {
    let mut out = Vec::new();
    let mut a = i;
    let mut depth = 0i32;
    let mut k = i;
    // Fields cut at semicolons so far: where a reference ends when an "ibid."
    // later starts another ("..., Box 62, X; and Memorandum ..., ibid., Y").
    let mut before_semicolon: Option<usize> = None;
    while k < p.len() {
        if k > i && p.word_is(k, "ibid") && p.punct(k + 1, '.') {
            // "Ibid." repeats a reference: it is never a level of this one.
            if let Some(n) = before_semicolon {
                out.truncate(n);
            }
            return out;
        }
        if p.punct(k, '(') || p.punct(k, '[') {
            depth += 1;
        } else if p.punct(k, ')') || p.punct(k, ']') {
            depth -= 1;
        }
        let cut_here = depth <= 0
            && (p.punct(k, ',')
                || p.punct(k, ';')
                || (p.punct(k, '—') && keyword(p, k + 1, system).is_some())
                || (p.is_num(k.wrapping_sub(1)) && k > a && keyword(p, k, system).is_some()));
        if sentence_end(p, k) || depth < 0 {
            break;
        }
        if cut_here {
            if k > a {
                out.push(Field { a, b: k });
            }
            if p.punct(k, ';') {
                before_semicolon = Some(out.len());
            }
            let consumed = !(p.is_word(k) || p.is_num(k));
            a = if consumed { k + 1 } else { k };
        }
        k += 1;
    }
    if k > a {
        out.push(Field { a, b: k });
    }
    out
}

/// True when a field is a year or year range ("1977-1981", "1967–69").
fn is_years(p: &P, f: Field) -> bool {
    let n = f.b - f.a;
    let y = |k: usize| p.is_num(k) && p.text(k).len() == 4;
    (n == 1 && y(f.a)) || (n == 3 && y(f.a) && p.dash(f.a + 1) && p.is_num(f.a + 2))
}

/// True when a field is only dates: numbers, month names, and the slashes,
/// dots and dashes between them ("10/69–5/70", "1 July–November 30", "6/70–Dec 70").
fn is_dates(p: &P, f: Field) -> bool {
    const MONTHS: &[&str] = &[
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
    ];
    let month = |k: usize| MONTHS.iter().any(|m| p.word_is(k, m));
    (f.a..f.b).all(|k| p.is_num(k) || month(k) || p.dash(k) || p.punct(k, '/') || p.punct(k, '.'))
        && (p.is_num(f.a) || month(f.a))
}

/// True when the field is only a number or a range of numbers.
fn is_numeric(p: &P, f: Field) -> bool {
    (f.a..f.b).all(|k| p.is_num(k) || p.dash(k) || p.punct(k, ',')) && p.is_num(f.a)
}

/// Collected levels and how many fields were used.
struct Out<'p, 'a> {
    p: &'p P<'a>,
    levels: Vec<Level>,
    used: usize,
}

impl Out<'_, '_> {
    fn push(&mut self, kind: &str, a: usize, b: usize) {
        let mut v = norm_value(self.p.span(a, b));
        // norm_value leaves no space at the start; trailing separators go.
        v.truncate(v.trim_end_matches([':', ',', ';']).trim_end().len());
        if let (Ok(kind), Ok(value)) = (kind.parse::<LevelKind>(), NonEmpty::try_from(v)) {
            self.levels.push(Level { kind, value });
        }
    }

    fn has(&self, kind: &str) -> bool {
        self.levels.iter().any(|l| l.kind.as_str() == kind)
    }

    /// Push a plain field, gluing following year fields onto it
    /// ("Records of ..., 1977-1981"). Returns the next field index.
    fn push_glued(&mut self, kind: &str, fs: &[Field], n: usize) -> usize {
        let mut m = n + 1;
        while m < fs.len() && is_years(self.p, fs[m]) {
            m += 1;
        }
        self.push(kind, fs[n].a, fs[m - 1].b);
        m
    }
}

impl Out<'_, '_> {
    /// Push a title that runs on over every following field up to the next
    /// level word ("Travel Controls (Gen.), Jan-Dec. 1968"). Returns the next
    /// field index.
    fn push_run(&mut self, kind: &str, fs: &[Field], n: usize, system: System) -> usize {
        let mut m = n + 1;
        while m < fs.len()
            && keyword(self.p, fs[m].a, system).is_none()
            && inner_label(self.p, fs[m]).is_none()
        {
            m += 1;
        }
        self.push(kind, fs[n].a, fs[m - 1].b);
        m
    }
}

/// A keyword field at `n`, with the dates a volume's label goes on with
/// ("Vol. II, 10/69–5/70"). Returns the next field index.
fn keyword_run(o: &mut Out, fs: &[Field], n: usize, system: System) -> Option<usize> {
    let f = fs[n];
    let (kind, v) = keyword(o.p, f.a, system).filter(|&(_, v)| v < f.b)?;
    let mut m = n + 1;
    if kind == "volume" {
        while m < fs.len() && is_dates(o.p, fs[m]) {
            m += 1;
        }
    }
    o.push(kind, v, fs[m - 1].b);
    Some(m)
}

/// A label inside a field that starts a numbered level after a title:
/// "Presidential Correspondence: Lot 77 D 163", "DCI Files: Job 85-00664R",
/// "OSD Files: FRC 77-131". Returns the label's index.
fn inner_label(p: &P, f: Field) -> Option<usize> {
    (f.a + 1..f.b).find(|&k| {
        ["lot", "job", "frc"].iter().any(|w| p.word_is(k, w))
            && (p.is_num(k + 1) || (p.dash(k + 1) && p.is_num(k + 2)))
            && p.capitalized(k)
    })
}

/// Push a field that holds a title and a labelled number ("X: Lot 77 D 163"):
/// the title as `kind`, the number as its keyword's level.
fn push_labelled(o: &mut Out, f: Field, k: usize, kind: &str) {
    if k > f.a {
        o.push(kind, f.a, k);
    }
    keyword_field(o, Field { a: k, b: f.b }, System::Generic);
}

/// Read the levels of `system` from token `i`. Returns the levels and the token
/// index after the last field used.
pub fn read(system: System, p: &P, i: usize) -> (Vec<Level>, usize) {
    let fs = fields(p, i, system);
    let mut o = Out { p, levels: Vec::new(), used: 0 };
    match system {
        System::Tna => tna(&mut o, &fs, system),
        // Without a record group, NARA holdings are named papers and files
        // ("Nixon Presidential Materials, NSC Files, Box 1").
        System::Nara if fs.first().is_some_and(|f| keyword(p, f.a, system).is_none()) => papers(&mut o, &fs),
        System::Nara => nara(&mut o, &fs),
        System::Dos => dos(&mut o, &fs),
        System::Barch => barch(&mut o, &fs),
        System::PaAa => paaa(&mut o, &fs),
        System::PrcFma => prc(&mut o, &fs),
        System::Mol => mol(&mut o, &fs),
        System::Aan => polish(&mut o, &fs, &["fonds", "call-number"], system),
        System::Aipn => polish(&mut o, &fs, &["call-number"], system),
        System::Papers => papers(&mut o, &fs),
        System::Generic | System::Russian => generic(&mut o, &fs, system),
    }
    let end = if o.used == 0 { i } else { fs[o.used - 1].b };
    (o.levels, end)
}

/// A keyword field: push it and return true.
fn keyword_field(o: &mut Out, f: Field, system: System) -> bool {
    match keyword(o.p, f.a, system) {
        Some((kind, v)) if v < f.b => {
            o.push(kind, v, f.b);
            true
        }
        _ => false,
    }
}

/// The start of a field after any label ("Catalogue Reference:").
fn after_label(p: &P, f: Field) -> usize {
    label(p, f.a).filter(|&k| k < f.b).unwrap_or(f.a)
}

/// A TNA reference at `a`: department, series and piece, written "FO 371/12345",
/// "CAB/128/5", "FCO21-1234" or "FO371-12345". Returns the series and piece starts.
fn tna_code(p: &P, a: usize, b: usize) -> Option<(usize, usize)> {
    let caps = p.is_word(a) && p.text(a).chars().all(|c| c.is_ascii_uppercase()) && p.text(a).len() <= 5;
    let s = if p.punct(a + 1, '/') { a + 2 } else { a + 1 };
    let sep = |k: usize| p.punct(k, '/') || (p.dash(k) && !p.space(k) && !p.space(k + 1));
    (caps && p.is_num(s) && sep(s + 1) && s + 2 < b && p.is_num(s + 2)).then_some((s, s + 2))
}

fn tna(o: &mut Out, fs: &[Field], system: System) {
    let Some(&f) = fs.first() else { return };
    let p = o.p;
    let a = after_label(p, f);
    let Some((s, piece)) = tna_code(p, a, f.b) else { return };
    o.push("department", a, a + 1);
    o.push("series", s, s + 1);
    o.push("piece", piece, f.b);
    o.used = 1;
    while o.used < fs.len() {
        let g = fs[o.used];
        if keyword_field(o, g, system) {
        } else if registry_file(p, g) && !o.has("file") {
            // "FO 371/116074, VJ 1051/1": the department's own file number.
            o.push("file", g.a, g.b);
        } else {
            break;
        }
        o.used += 1;
    }
}

/// A registry file number of a department, the field whole: letters in
/// capitals and slashed numbers ("VJ 1051/1", "F 1234/5/10", "NS 1023/12").
fn registry_file(p: &P, f: Field) -> bool {
    let w = p.text(f.a);
    let letters = p.is_word(f.a) && (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
    letters
        && p.is_num(f.a + 1)
        && (f.a + 2..f.b).any(|k| p.punct(k, '/'))
        && (f.a + 1..f.b).all(|k| p.is_num(k) || p.punct(k, '/'))
        && (f.a + 2..f.b).all(|k| !p.space(k))
}

/// Named papers and office files (presidential libraries, the Library of
/// Congress, university archives): the collection, then the series down to the
/// box, the box, and the folder after it; a code with numbers ("THCR 2/11/4")
/// is the collection's own reference. A title after a numbered folder is the
/// folder's title.
fn papers(o: &mut Out, fs: &[Field]) {
    let p = o.p;
    let sys = System::Papers;
    let mut n = 0;
    let mut series: Option<(usize, usize)> = None;
    // The series is pushed when the next level starts, so levels keep the order written.
    let flush = |o: &mut Out, series: &mut Option<(usize, usize)>| {
        if let Some((a, b)) = series.take() {
            o.push("series", a, b);
        }
    };
    while n < fs.len() {
        let f = fs[n];
        let numbered_folder = o.levels.last().is_some_and(|l| {
            l.kind.as_str() == "folder" && l.value.as_str().bytes().all(|b| b.is_ascii_digit())
        });
        if library_number(p, f) {
            flush(o, &mut series);
            o.push("nlr", f.a, f.b);
            n += 1;
        } else if let Some(code_end) = papers_code(p, f) {
            o.push("fonds", f.a, code_end);
            o.push("file", code_end, f.b);
            n += 1;
        } else if let Some(k) = inner_label(p, f) {
            // "DCI Files: Job 85-00664R", "OSD Files: FRC 330–81–0202".
            if o.levels.is_empty() && series.is_none() {
                push_labelled(o, f, k, "collection");
            } else {
                series = Some((series.map_or(f.a, |(a, _)| a), k));
                flush(o, &mut series);
                keyword_field(o, Field { a: k, b: f.b }, sys);
            }
            n += 1;
        } else if !p.word_is(f.a, "country") && keyword(p, f.a, sys).is_some_and(|(_, v)| v < f.b) {
            flush(o, &mut series);
            match keyword_run(o, fs, n, sys) {
                Some(m) => n = m,
                None => break,
            }
        } else if numbered_folder && !o.has("folder-title") {
            n = o.push_run("folder-title", fs, n, sys);
        } else if ["box", "lot-file", "accession"].iter().any(|k| o.has(k)) && !o.has("folder") {
            // The folder title runs on to the next level word or the end.
            n = o.push_run("folder", fs, n, sys);
        } else if o.levels.is_empty() && series.is_none() && !is_years(p, f) {
            o.push("collection", f.a, f.b);
            n += 1;
        } else if !o.has("box") && !o.has("folder") && (o.has("collection") || o.has("job")) {
            series = Some((series.map_or(f.a, |(a, _)| a), f.b));
            n += 1;
        } else {
            break;
        }
        o.used = n;
    }
    if series.is_some() {
        // A series with no box after it still names where the papers are.
        flush(o, &mut series);
        o.used = n;
    }
}

/// A presidential library's document number, the field whole: "NLR–775–27A–8–2–1"
/// (Reagan Library), "NLC-133-46-4-9-9" (Carter Library's remote archives
/// capture), "NLJ-…" (Johnson Library): "NL", the library's letter, and
/// hyphen-joined numbers written without spaces.
fn library_number(p: &P, f: Field) -> bool {
    let w = p.text(f.a);
    let prefix = w.len() == 3 && w.starts_with("NL") && w.bytes().all(|b| b.is_ascii_uppercase());
    prefix
        && p.dash(f.a + 1)
        && p.is_num(f.a + 2)
        && compact_end(p, f.a) == f.b
        && (f.a + 1..f.b).all(|k| !p.space(k))
}

/// "THCR 2/11/4", "CHAR 20/1/2": a collection code and a slashed number.
/// Returns the end of the code.
fn papers_code(p: &P, f: Field) -> Option<usize> {
    let w = p.text(f.a);
    let caps = p.is_word(f.a) && w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase());
    let slashed = (f.a + 1..f.b).all(|k| p.is_num(k) || p.punct(k, '/') || p.dash(k))
        && (f.a + 1..f.b).any(|k| p.punct(k, '/'))
        && p.is_num(f.a + 1);
    (caps && slashed).then_some(f.a + 1)
}

fn nara(o: &mut Out, fs: &[Field]) {
    let p = o.p;
    let sys = System::Nara;
    let mut n = 0;
    while n < fs.len() {
        let f = fs[n];
        if keyword(p, f.a, sys).is_some_and(|(_, v)| v < f.b) {
            match keyword_run(o, fs, n, sys) {
                Some(m) => n = m,
                None => break,
            }
        } else if !o.has("record-group") {
            break;
        } else if !o.has("series") {
            n = nara_series(o, fs, n);
        } else if ["box", "lot-file", "accession"].iter().any(|k| o.has(k)) && !o.has("folder") {
            n = o.push_run("folder", fs, n, sys);
        } else if !o.has("box") && !o.has("file") {
            n = o.push_glued("file", fs, n);
        } else {
            break;
        }
        o.used = n;
    }
}

/// The series after a record group: it runs on to a box, lot file or
/// accession written after it ("Executive Secretariat, Files on ..., 1969–70,
/// Lot 80D212"; "Presidential Correspondence: Lot 77 D 163"), else it is one
/// field and its years. Returns the next field index.
fn nara_series(o: &mut Out, fs: &[Field], n: usize) -> usize {
    let p = o.p;
    let stop = (n..fs.len()).find(|&m| {
        inner_label(p, fs[m]).is_some()
            || keyword(p, fs[m].a, System::Nara)
                .is_some_and(|(k, _)| ["box", "lot-file", "accession"].contains(&k))
    });
    match stop {
        Some(m) => match inner_label(p, fs[m]) {
            Some(k) => {
                o.push("series", fs[n].a, k);
                keyword_field(o, Field { a: k, b: fs[m].b }, System::Nara);
                m + 1
            }
            None if m > n => {
                o.push("series", fs[n].a, fs[m - 1].b);
                m
            }
            None => n,
        },
        None => o.push_glued("series", fs, n),
    }
}

/// The Department of State's files: the collection, the series down to a lot
/// file, the lot file and the folder after it; in the central files, the
/// decimal or subject-numeric file ("Central Files, POL 27–14 LAOS") or the
/// electronic telegram ("Central Foreign Policy File, D820421–1039").
fn dos(o: &mut Out, fs: &[Field]) {
    let p = o.p;
    let sys = System::Dos;
    let lot = fs.iter().position(|&f| inner_label(p, f).is_some() || p.word_is(f.a, "lot"));
    let telegram_ahead = |n: usize| fs[n..].iter().any(|&g| telegram(p, g));
    let mut n = 0;
    while n < fs.len() {
        let f = fs[n];
        let central = o.levels.first().is_some_and(|l| {
            let v = l.value.as_str();
            l.kind.as_str() == "collection" && v.starts_with("Central") && v.contains("File")
        });
        if lot == Some(n) {
            match inner_label(p, f) {
                Some(k) => push_labelled(o, f, k, if o.levels.is_empty() { "collection" } else { "series" }),
                None => {
                    keyword_field(o, f, sys);
                }
            }
            n += 1;
        } else if o.levels.is_empty() {
            match central_files_end(p, f) {
                // "Central Files POL CHICOM-US": the comma left out.
                Some(k) if k < f.b => {
                    o.push("collection", f.a, k);
                    o.push("file", k, f.b);
                    n += 1;
                }
                _ => n = o.push_glued("collection", fs, n),
            }
        } else if let Some(m) = lot.filter(|&m| n < m) {
            // Between the collection and the lot file: the series.
            match inner_label(p, fs[m]) {
                Some(k) => {
                    o.push("series", f.a, k);
                    keyword_field(o, Field { a: k, b: fs[m].b }, sys);
                    n = m + 1;
                }
                None => {
                    o.push("series", f.a, fs[m - 1].b);
                    n = m;
                }
            }
        } else if let Some(m) = keyword_run(o, fs, n, sys) {
            n = m;
        } else if lot == Some(0) && o.levels.len() == 1 && fs[n..].iter().any(|&g| p.word_is(g.a, "box")) {
            // "Lot 90D397, Ambassador Nitze's Personal Files 1953, 1972–1989, Box 4":
            // the lot file's title, written after it.
            n = o.push_run("collection", fs, n, sys);
        } else if decimal_end(p, f.a) == Some(f.b)
            || telegram(p, f)
            || (subject_file(p, f) && !o.has("file"))
            || (central && !o.has("file") && !telegram_ahead(n))
        {
            o.push("file", f.a, f.b);
            n += 1;
        } else if central && !o.has("file") && !o.has("series") {
            o.push("series", f.a, f.b);
            n += 1;
        } else if !o.has("folder") {
            n = o.push_run("folder", fs, n, sys);
        } else {
            break;
        }
        o.used = n;
    }
}

/// The end of "Central Files" or "Central Foreign Policy File(s)" at the start
/// of a field.
fn central_files_end(p: &P, f: Field) -> Option<usize> {
    let files = |k: usize| p.word_is(k, "files") || p.word_is(k, "file");
    if !p.word_is(f.a, "central") {
        return None;
    }
    if files(f.a + 1) {
        Some(f.a + 2)
    } else if p.word_is(f.a + 1, "foreign") && p.word_is(f.a + 2, "policy") && files(f.a + 3) {
        Some(f.a + 4)
    } else {
        None
    }
}

/// An electronic telegram's document number: "D820421–1039".
fn telegram(p: &P, f: Field) -> bool {
    f.b == f.a + 4
        && p.is_word(f.a)
        && p.text(f.a).len() == 1
        && p.text(f.a).chars().all(|c| c.is_ascii_uppercase())
        && p.is_num(f.a + 1)
        && p.text(f.a + 1).len() >= 6
        && !p.space(f.a + 1)
        && p.dash(f.a + 2)
        && p.is_num(f.a + 3)
}

fn barch(o: &mut Out, fs: &[Field]) {
    let p = o.p;
    let Some(&f) = fs.first() else { return };
    let code =
        p.is_word(f.a) && p.text(f.a).len() <= 4 && p.text(f.a).chars().all(|c| c.is_ascii_uppercase());
    let slash = top_level_slash(p, f).filter(|_| code && p.is_num(f.a + 1));
    if fs.iter().skip(1).any(|g| p.word_is(g.a, "film")) {
        o.push("title", f.a, f.b);
    } else if let Some(s) = slash {
        let open = (f.a..s).find(|&k| p.punct(k, '('));
        match open {
            Some(op) => {
                o.push("bestand", f.a, op);
                o.push("bestand-title", op + 1, s - 1);
            }
            None => o.push("bestand", f.a, s),
        }
        o.push("signatur", s + 1, f.b);
    } else if code && p.is_num(f.a + 1) {
        o.push("bestand", f.a, f.b);
    } else {
        return;
    }
    o.used = 1;
    for &g in &fs[1..] {
        if keyword_field(o, g, System::Barch) {
        } else if is_numeric(p, g) {
            o.push("pages", g.a, g.b);
        } else if !o.has("signatur") && o.has("bestand") {
            o.push("signatur", g.a, g.b);
        } else {
            break;
        }
        o.used += 1;
    }
}

/// The index of a '/' outside parentheses in a field.
fn top_level_slash(p: &P, f: Field) -> Option<usize> {
    let mut depth = 0;
    (f.a..f.b).find(|&k| {
        if p.punct(k, '(') {
            depth += 1;
        } else if p.punct(k, ')') {
            depth -= 1;
        }
        depth == 0 && p.punct(k, '/') && k > f.a
    })
}

fn paaa(o: &mut Out, fs: &[Field]) {
    let p = o.p;
    for &f in fs {
        let r_number = p.word_is(f.a, "r") && p.is_num(f.a + 1) && p.text(f.a + 1).len() >= 5;
        if keyword_field(o, f, System::PaAa) {
        } else if o.levels.is_empty() && !r_number {
            o.push("bestand", f.a, f.b);
        } else if !o.has("signatur") {
            o.push("signatur", f.a, f.b);
        } else if is_numeric(p, f) && !o.has("pages") {
            o.push("pages", f.a, f.b);
        } else {
            break;
        }
        o.used += 1;
    }
}

fn prc(o: &mut Out, fs: &[Field]) {
    let p = o.p;
    for &f in fs {
        if o.levels.is_empty() && p.is_num(f.a) {
            o.push("file", f.a, f.b);
        } else if keyword_field(o, f, System::PrcFma) {
            // "file 109-00975-01".
        } else if o.levels.is_empty() {
            break;
        } else if is_numeric(p, f) && !o.has("pages") {
            o.push("pages", f.a, f.b);
        } else {
            break;
        }
        o.used += 1;
    }
}

fn mol(o: &mut Out, fs: &[Field]) {
    let p = o.p;
    for (n, &f) in fs.iter().enumerate() {
        let postfix = HUNGARIAN.iter().find(|(w, _)| p.punct(f.a + 1, '.') && p.word_is(f.a + 2, w));
        if n == 0 {
            let code_end = (f.a + 1..=f.b).find(|&k| p.space(k) || k == f.b).unwrap_or(f.b);
            o.push("fonds", f.a, code_end);
            if code_end < f.b {
                o.push("country", code_end, f.b);
            }
        } else if let Some((_, kind)) = postfix.filter(|_| p.is_num(f.a) && f.b == f.a + 3) {
            o.push(kind, f.a, f.a + 1);
        } else if n == 1 && !o.has("country") && p.capitalized(f.a) && (f.a..f.b).all(|k| p.is_word(k)) {
            // "XIX-J-1-j, Korea, 1955": the country written as a field of its own.
            o.push("country", f.a, f.b);
        } else if keyword_field(o, f, System::Mol) {
        } else if is_years(p, f) && !o.has("year") && !o.has("box") && !o.has("item") {
            // "XIX-J-1-j Korea, 1955, 5. doboz": the year of the files.
            o.push("year", f.a, f.b);
        } else if !o.has("item") {
            o.push("item", f.a, f.b);
        } else if !o.has("file") {
            o.push("file", f.a, f.b);
        } else {
            break;
        }
        o.used += 1;
    }
}

fn polish(o: &mut Out, fs: &[Field], plain: &[&str], system: System) {
    for &f in fs {
        let a = after_label(o.p, f);
        if keyword_field(o, Field { a, b: f.b }, system) {
        } else if let Some(kind) = plain.iter().find(|k| !o.has(k)) {
            o.push(kind, a, f.b);
        } else {
            break;
        }
        o.used += 1;
    }
}

fn generic(o: &mut Out, fs: &[Field], system: System) {
    let p = o.p;
    for (n, &f) in fs.iter().enumerate() {
        if n < o.used {
            // Taken already by a run of named fields.
            continue;
        }
        // A titled level inside a field after the collection: "Subject File 45".
        let titled = (f.a + 1..f.b).find_map(|k| keyword(p, k, system).filter(|&(_, v)| v < f.b));
        let kw = keyword(p, f.a, system).filter(|&(_, v)| v < f.b);
        let next_is_level = fs.get(n + 1).is_some_and(|g| keyword(p, g.a, system).is_some());
        let below_fond = ["file", "volume", "item", "box", "folio"].iter().any(|k| o.has(k));
        if kw.is_some_and(|(k, _)| k == "folio") && p.word_is(f.a, "f") && !below_fond && !o.has("fonds") {
            // "Archiv ÚV KSČ, f. 02/1, sv. 45": "f." before any lower level is the fond.
            o.push("fond", kw.map_or(f.a, |(_, v)| v), f.b);
        } else if keyword_field(o, f, system) {
        } else if o.levels.is_empty() && next_is_level && plain_title(p, f) {
            // "Ministry of External Affairs, File No. 12": a named body of records.
            o.push("collection", f.a, f.b);
        } else if let Some(upto) = named_run(p, &fs[n..], system).filter(|_| o.levels.is_empty()) {
            // "PCM, Gabinetto, 1955-1958, b. 12": named bodies of records and
            // their years before the first level word: the first is the
            // collection, the rest its series.
            o.push("collection", f.a, f.b);
            if upto > 1 {
                o.push("series", fs[n + 1].a, fs[n + upto - 1].b);
            }
            o.used += upto;
            continue;
        } else if o.levels.is_empty() && decimal_end(p, f.a) == Some(f.b) {
            o.push("file", f.a, f.b);
        } else if o.levels.is_empty() && is_collection(p, f) {
            o.push("collection", f.a, f.b);
        } else if let Some((kind, _)) = titled.filter(|_| o.has("collection")) {
            o.push(kind, f.a, f.b);
        } else if romanian(o, f) {
        } else if let Some(end) = call_number(p, f).filter(|_| system == System::Generic) {
            // An archive's own code, named by no level word: an Australian
            // series and control symbol ("A1838, 3107/38 Part 1"), a Czech
            // fond ("KSČ-ÚV-02/1").
            o.push("call-number", f.a, end);
            if end < f.b {
                o.push("part", end + 1, f.b);
            }
        } else {
            break;
        }
        o.used += 1;
    }
}

/// Fields that name bodies of records (capitalised words, perhaps ending in
/// years: "Europe 1944-1960") or give years, one to four of them, up to the
/// first field that opens with a level word: how many fields before it.
fn named_run(p: &P, fs: &[Field], system: System) -> Option<usize> {
    let level_at = fs.iter().take(5).position(|f| keyword(p, f.a, system).is_some_and(|(_, v)| v < f.b))?;
    let named = |f: &Field| {
        let digits = (f.a..f.b).find(|&k| p.is_num(k)).unwrap_or(f.b);
        let words = p.capitalized(f.a)
            && (f.a..digits).all(|k| p.is_word(k) || p.punct(k, '\'') || p.punct(k, '’') || p.punct(k, '-'));
        words && (digits == f.b || is_years(p, Field { a: digits, b: f.b }))
    };
    let fields = &fs[..level_at];
    let ok = (1..=4).contains(&fields.len())
        && named(&fields[0])
        && fields.iter().all(|f| named(f) || is_years(p, *f));
    ok.then_some(level_at)
}

/// A field that is one code written without spaces and holding a digit,
/// optionally followed by "Part N". Returns the code's end.
fn call_number(p: &P, f: Field) -> Option<usize> {
    let end = compact_end(p, f.a).min(f.b);
    let digit = (f.a..end).any(|k| p.text(k).chars().any(|c| c.is_ascii_digit()));
    let part = end + 2 == f.b && p.word_is(end, "part") && p.is_num(end + 1);
    (digit && (end == f.b || part)).then_some(end)
}

/// Capitalised words (and the small words between them) with no number: the
/// name of a body of records ("Ministry of External Affairs", "Archiv ÚV KSČ").
fn plain_title(p: &P, f: Field) -> bool {
    const SMALL: &[&str] = &["of", "the", "and", "for", "de", "des", "der", "al", "ale", "a", "i"];
    p.capitalized(f.a)
        && f.b - f.a >= 2
        && (f.a..f.b).all(|k| {
            p.capitalized(k) || SMALL.iter().any(|w| p.word_is(k, w)) || p.punct(k, '’') || p.punct(k, '\'')
        })
}

/// The Romanian foreign ministry's files: a named fond ("fond Telegrame"),
/// the post's series ("Phenian"), the year, and leaves ("f. 12", filă).
fn romanian(o: &mut Out, f: Field) -> bool {
    let p = o.p;
    if o.levels.is_empty() && p.word_is(f.a, "fond") && f.b > f.a + 1 && p.capitalized(f.a + 1) {
        o.push("fonds", f.a + 1, f.b);
    } else if !o.has("fonds") {
        return false;
    } else if p.word_is(f.a, "f") && p.punct(f.a + 1, '.') && p.is_num(f.a + 2) {
        o.push("folio", f.a + 2, f.b);
    } else if is_years(p, f) && !o.has("year") {
        o.push("year", f.a, f.b);
    } else if p.capitalized(f.a) && f.b == f.a + 1 && !o.has("series") && !o.has("year") {
        o.push("series", f.a, f.b);
    } else if plain_title(p, f) && o.levels.len() == 1 && !o.has("series") {
        // "fond CC al PCR, Secţia Relaţii Externe, dosar 12/1965": a section.
        o.push("series", f.a, f.b);
    } else {
        return false;
    }
    true
}

/// A subject-numeric file of the Department of State's central files:
/// "POL 15-1 USSR", "DEF 12 CHICOM", "POL 7 US/VANCE".
fn subject_file(p: &P, f: Field) -> bool {
    let w = p.text(f.a);
    p.is_word(f.a)
        && (2..=4).contains(&w.len())
        && w.chars().all(|c| c.is_ascii_uppercase())
        && p.is_num(f.a + 1)
        && (f.a + 2..f.b).all(|k| !p.is_word(k) || p.text(k).chars().all(|c| c.is_uppercase()))
}

/// A named collection of personal or office papers: title-case words ending in
/// "Papers", "Collection", "Records" or "Files" ("Dmitrii Volkogonov Papers").
fn is_collection(p: &P, f: Field) -> bool {
    const LAST: &[&str] = &["papers", "collection", "records", "files"];
    let last = f.b - 1;
    f.b - f.a >= 2
        && LAST.iter().any(|w| p.word_is(last, w))
        && (f.a..last).all(|k| p.capitalized(k) || p.punct(k, '.') || p.punct(k, '’') || p.punct(k, '\''))
}

/// The end of a run of tokens written without spaces, stopping at field punctuation.
fn compact_end(p: &P, i: usize) -> usize {
    let mut k = i + 1;
    while k < p.len() && !p.space(k) {
        let stop = [',', ';', '(', ')', '[', ']'].iter().any(|&c| p.punct(k, c))
            || (p.punct(k, '.') && (p.space(k + 1) || k + 1 >= p.len()));
        if stop {
            break;
        }
        k += 1;
    }
    k
}

/// A US State Department decimal file number at `i`: "795.00/7-2750", with a
/// country letter ("751G.00/3-2462", "795B.5–MSP/3–3055"), or a class without
/// a decimal point ("320/6–2457"). Returns its end.
pub fn decimal_end(p: &P, i: usize) -> Option<usize> {
    if !(p.is_num(i) && p.text(i).len() == 3) {
        return None;
    }
    let mut k = i + 1;
    let letter = p.is_word(k) && p.text(k).len() == 1 && p.text(k).bytes().all(|b| b.is_ascii_uppercase());
    if letter && !p.space(k) {
        k += 1;
    }
    let dotted = p.punct(k, '.') && p.is_num(k + 1) && !p.space(k);
    let dated = p.punct(k, '/') && p.is_num(k + 1) && p.dash(k + 2) && p.is_num(k + 3) && !p.space(k);
    if !(dotted || dated) {
        return None;
    }
    let end = compact_end(p, i);
    let has_slash = (i..end).any(|k| p.punct(k, '/'));
    (has_slash && p.is_num(end - 1)).then_some(end)
}

/// "Ibid.," and the levels after it (a lot file, a box and folder): a reference
/// to the archive of the one before, which the line does not name.
///
/// A lone title after it ("Ibid., EA Weekly Meetings, 1968"; "ibid., January–April
/// 1973 (1 of 2)") takes the place of the innermost titled level of the
/// reference before it in the line (`prev`), whose archive and collection it
/// repeats: a folder after a folder, a series after a series. With no reference
/// before it, the title is a series: "Ibid." repeats at least the collection.
pub fn ibid(p: &P, i: usize, prev: Option<&[Level]>) -> Option<(Vec<Level>, usize)> {
    if !(p.word_is(i, "ibid") && p.punct(i + 1, '.') && p.punct(i + 2, ',')) {
        return None;
    }
    // "ibid., POL 27 VIET S": a subject-numeric file of the central files.
    let fs = fields(p, i + 3, System::Papers);
    if let [f] = fs[..] {
        if subject_file(p, f) {
            let mut o = Out { p, levels: Vec::new(), used: 0 };
            o.push("file", f.a, f.b);
            return Some((o.levels, f.b));
        }
    }
    if let Some((a, b)) = lone_title(p, i + 3) {
        const TITLED: &[&str] = &["folder", "series", "file", "collection"];
        let kind = prev
            .and_then(|lv| lv.iter().rev().map(|l| l.kind.as_str()).find(|k| TITLED.contains(k)))
            .filter(|&k| k != "collection")
            .unwrap_or("series");
        let mut o = Out { p, levels: Vec::new(), used: 0 };
        o.push(kind, a, b);
        return Some((o.levels, b));
    }
    // "Ibid., 611.61/12–358" is a decimal file, read where the notation is.
    let (lv, end) = read(System::Papers, p, i + 3);
    (lv.len() >= 2).then_some((lv, end))
}

/// A title and nothing else up to the end of the reference at `i`: one field
/// with no level word or code in it, and any year fields after it. Its span.
fn lone_title(p: &P, i: usize) -> Option<(usize, usize)> {
    let fs = fields(p, i, System::Papers);
    let (&first, rest) = fs.split_first()?;
    let plain = keyword(p, first.a, System::Papers).is_none()
        && inner_label(p, first).is_none()
        && decimal_end(p, first.a).is_none()
        && papers_code(p, first).is_none()
        && !is_numeric(p, first)
        && p.capitalized(first.a)
        && !(first.a..first.b).any(|k| p.punct(k, ':'));
    (plain && rest.iter().all(|&f| is_years(p, f))).then(|| (first.a, fs[fs.len() - 1].b))
}

/// A reference that names no archive but whose notation gives the system:
/// a TNA department code, "RG 59", an ESA-style slash code, a decimal file,
/// "Finding Aid"/"Accession". Returns the implied system (None: no archive),
/// the levels and the end.
pub fn unnamed(p: &P, i: usize) -> Option<(Option<&'static str>, Vec<Level>, usize)> {
    // Cheap test first: every notation here starts with a capital or a number.
    if !(p.capitalized(i) || (p.is_num(i) && p.t[i].end - p.t[i].start == 3)) {
        return None;
    }
    let a = label(p, i).unwrap_or(i);
    let word = p.text(a);
    let tna_dept = p.is_word(a)
        && word.len() >= 2
        && word.bytes().all(|b| b.is_ascii_uppercase())
        && TNA_DEPTS.contains(&word);
    if tna_dept && tna_code(p, a, p.len()).is_some() {
        return done(Some("TNA"), read(System::Tna, p, i));
    }
    // German: "DY 30/1234" (SED, SAPMO), "NY 4090/123" (personal papers), "DC 20/I/3".
    let sapmo = ["DY", "NY"].contains(&word);
    if (sapmo || word == "DC") && p.is_num(a + 1) && p.punct(a + 2, '/') && !p.space(a + 3) {
        return done(Some(if sapmo { "SAPMO-BArch" } else { "BArch" }), read(System::Barch, p, i));
    }
    let rg = (p.text(i) == "RG" && p.is_num(i + 1))
        || (p.word_is(i, "record") && p.word_is(i + 1, "group") && p.is_num(i + 2));
    if rg {
        return done(Some("NARA"), read(System::Nara, p, i));
    }
    if let Some(end) = decimal_end(p, i) {
        let lv = super::lexer::level(LevelKind::File, p.span(i, end));
        return Some((None, lv.into_iter().collect(), end));
    }
    // Chinese Foreign Ministry file numbers: "109-01234-05", "106-01403-02".
    if prc_file(p, i) {
        return done(Some("PRC FMA"), read(System::PrcFma, p, i));
    }
    if let Some(r) = slash_code(p, i) {
        return Some(r);
    }
    let strong = words_at(p, i, &["finding", "aid"]).is_some() || p.word_is(i, "accession");
    if strong && p.capitalized(i) {
        return done(None, read(System::Generic, p, i));
    }
    None
}

/// "109-01234-05": three, five and two (or so) digits joined by hyphens.
fn prc_file(p: &P, i: usize) -> bool {
    let len = |k: usize| p.t.get(k).map_or(0, |t| t.end - t.start);
    p.is_num(i)
        && len(i) == 3
        && p.dash(i + 1)
        && p.is_num(i + 2)
        && len(i + 2) == 5
        && p.dash(i + 3)
        && p.is_num(i + 4)
        && (1..=3).contains(&len(i + 4))
        && !p.space(i + 1)
        && !p.space(i + 2)
}

fn done(
    sys: Option<&'static str>,
    (lv, end): (Vec<Level>, usize),
) -> Option<(Option<&'static str>, Vec<Level>, usize)> {
    (!lv.is_empty()).then_some((sys, lv, end))
}

/// An archival reference code written with slashes ("ESA/JCB-DRPP/MIN/2"):
/// fonds, series, [subseries,] file.
fn slash_code(p: &P, i: usize) -> Option<(Option<&'static str>, Vec<Level>, usize)> {
    let w = p.text(i);
    if !(p.is_word(i) && w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()) && p.punct(i + 1, '/')) {
        return None;
    }
    let end = compact_end(p, i);
    let text = p.span(i, end);
    let parts: Vec<&str> = text.split('/').collect();
    let kinds: &[&str] = match parts.len() {
        3 => &["fonds", "series", "file"],
        4 => &["fonds", "series", "subseries", "file"],
        5 => &["fonds", "series", "subseries", "subsubseries", "file"],
        _ => return None,
    };
    if parts.iter().any(|s| s.is_empty()) || parts[1].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let lv = kinds.iter().zip(&parts).filter_map(|(k, v)| Level::new(k.parse().ok()?, v)).collect();
    Some((None, lv, end))
}
