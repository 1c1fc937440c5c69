//! The reference parser on real provenance lines collected from public sources
//! (tests/fixtures/refparse/lines.jsonl, sources in SOURCES.md), on lines that
//! name archives nobody registered, and with the registry extended on the
//! command line.

use crate::common::archcite;
use archcite::refparse::parse_line;
use proptest::prelude::*;

const LINES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/refparse/lines.jsonl");
const OPEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/refparse/lines-open.jsonl");

fn rows(path: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).expect("the collection is in the repository");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("collection line is JSON"))
        .collect()
}

#[test]
fn collected_lines_parse() {
    let rows = rows(LINES);
    assert!(rows.len() + self::rows(OPEN).len() >= 300, "the collection holds at least 300 real lines");
    let failures: Vec<String> = rows.iter().filter_map(crate::refparse::check).collect();
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    assert!(failures.is_empty(), "{} of {} collected lines fail (listed above)", failures.len(), rows.len());
}

/// Lines whose reading is known to be open: each still fails, and says why. One
/// that passes has been fixed and belongs in lines.jsonl.
#[test]
fn known_open_lines_are_still_open() {
    for row in rows(OPEN) {
        assert!(row["note"].as_str().is_some_and(|n| !n.is_empty()), "an open line says why: {row}");
        assert!(
            crate::refparse::check(&row).is_some(),
            "now parses as annotated; move it to lines.jsonl: {}",
            row["input"]
        );
    }
}

/// The notations of the issue, each on a line of its own.
#[test]
fn notations_from_the_issue() {
    let levels = |line: &str| -> (Option<String>, Vec<(String, String)>) {
        let p = parse_line(line);
        assert_eq!(p.references.len(), 1, "{line}: {:?}", p.references);
        assert_eq!(p.unparsed, "", "{line}");
        let r = &p.references[0];
        (
            r.repository.as_ref().map(|x| x.label().to_string()),
            r.levels.iter().map(|l| (l.kind.to_string(), l.value.to_string())).collect(),
        )
    };
    let pairs =
        |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
    let fod = |f: &str, o: &str, d: &str| pairs(&[("fond", f), ("opis", o), ("delo", d)]);
    assert_eq!(levels("RGANI 3-12-456"), (Some("RGANI".into()), fod("3", "12", "456")));
    assert_eq!(levels("ГА РФ Р1234 5 67"), (Some("GARF".into()), fod("Р1234", "5", "67")));
    assert_eq!(levels("Ф. 5. Оп. 12- Д. 34-"), (None, fod("5", "12", "34")));
    assert_eq!(
        levels("Coll. 4. Inv. 2. File 88. Sht. 10"),
        (None, pairs(&[("fond", "4"), ("opis", "2"), ("delo", "88"), ("listi", "10")]))
    );
    assert_eq!(
        levels("ЦДАГО України, ф. 1, оп. 23, спр. 1234, арк. 5 зв."),
        (
            Some("TsDAHO".into()),
            pairs(&[("fond", "1"), ("opis", "23"), ("delo", "1234"), ("listi", "5 зв.")])
        )
    );
    assert_eq!(
        levels("РГАСПИ. Ф. 17 (ЦК ВКП(б)). Оп. 3. Ч. 2. Д. 45 (Переписка с посольством). Л. 1-3."),
        (
            Some("RGASPI".into()),
            pairs(&[
                ("fond", "17"),
                ("fond-title", "ЦК ВКП(б)"),
                ("opis", "3"),
                ("part", "2"),
                ("delo", "45"),
                ("delo-title", "Переписка с посольством"),
                ("listi", "1-3")
            ])
        )
    );
    let tna = |d: &str, s: &str, p: &str| pairs(&[("department", d), ("series", s), ("piece", p)]);
    assert_eq!(levels("FO371-12345"), (Some("TNA".into()), tna("FO", "371", "12345")));
    assert_eq!(levels("FCO21-1234"), (Some("TNA".into()), tna("FCO", "21", "1234")));
    assert_eq!(levels("PREM 13/1234"), (Some("TNA".into()), tna("PREM", "13", "1234")));
    assert_eq!(
        levels("DY 30/1234"),
        (Some("SAPMO-BArch".into()), pairs(&[("bestand", "DY 30"), ("signatur", "1234")]))
    );
    assert_eq!(levels("109-01234-05"), (Some("PRC FMA".into()), pairs(&[("file", "109-01234-05")])));
    assert_eq!(
        levels("Churchill Archives Centre, THCR 2/11/4"),
        (Some("CAC".into()), pairs(&[("fonds", "THCR"), ("file", "2/11/4")]))
    );
    assert_eq!(
        levels("Department of State, Central Files, POL 15-1 USSR"),
        (Some("DOS".into()), pairs(&[("collection", "Central Files"), ("file", "POL 15-1 USSR")]))
    );
    assert_eq!(
        levels("Arhiva MAE, fond Telegrame, Phenian, 1967, f. 12"),
        (
            Some("AMAE".into()),
            pairs(&[("fonds", "Telegrame"), ("series", "Phenian"), ("year", "1967"), ("folio", "12")])
        )
    );
    assert_eq!(
        levels("Nehru Memorial Museum and Library, P.N. Haksar Papers, Subject File 45"),
        (Some("NMML".into()), pairs(&[("collection", "P.N. Haksar Papers"), ("file", "Subject File 45")]))
    );
    assert_eq!(
        levels("Department of State, Lot 64 D 199"),
        (Some("DOS".into()), pairs(&[("lot-file", "64 D 199")]))
    );
}

