//! The archival styles against citations written by hand from the style rules.
//!
//! Each row is a real archival reference (the four examples, Wilson Center
//! Digital Archive records, FRUS source notes and Belarusian finding aids; see
//! tests/fixtures/cite/SOURCES.md) with its Chicago note and bibliography entry
//! (chicago-archival, en-US: author, title, date, levels, repository, place;
//! translator; digital collection, URL) and its GOST reference (gost-archival,
//! ru-RU: description, date, then archive and levels). The strings were written
//! from those rules, not taken from archcite's output; they are compared exactly.

use archcite::cite::{style, Citer, Mode, OutputFormat};
use archcite::model::Record;

use crate::common::{archcite, examples, with_snapshots};

struct Row {
    record: Record,
    note: &'static str,
    bibliography: &'static str,
    gost: &'static str,
    /// The digital archive's own form, for records published in one.
    digital: Option<&'static str>,
}

fn example(name: &str) -> Record {
    examples().into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no example {name}")).1
}

/// A folder- or document-level record: title, EDTF date, repository and levels.
fn held(title: &str, date: &str, repo: (&str, &str, &str), levels: &[(&str, &str)]) -> Record {
    let levels: Vec<serde_json::Value> =
        levels.iter().map(|(k, v)| serde_json::json!({"kind": k, "value": v})).collect();
    let mut repository = serde_json::json!({"abbreviation": repo.0});
    if !repo.1.is_empty() {
        repository["name"] = repo.1.into();
    }
    if !repo.2.is_empty() {
        repository["place"] = repo.2.into();
    }
    let mut record = serde_json::json!({
        "title": title,
        "references": [{"repository": repository, "levels": levels}],
    });
    if !date.is_empty() {
        record["date"] = date.into();
    }
    serde_json::from_value(record).expect("a valid record")
}

const JCL: (&str, &str, &str) = ("JCL", "Jimmy Carter Library", "Atlanta");
const LOC: (&str, &str, &str) = ("LOC", "Library of Congress", "Washington");
const DOS: (&str, &str, &str) = ("DOS", "United States Department of State", "Washington");
const NARA: (&str, &str, &str) = ("NARA", "National Archives and Records Administration", "College Park");

fn amae() -> Record {
    serde_json::from_value(serde_json::json!({
        "title": "Report from the Ministry of Foreign Affairs to the Romanian Embassy",
        "date": "1954-12-08",
        "agents": [
            {"role": "obtained-by", "person": {"family": "Gheorghe", "given": "Eliza"}, "on_behalf_of": "NKIDP"},
            {"role": "translator", "person": {"family": "Gheorghe", "given": "Eliza"}, "on_behalf_of": "NKIDP"}
        ],
        "references": [{
            "repository": {"abbreviation": "AMAE", "name": "Archive of the Romanian Ministry of Foreign Affairs",
                           "place": "Bucharest"},
            "levels": [{"kind": "year", "value": "1955"}, {"kind": "issue", "value": "20"},
                       {"kind": "country", "value": "the Democratic People’s Republic of Korea"}]
        }],
        "publication": {"collection": "History and Public Policy Program Digital Archive",
                        "publisher": "Wilson Center", "place": "Washington, DC"}
    }))
    .expect("a valid record")
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            record: example("rgani-5-61-462"),
            note: "N. Sudarikov, “Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers,” April 14, 1969, Fond 5, Opis 61, Delo 462, Listi 95–101, Russian State Archive of Contemporary History, Moscow, trans. Gary Goldberg, History and Public Policy Program Digital Archive.",
            bibliography: "Sudarikov, N. “Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers.” April 14, 1969. Fond 5, Opis 61, Delo 462, Listi 95–101, Russian State Archive of Contemporary History, Moscow. Translated by Gary Goldberg. History and Public Policy Program Digital Archive.",
            gost: "Sudarikov N. Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers / пер. G. Goldberg. 14 апреля 1969 г. // РГАНИ. Ф. 5. Оп. 61. Д. 462. Л. 95–101.",
            digital: Some("“Record of a Conversation with Kim Il Sung, General Secretary of the KWP CC and Chairman of the DPRK Cabinet of Ministers,” April 14, 1969, History and Public Policy Program Digital Archive, Russian State Archive of Contemporary History (RGANI), Fond 5, Opis 61, Delo 462, Listi 95–101. Obtained by Sergey Radchenko and translated by Gary Goldberg."),
        },
        Row {
            record: example("mnl-ol-xix-j-1-j-1955"),
            note: "Embassy of Hungary in North Korea, “Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry,” February 26, 1955, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955, National Archives of Hungary, Budapest, trans. Balazs Szalontai, History and Public Policy Program Digital Archive, https://digitalarchive.wilsoncenter.org/document/113395.",
            bibliography: "Embassy of Hungary in North Korea. “Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry.” February 26, 1955. XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955, National Archives of Hungary, Budapest. Translated by Balazs Szalontai. History and Public Policy Program Digital Archive, https://digitalarchive.wilsoncenter.org/document/113395.",
            gost: "Embassy of Hungary in North Korea. Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry / пер. B. Szalontai. 26 февраля 1955 г. // MNL OL. XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955. URL: https://digitalarchive.wilsoncenter.org/document/113395.",
            digital: Some("“Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry,” February 26, 1955, History and Public Policy Program Digital Archive, National Archives of Hungary (MNL OL), XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955. Translated for NKIDP by Balazs Szalontai. https://digitalarchive.wilsoncenter.org/document/113395"),
        },
        Row {
            record: example("rgaspi-17-162-18"),
            note: "Politburo of the Central Committee of the All-Union Communist Party (Bolsheviks), “Politburo Decisions of 29 September 1935 Concerning Xinjiang,” September 29, 1935, Fond 17, Opis 162, Delo 18, Listi 140–141, Russian State Archive of Socio-Political History, Moscow, trans. Gary Goldberg, History and Public Policy Program Digital Archive.",
            bibliography: "Politburo of the Central Committee of the All-Union Communist Party (Bolsheviks). “Politburo Decisions of 29 September 1935 Concerning Xinjiang.” September 29, 1935. Fond 17, Opis 162, Delo 18, Listi 140–141, Russian State Archive of Socio-Political History, Moscow. Translated by Gary Goldberg. History and Public Policy Program Digital Archive.",
            gost: "Politburo of the Central Committee of the All-Union Communist Party (Bolsheviks). Politburo Decisions of 29 September 1935 Concerning Xinjiang / пер. G. Goldberg. 29 сентября 1935 г. // РГАСПИ. Ф. 17. Оп. 162. Д. 18. Л. 140–141.",
            digital: Some("“Politburo Decisions of 29 September 1935 Concerning Xinjiang,” September 29, 1935, History and Public Policy Program Digital Archive, Russian State Archive of Socio-Political History (RGASPI), Fond 17, Opis 162, Delo 18, Listi 140–141. Obtained by Jamil Hasanli and translated by Gary Goldberg."),
        },
        Row {
            record: example("aprf-avprf-telegram"),
            note: "“Ciphered Telegram,” n.d., Fond 45, Opis 1, Delo 347, Listi 12–13, Presidential Archive of the Russian Federation, Moscow; Fond 059a, Opis 5a, Delo 4, Papka 11, Listi 159–160, Archive of Foreign Policy of the Russian Federation, Moscow, History and Public Policy Program Digital Archive.",
            bibliography: "“Ciphered Telegram.” N.d. Fond 45, Opis 1, Delo 347, Listi 12–13, Presidential Archive of the Russian Federation, Moscow; Fond 059a, Opis 5a, Delo 4, Papka 11, Listi 159–160, Archive of Foreign Policy of the Russian Federation, Moscow. History and Public Policy Program Digital Archive.",
            gost: "Ciphered Telegram // АП РФ. Ф. 45. Оп. 1. Д. 347. Л. 12–13; АВП РФ. Ф. 059a. Оп. 5a. Д. 4. П. 11. Л. 159–160.",
            digital: Some("“Ciphered Telegram,” History and Public Policy Program Digital Archive, Presidential Archive of the Russian Federation (APRF), Fond 45, Opis 1, Delo 347, Listi 12–13; Archive of Foreign Policy of the Russian Federation (AVPRF), Fond 059a, Opis 5a, Delo 4, Papka 11, Listi 159–160."),
        },
        Row {
            record: amae(),
            note: "“Report from the Ministry of Foreign Affairs to the Romanian Embassy,” December 8, 1954, Year 1955, Issue 20, Country: the Democratic People’s Republic of Korea, Archive of the Romanian Ministry of Foreign Affairs, Bucharest, trans. Eliza Gheorghe, History and Public Policy Program Digital Archive.",
            bibliography: "“Report from the Ministry of Foreign Affairs to the Romanian Embassy.” December 8, 1954. Year 1955, Issue 20, Country: the Democratic People’s Republic of Korea, Archive of the Romanian Ministry of Foreign Affairs, Bucharest. Translated by Eliza Gheorghe. History and Public Policy Program Digital Archive.",
            gost: "Report from the Ministry of Foreign Affairs to the Romanian Embassy / пер. E. Gheorghe. 8 декабря 1954 г. // AMAE. Year 1955, Issue 20, Country: the Democratic People’s Republic of Korea.",
            digital: Some("“Report from the Ministry of Foreign Affairs to the Romanian Embassy,” December 8, 1954, History and Public Policy Program Digital Archive, Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year 1955, Issue 20, Country: the Democratic People’s Republic of Korea. Obtained and translated for NKIDP by Eliza Gheorghe."),
        },
        Row {
            record: held(
                "Resolution No. 306",
                "1957",
                ("NARB", "National Archives of the Republic of Belarus", "Minsk"),
                &[("fond", "7"), ("opis", "5"), ("delo", "1133"), ("listi", "153-154")],
            ),
            note: "“Resolution No. 306,” 1957, Fond 7, Opis 5, Delo 1133, Listi 153–154, National Archives of the Republic of Belarus, Minsk.",
            bibliography: "“Resolution No. 306.” 1957. Fond 7, Opis 5, Delo 1133, Listi 153–154, National Archives of the Republic of Belarus, Minsk.",
            gost: "Resolution No. 306. 1957 г. // НАРБ. Ф. 7. Оп. 5. Д. 1133. Л. 153–154.",
            digital: None,
        },
        Row {
            record: held(
                "Постановление № 1133-339/1",
                "",
                ("ЗГАКр", "", ""),
                &[("fond", "4"), ("opis", "1"), ("delo", "24"), ("listi", "207-208")],
            ),
            note: "“Постановление № 1133-339/1,” n.d., Fond 4, Opis 1, Delo 24, Listi 207–208, ЗГАКр.",
            bibliography: "“Постановление № 1133-339/1.” N.d. Fond 4, Opis 1, Delo 24, Listi 207–208, ЗГАКр.",
            gost: "Постановление № 1133-339/1 // ЗГАКр. Ф. 4. Оп. 1. Д. 24. Л. 207–208.",
            digital: None,
        },
        Row {
            record: held(
                "Chron File",
                "1980-06/1980-07",
                JCL,
                &[("collection", "National Security Affairs"), ("series", "Staff Material, Horn/Special"), ("box", "5")],
            ),
            note: "“Chron File,” June–July 1980, National Security Affairs, Staff Material, Horn/Special, box 5, Jimmy Carter Library, Atlanta.",
            bibliography: "“Chron File.” June–July 1980. National Security Affairs, Staff Material, Horn/Special, box 5, Jimmy Carter Library, Atlanta.",
            gost: "Chron File. Июнь–июль 1980 г. // JCL. National Security Affairs, Staff Material, Horn/Special, box 5.",
            digital: None,
        },
        Row {
            record: held(
                "Chron File",
                "1980-01",
                JCL,
                &[("collection", "National Security Affairs"), ("series", "Staff Material, Horn/Special"), ("box", "4")],
            ),
            note: "“Chron File,” January 1980, National Security Affairs, Staff Material, Horn/Special, box 4, Jimmy Carter Library, Atlanta.",
            bibliography: "“Chron File.” January 1980. National Security Affairs, Staff Material, Horn/Special, box 4, Jimmy Carter Library, Atlanta.",
            gost: "Chron File. Январь 1980 г. // JCL. National Security Affairs, Staff Material, Horn/Special, box 4.",
            digital: None,
        },
        Row {
            record: held(
                "Secretary Brown Eyes Only",
                "1980-01/1980-06",
                LOC,
                &[("collection", "Harold Brown Papers"), ("box", "106")],
            ),
            note: "“Secretary Brown Eyes Only,” January–June 1980, Harold Brown Papers, box 106, Library of Congress, Washington.",
            bibliography: "“Secretary Brown Eyes Only.” January–June 1980. Harold Brown Papers, box 106, Library of Congress, Washington.",
            gost: "Secretary Brown Eyes Only. Январь–июнь 1980 г. // LOC. Harold Brown Papers, box 106.",
            digital: None,
        },
        Row {
            record: held(
                "USSR 388.3",
                "1985-11/1985-12",
                ("WNRC", "Washington National Records Center", "Suitland"),
                &[("collection", "OSD Files"), ("accession", "330-87-0008"), ("box", "3")],
            ),
            note: "“USSR 388.3,” November–December 1985, OSD Files, Accession 330-87-0008, box 3, Washington National Records Center, Suitland.",
            bibliography: "“USSR 388.3.” November–December 1985. OSD Files, Accession 330-87-0008, box 3, Washington National Records Center, Suitland.",
            gost: "USSR 388.3. Ноябрь–декабрь 1985 г. // WNRC. OSD Files, Accession 330-87-0008, box 3.",
            digital: None,
        },
        Row {
            record: held(
                "Cuba",
                "1960-01/1960-06",
                DOS,
                &[("collection", "ARA Special Assistant Files"), ("lot-file", "62 D 24")],
            ),
            note: "“Cuba,” January–June 1960, ARA Special Assistant Files: Lot 62 D 24, United States Department of State, Washington.",
            bibliography: "“Cuba.” January–June 1960. ARA Special Assistant Files: Lot 62 D 24, United States Department of State, Washington.",
            gost: "Cuba. Январь–июнь 1960 г. // DOS. ARA Special Assistant Files: Lot 62 D 24.",
            digital: None,
        },
        Row {
            record: held(
                "Travel Controls (Gen.)",
                "1968-01/1968-12",
                DOS,
                &[("collection", "ACA Files"), ("lot-file", "72 D 175")],
            ),
            note: "“Travel Controls (Gen.),” January–December 1968, ACA Files: Lot 72 D 175, United States Department of State, Washington.",
            bibliography: "“Travel Controls (Gen.).” January–December 1968. ACA Files: Lot 72 D 175, United States Department of State, Washington.",
            gost: "Travel Controls (Gen.). Январь–декабрь 1968 г. // DOS. ACA Files: Lot 72 D 175.",
            digital: None,
        },
        Row {
            record: held("POL 2-3 USSR", "1964/1966", NARA, &[("record-group", "59"), ("series", "Central Files 1964-66")]),
            note: "“POL 2-3 USSR,” 1964–1966, RG 59, Central Files 1964-66, National Archives and Records Administration, College Park.",
            bibliography: "“POL 2-3 USSR.” 1964–1966. RG 59, Central Files 1964-66, National Archives and Records Administration, College Park.",
            gost: "POL 2-3 USSR. 1964–1966 гг. // NARA. RG 59, Central Files 1964-66.",
            digital: None,
        },
        Row {
            record: held(
                "Country Files, Far East, Korea, Vol. III",
                "1970-06/1970-12",
                NARA,
                &[("collection", "Nixon Presidential Materials"), ("series", "NSC Files"), ("box", "542")],
            ),
            note: "“Country Files, Far East, Korea, Vol. III,” June–December 1970, Nixon Presidential Materials, NSC Files, box 542, National Archives and Records Administration, College Park.",
            bibliography: "“Country Files, Far East, Korea, Vol. III.” June–December 1970. Nixon Presidential Materials, NSC Files, box 542, National Archives and Records Administration, College Park.",
            gost: "Country Files, Far East, Korea, Vol. III. Июнь–декабрь 1970 г. // NARA. Nixon Presidential Materials, NSC Files, box 542.",
            digital: None,
        },
        Row {
            record: held(
                "Special Category Messages, Vol. I",
                "1963-11/1965-01",
                ("LBJL", "Lyndon Baines Johnson Library", "Austin"),
                &[("collection", "National Security File"), ("series", "Country File, Vietnam")],
            ),
            note: "“Special Category Messages, Vol. I,” November 1963–January 1965, National Security File, Country File, Vietnam, Lyndon Baines Johnson Library, Austin.",
            bibliography: "“Special Category Messages, Vol. I.” November 1963–January 1965. National Security File, Country File, Vietnam, Lyndon Baines Johnson Library, Austin.",
            gost: "Special Category Messages, Vol. I. Ноябрь 1963 – январь 1965 г. // LBJL. National Security File, Country File, Vietnam.",
            digital: None,
        },
        Row {
            record: held(
                "State Department Evening Reports",
                "1978-12",
                JCL,
                &[("collection", "Plains File"), ("series", "Subject File"), ("box", "39")],
            ),
            note: "“State Department Evening Reports,” December 1978, Plains File, Subject File, box 39, Jimmy Carter Library, Atlanta.",
            bibliography: "“State Department Evening Reports.” December 1978. Plains File, Subject File, box 39, Jimmy Carter Library, Atlanta.",
            gost: "State Department Evening Reports. Декабрь 1978 г. // JCL. Plains File, Subject File, box 39.",
            digital: None,
        },
        Row {
            record: held(
                "Backchannel Messages: Peking",
                "1979-01/1979-07",
                JCL,
                &[
                    ("collection", "National Security Affairs"),
                    ("series", "Brzezinski Material, Subject File"),
                    ("box", "8"),
                ],
            ),
            note: "“Backchannel Messages: Peking,” January–July 1979, National Security Affairs, Brzezinski Material, Subject File, box 8, Jimmy Carter Library, Atlanta.",
            bibliography: "“Backchannel Messages: Peking.” January–July 1979. National Security Affairs, Brzezinski Material, Subject File, box 8, Jimmy Carter Library, Atlanta.",
            gost: "Backchannel Messages: Peking. Январь–июль 1979 г. // JCL. National Security Affairs, Brzezinski Material, Subject File, box 8.",
            digital: None,
        },
        Row {
            record: held(
                "Radio Free Europe/Radio Liberty/Voice of America",
                "1980",
                JCL,
                &[
                    ("collection", "National Security Affairs"),
                    ("series", "Brzezinski Material, Brzezinski Office File, Subject Chron File"),
                    ("box", "113"),
                ],
            ),
            note: "“Radio Free Europe/Radio Liberty/Voice of America,” 1980, National Security Affairs, Brzezinski Material, Brzezinski Office File, Subject Chron File, box 113, Jimmy Carter Library, Atlanta.",
            bibliography: "“Radio Free Europe/Radio Liberty/Voice of America.” 1980. National Security Affairs, Brzezinski Material, Brzezinski Office File, Subject Chron File, box 113, Jimmy Carter Library, Atlanta.",
            gost: "Radio Free Europe/Radio Liberty/Voice of America. 1980 г. // JCL. National Security Affairs, Brzezinski Material, Brzezinski Office File, Subject Chron File, box 113.",
            digital: None,
        },
        Row {
            record: held(
                "Memoranda to the President",
                "1969-02/1969-04",
                LOC,
                &[("collection", "Kissinger Papers"), ("box", "TS-64")],
            ),
            note: "“Memoranda to the President,” February–April 1969, Kissinger Papers, box TS-64, Library of Congress, Washington.",
            bibliography: "“Memoranda to the President.” February–April 1969. Kissinger Papers, box TS-64, Library of Congress, Washington.",
            gost: "Memoranda to the President. Февраль–апрель 1969 г. // LOC. Kissinger Papers, box TS-64.",
            digital: None,
        },
        Row {
            record: held(
                "L.B. Johnson",
                "1966-01/1966-07",
                LOC,
                &[("collection", "Harriman Papers"), ("series", "Kennedy-Johnson Administrations")],
            ),
            note: "“L.B. Johnson,” January–July 1966, Harriman Papers, Kennedy-Johnson Administrations, Library of Congress, Washington.",
            bibliography: "“L.B. Johnson.” January–July 1966. Harriman Papers, Kennedy-Johnson Administrations, Library of Congress, Washington.",
            gost: "L.B. Johnson. Январь–июль 1966 г. // LOC. Harriman Papers, Kennedy-Johnson Administrations.",
            digital: None,
        },
    ]
}