/// A reference as its repository label and its (kind, value) levels.
type Shape = (Option<String>, Vec<(String, String)>);

/// Level kinds a reference takes from its context or from words of its own.
#[test]
fn levels_read_from_context() {
    let shape = |line: &str| -> Vec<Shape> {
        parse_line(line)
            .references
            .iter()
            .map(|r| {
                (
                    r.repository.as_ref().map(|x| x.label().to_string()),
                    r.levels.iter().map(|l| (l.kind.to_string(), l.value.to_string())).collect(),
                )
            })
            .collect()
    };
    let pairs =
        |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
    // A lone title after "Ibid." takes the kind of the innermost titled level before it.
    let two = shape("Carter Library, Plains File, Box 5, USSR (General); ibid., Poland (General)");
    assert_eq!(two.len(), 2, "{two:?}");
    assert_eq!(two[1], (None, pairs(&[("folder", "Poland (General)")])));
    assert_eq!(
        shape("(Ibid., Policy Planning Files, 1969)"),
        vec![(None, pairs(&[("series", "Policy Planning Files, 1969")]))]
    );
    assert_eq!(
        shape("(Telegram 1234 from Moscow, March 3; ibid., POL 27 VIET S)"),
        vec![(None, pairs(&[("file", "POL 27 VIET S")]))]
    );
    // Presidential library document numbers, after a semicolon.
    assert_eq!(
        shape("Carter Library, Brzezinski Material, Subject File; NLC–133–46–4–9–9."),
        vec![(
            Some("JCL".into()),
            pairs(&[
                ("collection", "Brzezinski Material"),
                ("series", "Subject File"),
                ("nlr", "NLC-133-46-4-9-9")
            ])
        )]
    );
    // "Там же" and a delo after a semicolon name no archive.
    assert_eq!(
        shape("Там же. Оп. 4. Д. 2241. Л. 685."),
        vec![(None, pairs(&[("opis", "4"), ("delo", "2241"), ("listi", "685")]))]
    );
    assert_eq!(
        shape("РГАСПИ. Ф. 17. Оп. 171. Д. 421. Л. 1–492; Д. 420. Л. 1–68."),
        vec![
            (
                Some("RGASPI".into()),
                pairs(&[("fond", "17"), ("opis", "171"), ("delo", "421"), ("listi", "1-492")])
            ),
            (None, pairs(&[("delo", "420"), ("listi", "1-68")])),
        ]
    );
    // Ukrainian units: одиниця зберігання is the edinitsa khraneniya, одиниця обліку a unit.
    assert_eq!(
        shape("ЦДАМЛМ України, ф. 8, оп. 1, од. зб. 240"),
        vec![(
            Some("TsDAMLM".into()),
            pairs(&[("fond", "8"), ("opis", "1"), ("edinitsa-khraneniya", "240")])
        )]
    );
    // The name an archive bears is part of its name.
    assert_eq!(
        shape("ЦДКФФА України ім. Г. С. Пшеничного, од. об. 0-123"),
        vec![(Some("TsDKFFA".into()), pairs(&[("unit", "0-123")]))]
    );
    // A numbered item and its page.
    assert_eq!(
        shape("Державний архів Сумської області, Плакат № 15, с. 2"),
        vec![(Some("DASO".into()), pairs(&[("item", "Плакат № 15"), ("pages", "2")]))]
    );
}