fn citer(style_name: &str, locale: &str, mode: Mode) -> Citer {
    Citer::new(style::load(style_name).unwrap(), Some(locale), Some(mode)).unwrap()
}

#[test]
fn the_table_has_twenty_records_from_different_archives() {
    let rows = rows();
    assert!(rows.len() >= 20, "{} rows", rows.len());
    let mut archives: Vec<String> = rows
        .iter()
        .filter_map(|r| r.record.references[0].repository.as_ref().map(|p| p.label().to_string()))
        .collect();
    archives.sort();
    archives.dedup();
    assert!(archives.len() >= 12, "{archives:?}");
}

#[test]
fn every_row_in_every_archival_style() {
    let note = citer("chicago-archival", "en-US", Mode::Note);
    let bibliography = citer("chicago-archival", "en-US", Mode::Bibliography);
    let gost = citer("gost-archival", "ru-RU", Mode::Note);
    let gost_bibliography = citer("gost-archival", "ru-RU", Mode::Bibliography);
    let digital = citer("digital-archive", "en-US", Mode::Note);
    let mut wrong = Vec::new();
    for (i, row) in rows().iter().enumerate() {
        let title = row.record.title.as_deref().unwrap_or_default();
        let mut check = |what: &str, citer: &Citer, expected: &str| {
            let got = citer.cite(&row.record, i, OutputFormat::Text).unwrap_or_else(|e| e.to_string());
            if got != expected {
                wrong.push(format!("{title} ({what})\n  expected: {expected}\n  got:      {got}"));
            }
        };
        check("Chicago note", &note, row.note);
        check("Chicago bibliography", &bibliography, row.bibliography);
        check("GOST", &gost, row.gost);
        // A GOST reference is the same in a footnote and in a list.
        check("GOST list", &gost_bibliography, row.gost);
        if let Some(expected) = row.digital {
            check("digital archive", &digital, expected);
        }
    }
    assert!(wrong.is_empty(), "{} citations differ:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn acceptance_gost_archival_in_russian() {
    let out = archcite()
        .args(["cite", "--style", "gost-archival", "--locale", "ru-RU", "examples/rgani-5-61-462.json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.trim_end().ends_with("РГАНИ. Ф. 5. Оп. 61. Д. 462. Л. 95–101."), "{text}");
    assert!(text.contains("14 апреля 1969 г."), "{text}");
}

#[test]
fn a_range_is_cited_as_a_range_in_every_archival_style() {
    let mut record = example("rgani-5-61-462");
    record.date = Some("1969-04/1969-06".parse().unwrap());
    for (name, locale, expected) in [
        ("chicago-archival", "en-US", "April–June 1969"),
        ("digital-archive", "en-US", "April–June 1969"),
        ("gost-archival", "ru-RU", "Апрель–июнь 1969 г."),
        ("gost-archival", "en-GB", "April–June 1969"),
    ] {
        for mode in [Mode::Note, Mode::Bibliography] {
            let text = citer(name, locale, mode).cite(&record, 0, OutputFormat::Text).unwrap();
            assert!(text.contains(expected), "{name} {locale} {mode:?}: {text}");
        }
    }
}

#[test]
fn approximate_and_uncertain_dates_are_marked() {
    let mut record = example("rgani-5-61-462");
    for (date, style_name, locale, expected) in [
        ("1969~", "chicago-archival", "en-US", "ca. 1969,"),
        ("1969?", "chicago-archival", "en-US", "1969?,"),
        ("1969~", "gost-archival", "ru-RU", "Ок. 1969 г. //"),
        ("1969?", "gost-archival", "ru-RU", "[1969 г.?] //"),
        ("1969-04-14?", "digital-archive", "en-US", "April 14, 1969?,"),
    ] {
        record.date = Some(date.parse().unwrap());
        let text = citer(style_name, locale, Mode::Note).cite(&record, 0, OutputFormat::Text).unwrap();
        assert!(text.contains(expected), "{date} in {style_name}: {text}");
    }
}

#[test]
fn other_styles_get_genitive_months_in_russian_and_the_archive_form_asked() {
    let record = example("rgani-5-61-462");
    let chicago = citer("chicago-notes", "ru-RU", Mode::Note).cite(&record, 0, OutputFormat::Text).unwrap();
    assert!(chicago.contains("14 апреля 1969"), "{chicago}");
    assert!(!chicago.contains("апрель"), "{chicago}");
    let short = citer("chicago-notes", "en-US", Mode::Note)
        .with_archive_form(archcite::cite::ArchiveForm::Short)
        .cite(&record, 0, OutputFormat::Text)
        .unwrap();
    assert!(short.contains(", RGANI, Moscow"), "{short}");
    assert!(!short.contains("Contemporary History"), "{short}");
    let long = citer("chicago-notes", "en-US", Mode::Note)
        .with_archive_form(archcite::cite::ArchiveForm::Long)
        .cite(&record, 0, OutputFormat::Text)
        .unwrap();
    assert!(long.contains("Russian State Archive of Contemporary History, Moscow"), "{long}");
    // The archival styles choose, and --archive-form overrides the choice.
    let gost_long = citer("gost-archival", "ru-RU", Mode::Note)
        .with_archive_form(archcite::cite::ArchiveForm::Long)
        .cite(&record, 0, OutputFormat::Text)
        .unwrap();
    assert!(
        gost_long.ends_with(
            "// Российский государственный архив новейшей истории. Ф. 5. Оп. 61. Д. 462. Л. 95–101."
        ),
        "{gost_long}"
    );
}

#[test]
fn a_record_with_editors_and_a_translator_but_no_author() {
    let record: Record = serde_json::from_value(serde_json::json!({
        "title": "Minutes of a Meeting",
        "date": "1969-04-14",
        "agents": [
            {"role": "editor", "person": {"family": "Baev", "given": "J."}},
            {"role": "editor", "person": {"family": "Bratanova", "given": "K."}},
            {"role": "translator", "person": {"family": "Dimitrov", "given": "N."}}
        ],
        "references": [{"repository": {"abbreviation": "TsDA", "name": "Central State Archive of Bulgaria", "place": "Sofia"},
                        "levels": [{"kind": "fond", "value": "378-Б"}]}]
    }))
    .unwrap();
    let note = citer("chicago-archival", "en-US", Mode::Note).cite(&record, 0, OutputFormat::Text).unwrap();
    assert!(
        note.starts_with("J. Baev and K. Bratanova, eds., “Minutes of a Meeting,” April 14, 1969"),
        "{note}"
    );
    assert!(note.contains("trans. N. Dimitrov"), "{note}");
}

#[test]
fn list_styles_names_the_archival_styles_and_each_file_loads_as_a_csl_file() {
    let out = archcite().args(["cite", "--list-styles"]).output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    for (name, text, _) in style::ARCHIVAL_STYLES {
        assert!(list.lines().any(|l| l == *name), "{name} not listed");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{name}.csl"));
        std::fs::write(&path, text).unwrap();
        let from_file = style::load(path.to_str().unwrap()).unwrap();
        assert!(from_file.convention.is_none());
        assert_eq!(from_file.csl.info.title.value, style::load(name).unwrap().csl.info.title.value);
    }
}

#[test]
fn snapshots_of_every_example_in_every_archival_style() {
    for (name, _, _) in style::ARCHIVAL_STYLES {
        for locale in ["en-US", "ru-RU"] {
            for mode in [Mode::Note, Mode::Bibliography] {
                let citer = citer(name, locale, mode);
                let text: String = examples()
                    .iter()
                    .enumerate()
                    .map(|(i, (n, r))| {
                        format!(
                            "{n}: {}\n",
                            citer.cite(r, i, OutputFormat::Text).unwrap_or_else(|e| e.to_string())
                        )
                    })
                    .collect();
                let mode = if mode == Mode::Note { "note" } else { "bibliography" };
                with_snapshots(|| insta::assert_snapshot!(format!("cite-{name}-{locale}-{mode}"), text));
            }
        }
    }
}

fn cite_cli(args: &[&str]) -> Vec<String> {
    let out = archcite().arg("cite").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn a_sequence_of_notes_shortens_later_citations() {
    let (rgani, mnl) = ("examples/rgani-5-61-462.json", "examples/mnl-ol-xix-j-1-j-1955.json");
    let chicago = cite_cli(&["--sequence", "--style", "chicago-archival", rgani, rgani, mnl, rgani]);
    assert_eq!(chicago.len(), 4);
    assert!(
        chicago[0].starts_with("N. Sudarikov, “Record of a Conversation with Kim Il Sung,"),
        "{chicago:?}"
    );
    // CMOS prefers the shortened note to "ibid.", directly after the full one too.
    assert_eq!(chicago[1], "Sudarikov, “Record of a Conversation.”");
    assert!(chicago[2].starts_with("Embassy of Hungary in North Korea, “Report,"), "{chicago:?}");
    assert_eq!(chicago[3], "Sudarikov, “Record of a Conversation.”");
    let gost =
        cite_cli(&["--sequence", "--style", "gost-archival", "--locale", "ru-RU", rgani, rgani, mnl, rgani]);
    assert!(gost[0].ends_with("РГАНИ. Ф. 5. Оп. 61. Д. 462. Л. 95–101."), "{gost:?}");
    assert_eq!(gost[1], "Там же.");
    assert_eq!(gost[3], "Sudarikov N. Record of a Conversation.");
    let english = cite_cli(&["--sequence", "--style", "gost-archival", "--locale", "en-GB", rgani, rgani]);
    assert_eq!(english[1], "Ibid.");
    // Without --sequence every record is cited on its own, in full.
    let alone = cite_cli(&["--style", "gost-archival", "--locale", "ru-RU", rgani, rgani]);
    assert_eq!(alone[0], alone[1]);
}

#[test]
fn a_sequence_bibliography_is_sorted_and_lists_each_document_once() {
    let mut args = vec!["--sequence", "--mode", "bibliography", "--style", "chicago-archival"];
    let inputs = [
        "examples/rgani-5-61-462.json",
        "examples/aprf-avprf-telegram.json",
        "examples/rgaspi-17-162-18.json",
        "examples/mnl-ol-xix-j-1-j-1955.json",
        "examples/rgani-5-61-462.json",
    ];
    args.extend(inputs);
    let entries = cite_cli(&args);
    let heads: Vec<&str> = entries.iter().map(|e| e.split([' ', '.']).next().unwrap_or("")).collect();
    // By the first element: author, or the title when there is none.
    assert_eq!(heads, ["“Ciphered", "Embassy", "Politburo", "Sudarikov,"], "{entries:#?}");
}