/// Level words and conventions of more archives, each on a line of its own.
#[test]
fn notations_of_more_archives() {
    let levels = |line: &str| -> (Option<String>, Vec<(String, String)>) {
        let p = parse_line(line);
        assert_eq!(p.references.len(), 1, "{line}: {:?}", p.references);
        assert_eq!(p.unparsed, "", "{line}");
        let r = &p.references[0];
        (
            r.repository.as_ref().map(|x| x.label().to_string()),
            r.levels.iter().map(|l| (l.kind.to_string(), l.value.to_string())).collect(),
        )
    };
    let pairs =
        |v: &[(&str, &str)]| v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
    // Fond 89: perechen and dokument.
    assert_eq!(
        levels("TsKhSD, f. 89, per. 14, dok. 25."),
        (Some("RGANI".into()), pairs(&[("fond", "89"), ("perechen", "14"), ("dokument", "25")]))
    );
    // Mongolian: dans (inventory), kh/n (storage unit), khuu. (leaves).
    assert_eq!(
        levels("Mongolian Foreign Ministry Archive, fond 2, dans 1, kh/n 123, khuu. 1-5."),
        (
            Some("MFA Mongolia".into()),
            pairs(&[("fond", "2"), ("opis", "1"), ("edinitsa-khraneniya", "123"), ("listi", "1-5")])
        )
    );
    // Czech: the fond after a named body of records, svazek, archivní jednotka.
    assert_eq!(
        levels("Národní archiv, Archiv ÚV KSČ, f. 02/1, sv. 45, a.j. 67"),
        (
            Some("NA ČR".into()),
            pairs(&[("collection", "Archiv ÚV KSČ"), ("fond", "02/1"), ("volume", "45"), ("item", "67")])
        )
    );
    // Romanian, written with cedillas: fond, section, dosar, filă.
    assert_eq!(
        levels(
            "Arhivele Naţionale ale României, fond CC al PCR, Secţia Relaţii Externe, dosar 12/1965, f. 3-5."
        ),
        (
            Some("ANR".into()),
            pairs(&[
                ("fonds", "CC al PCR"),
                ("series", "Secţia Relaţii Externe"),
                ("file", "12/1965"),
                ("folio", "3-5")
            ])
        )
    );
    // A department's registry file number after the TNA piece.
    assert_eq!(
        levels("The National Archives (TNA), FO 371/116074, VJ 1051/1."),
        (
            Some("TNA".into()),
            pairs(&[("department", "FO"), ("series", "371"), ("piece", "116074"), ("file", "VJ 1051/1")])
        )
    );
    // The year of Hungarian files before the box.
    assert_eq!(
        levels("MOL, XIX-J-1-j Korea, 1955, 5. doboz, 5/h, 005460/1955."),
        (
            Some("MNL OL".into()),
            pairs(&[
                ("fonds", "XIX-J-1-j"),
                ("country", "Korea"),
                ("year", "1955"),
                ("box", "5"),
                ("item", "5/h"),
                ("file", "005460/1955")
            ])
        )
    );
    // The books of old chancelleries and the boxes of manuscript departments.
    assert_eq!(
        levels("РГАДА. Ф. 248. Оп. 1. Кн. 12. Л. 34."),
        (Some("RGADA".into()), pairs(&[("fond", "248"), ("opis", "1"), ("kniga", "12"), ("listi", "34")]))
    );
    assert_eq!(
        levels("ОР РГБ. Ф. 218. К. 1234. Ед. хр. 5."),
        (Some("NIOR RGB".into()), pairs(&[("fond", "218"), ("box", "1234"), ("edinitsa-khraneniya", "5")]))
    );
    // A spaced dash between the archive and its levels (Ukrainian publications).
    assert_eq!(
        levels("ЦДАГО України. – Ф. 1. – Оп. 1. – Спр. 2. – Арк. 3."),
        (Some("TsDAHO".into()), pairs(&[("fond", "1"), ("opis", "1"), ("delo", "2"), ("listi", "3")]))
    );
    // A name with a comma before its abbreviation.
    assert_eq!(
        levels(
            "Archive of Foreign Policy, Russian Federation (AVP RF), f. 0102, op. 9, p. 45, d. 59, ll. 1-4."
        ),
        (
            Some("AVPRF".into()),
            pairs(&[("fond", "0102"), ("opis", "9"), ("papka", "45"), ("delo", "59"), ("listi", "1-4")])
        )
    );
    // The Polish foreign ministry's zespół, wiązka, teczka.
    assert_eq!(
        levels("AMSZ, Zespół 23, wiązka 4, teczka 12"),
        (Some("AMSZ".into()), pairs(&[("fonds", "23"), ("bundle", "4"), ("folder", "12")]))
    );
    // Hyphen forms with a party fond's letter, and leaves after them; the
    // Ukrainian abbreviation of a Russian archive.
    assert_eq!(
        levels("ЦДІАК П789-10-11"),
        (Some("TsDIAK".into()), pairs(&[("fond", "П789"), ("opis", "10"), ("delo", "11")]))
    );
    assert_eq!(
        levels("ЦДІАК 127-1012-3456, арк. 5"),
        (
            Some("TsDIAK".into()),
            pairs(&[("fond", "127"), ("opis", "1012"), ("delo", "3456"), ("listi", "5")])
        )
    );
    assert_eq!(
        levels("РДІА 1284-47-31"),
        (Some("RGIA".into()), pairs(&[("fond", "1284"), ("opis", "47"), ("delo", "31")]))
    );
    // Bulgarian translations ("Record" for опис), Latvian (apr., l. for the
    // lieta) and Estonian (n., s.) level words.
    assert_eq!(
        levels("Central State Archive, Sofia, Fond 1-B, Record 60, File 227."),
        (Some("TsDA".into()), pairs(&[("fond", "1-B"), ("opis", "60"), ("delo", "227")]))
    );
    assert_eq!(
        levels("Latvian State Archives (LVA), f. 101, apr. 1, l. 12."),
        (Some("LVA".into()), pairs(&[("fond", "101"), ("opis", "1"), ("delo", "12")]))
    );
    assert_eq!(
        levels("Estonian National Archives (ERAF), f. 1, n. 4, s. 123."),
        (Some("ERAF".into()), pairs(&[("fond", "1"), ("opis", "4"), ("delo", "123")]))
    );
    // The label "Bestand" is not part of its value; a PRC file after "file".
    assert_eq!(
        levels("Politisches Archiv des Auswärtigen Amtes, Bestand MfAA, A 5634."),
        (Some("PA AA".into()), pairs(&[("bestand", "MfAA"), ("signatur", "A 5634")]))
    );
    assert_eq!(
        levels("Archives of the Chinese Foreign Ministry, file 109-00975-01."),
        (Some("PRC FMA".into()), pairs(&[("file", "109-00975-01")]))
    );
    // A named body of records before a level word.
    assert_eq!(
        levels("National Archives of India, Ministry of External Affairs, File No. HI/1012/5/59."),
        (
            Some("NAI".into()),
            pairs(&[("collection", "Ministry of External Affairs"), ("file", "HI/1012/5/59")])
        )
    );
}

/// An unregistered archive's long name opening a line is kept as the
/// repository even when the notation after it is not understood.
#[test]
fn a_long_archive_name_is_never_left_over() {
    let p =
        parse_line("Archive of the Hungarian Ministry of Foreign Affairs, XIX-J-1-j Korea, 1960, 11. doboz.");
    let repo = p.references.first().and_then(|r| r.repository.as_ref()).map(|r| r.label().to_string());
    assert_eq!(repo.as_deref(), Some("Archive of the Hungarian Ministry of Foreign Affairs"));
    assert!(!p.unparsed.contains("Archive"), "{}", p.unparsed);
}

#[test]
fn descriptions_of_the_copy_are_notes() {
    let p = parse_line("РГАНИ. Ф. 5. Оп. 30. Д. 1. Л. 2-3. Подлинник. Машинопись.");
    assert_eq!(p.unparsed, "");
    assert_eq!(p.notes, vec!["Подлинник. Машинопись".to_string()]);
    let p = parse_line("GARF, f. 5446, op. 1, d. 2, l. 3. Typescript.");
    assert_eq!((p.unparsed.as_str(), p.notes), ("", vec!["Typescript".to_string()]));
    let p = parse_line("NARB. F. 7. Op. 10. D. 1541. L. 69-70. The original. Typewriting");
    assert_eq!((p.unparsed.as_str(), p.notes), ("", vec!["The original. Typewriting".to_string()]));
    // A source note's label is not text left over.
    let p = parse_line("Source: Department of State, Central Files, 761.00/3–756.");
    assert_eq!(p.unparsed, "");
}

#[test]
fn titles_are_not_names() {
    let credits = |line: &str| -> Vec<(String, Option<String>)> {
        parse_line(line).credits.into_iter().map(|c| (c.name, c.on_behalf_of)).collect()
    };
    assert_eq!(credits("Translated by Professor A. B. Smith."), vec![("A. B. Smith".into(), None)]);
    assert_eq!(credits("Edited by Dr. C. D. Jones."), vec![("C. D. Jones".into(), None)]);
    assert_eq!(credits("Obtained by Assistant Professor Li Wen."), vec![("Li Wen".into(), None)]);
    assert_eq!(
        credits("Translated for NKIDP/CWIHP by Cde. Kim Il"),
        vec![("Kim Il".into(), Some("NKIDP/CWIHP".into()))]
    );
    let org = parse_line("Translated by the NKIDP translation team.").credits;
    assert!(archcite::refparse::is_organization(&org[0].name), "{org:?}");
}

/// Words of letters that no registered spelling uses: the names of archives
/// nobody registered.
fn unknown_name() -> impl Strategy<Value = String> {
    let word = "[A-Z][a-z]{3,8}";
    let abbreviation = "[A-Z][A-Z]{2,5}";
    prop_oneof![
        (word, word).prop_map(|(a, b)| format!("{a} {b} Archive")),
        (word).prop_map(|a| format!("State Archive of {a} Oblast")),
        abbreviation.prop_map(String::from),
        "[А-Я][а-я]{3,8}".prop_map(|a| format!("Государственный архив {a}ской области")),
    ]
    .prop_filter("not registered, not a level word or a TNA department", |n| {
        archcite::registry::lookup(n).is_none()
            && !n
                .split(' ')
                .any(|w| ["RG", "FO", "DO", "CO", "WO", "HO", "DY", "NY", "DC", "LOT"].contains(&w))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// However an unknown archive is named, it becomes the repository: none of
    /// its text is left unparsed.
    #[test]
    fn unknown_archives_never_land_in_unparsed(
        name in unknown_name(),
        n in proptest::collection::vec(1u32..9999, 4),
        form in 0usize..4,
    ) {
        let line = match form {
            0 => format!("{name}, f. {}, op. {}, d. {}, l. {}.", n[0], n[1], n[2], n[3]),
            1 => format!("{name}. Ф. {}. Оп. {}. Д. {}. Л. {}.", n[0], n[1], n[2], n[3]),
            2 => format!("Report, {}, History and Public Policy Program Digital Archive, {name}, fond {}, opis {}, delo {}.", n[0], n[1], n[2], n[3]),
            _ => format!("{name}, Fond {}, Opis {}, Delo {}, Listi {}-{}. Obtained by Sergey Radchenko.", n[0], n[1], n[2], n[3], n[3] + 1),
        };
        let p = parse_line(&line);
        prop_assert_eq!(p.references.len(), 1, "{}: {:?}", line, p.references);
        let repo = p.references[0].repository.as_ref();
        prop_assert_eq!(repo.map(|r| r.label()), Some(name.as_str()), "{}", line);
        prop_assert!(repo.is_some_and(|r| !r.known));
        prop_assert!(!p.unparsed.contains(name.as_str()), "{}: unparsed {:?}", line, p.unparsed);
    }
}

#[test]
fn the_registry_is_extended_on_the_command_line() {
    let dir = std::env::temp_dir().join(format!("archcite-registry-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let extra = dir.join("extra.tsv");
    std::fs::write(
        &extra,
        "# a local archive\nDAZhO-B\tState Archive of Zhytomyr Oblast, Berdychiv Branch\tДержавний архів Житомирської області\tДАЖО\tZhytomyr\tUA\tRussian\tZhytomyr Archive|Житомирський архів\n\
         KRAA\tKraków Regional Archive of Acts\t-\t-\tKraków\tPL\tGeneric\tRegional Archive of Acts\tPL-1234\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = archcite().args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let line = "KRAA, Box 5";
    // Unregistered, the archive is kept as written and marked unknown.
    let without = run(&["ref", "parse", "--json", line]);
    assert_eq!(without["references"][0]["repository"]["abbreviation"], "KRAA", "{without}");
    assert_eq!(without["references"][0]["repository"]["known"], false, "{without}");
    assert_eq!(without["references"][0]["levels"][0]["kind"], "box", "{without}");
    let with = run(&["ref", "parse", "--json", "--registry", extra.to_str().unwrap(), line]);
    assert_eq!(with["references"][0]["repository"]["abbreviation"], "KRAA", "{with}");
    assert_eq!(with["references"][0]["repository"]["known"], true);
    assert_eq!(with["references"][0]["levels"][0]["kind"], "box");
    // An added spelling takes precedence over the built-in one.
    let with = run(&[
        "--registry",
        extra.to_str().unwrap(),
        "ref",
        "parse",
        "--json",
        "Житомирський архів, ф. 1, оп. 2, спр. 3",
    ]);
    assert_eq!(with["references"][0]["repository"]["abbreviation"], "DAZhO-B", "{with}");
    // A malformed file is an error that names its line.
    std::fs::write(&extra, "ONLY\tthree\tfields\n").unwrap();
    let out = archcite().args(["ref", "parse", "--registry", extra.to_str().unwrap(), "x"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
