//! The built-in registry of archives, seen through the reference parser: lines
//! naming an archive by abbreviation, name or alias find its canonical entry.

use archcite::refparse::parse_line;
use archcite::registry::lookup;

/// The canonical abbreviation of the first reference's repository.
fn repo_of(line: &str) -> Option<String> {
    let parsed = parse_line(line);
    let first = parsed.references.first()?;
    first.repository.as_ref()?.abbreviation.as_deref().map(str::to_string)
}

#[test]
fn lines_resolve_to_canonical_archives() {
    let cases = [
        ("RGIA, f. 1284, op. 47, d. 31, l. 5.", "RGIA"),
        ("Carter Library, NSA Brzezinski Material, Box 12", "JCL"),
        ("National Archives, RG 59, Central Decimal File 1955-59, Box 2345", "NARA"),
        ("Reagan Library, Executive Secretariat, NSC: Country File, Box 20", "RRL"),
        ("TsDAGO, f. 1, op. 24, spr. 4921, ark. 12", "TsDAHO"),
        ("ЦДАГО України, ф. 1, оп. 23, спр. 1234, арк. 5", "TsDAHO"),
        ("RGALI, f. 2487, op. 1, d. 55, l. 3.", "RGALI"),
        ("RGADA, f. 248, op. 1, d. 12, l. 4.", "RGADA"),
        ("ЦА ФСБ России, ф. 3, оп. 5, д. 100, л. 12", "TsA FSB"),
        ("NARB, f. 4p, op. 1, d. 20, l. 3.", "NARB"),
        ("TsGAIPD SPb, f. 24, op. 2v, d. 1, l. 7.", "TsGAIPD SPb"),
        ("Eisenhower Library, Ann Whitman File, Box 3", "DDEL"),
        ("LBJ Library, NSF, Country File, Box 228", "LBJL"),
        ("Kennedy Library, President's Office Files, Box 127", "JFKL"),
        ("Truman Library, PSF, Box 188", "HSTL"),
        ("Ford Library, National Security Adviser, Box 7", "GRFL"),
        ("Churchill Archives Centre, THCR 2/11/4", "CAC"),
        ("Hoover Institution Archives, Boris Nicolaevsky Collection, Box 233", "HIA"),
        ("Library of Congress, Harriman Papers, Box 175", "LOC"),
        ("Israel State Archives, 130.02/1234/5", "ISA"),
        ("National Archives of Australia, A1838, 3107/38/12", "NAA"),
        ("BStU, MfS, AP 1234/56", "BStU"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(line, want)| repo_of(line).as_deref() != Some(*want))
        .map(|(line, want)| format!("{line}: expected {want}, got {:?}", repo_of(line)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn russian_levels_after_a_newly_registered_archive() {
    let parsed = parse_line("RGIA, f. 1284, op. 47, d. 31, l. 5.");
    assert_eq!(parsed.unparsed, "");
    let levels: Vec<(String, String)> =
        parsed.references[0].levels.iter().map(|l| (l.kind.to_string(), l.value.to_string())).collect();
    let want: Vec<(String, String)> = [("fond", "1284"), ("opis", "47"), ("delo", "31"), ("listi", "5")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(levels, want);
}

#[test]
fn aliases_and_old_names_look_up_the_canonical_entry() {
    let cases = [
        ("TsAFSB", "TsA FSB"),
        ("АВП РИ", "AVPRI"),
        ("ЦПА", "RGASPI"),
        ("РДАСПІ", "RGASPI"),
        ("ЦГАОР СССР", "GARF"),
        ("National Archives and Records Administration", "NARA"),
        ("US National Archives", "NARA"),
        ("Nixon Presidential Materials", "NARA"),
        ("Jimmy Carter Library", "JCL"),
        ("JFK Library", "JFKL"),
        ("Johnson Library", "LBJL"),
        ("Public Record Office", "TNA"),
        ("The National Archives", "TNA"),
        ("SAPMO", "SAPMO-BArch"),
        ("Chinese Foreign Ministry Archive", "PRC FMA"),
        ("Arhiv Jugoslavije", "AJ"),
        ("Diplomatic Record Office", "DRO"),
        ("ICRC Archives", "ACICR"),
    ];
    for (written, want) in cases {
        let got = lookup(written).and_then(|r| r.abbreviation.as_deref().map(str::to_string));
        assert_eq!(got.as_deref(), Some(want), "{written}");
    }
}

#[test]
fn a_spelling_with_a_comma_is_read_whole() {
    // "National Archives" alone is NARA; followed by ", Kew" it is the British one.
    assert_eq!(repo_of("National Archives, Kew, FO 371/12345").as_deref(), Some("TNA"));
    let parsed = parse_line("National Archives, Kew, FO 371/12345");
    assert_eq!(parsed.references.len(), 1, "{:?}", parsed.references);
    assert_eq!(parsed.unparsed, "");
    let parsed = parse_line("Manuscript Division, Library of Congress, Harriman Papers, Box 175");
    assert_eq!(parsed.references.len(), 1, "{:?}", parsed.references);
    assert_eq!(
        repo_of("Manuscript Division, Library of Congress, Harriman Papers, Box 175").as_deref(),
        Some("LOC")
    );
    // A comma that no registered spelling continues through ends the name.
    assert_eq!(repo_of("GARF, f. 1235, op. 140, d. 59, l. 20.").as_deref(), Some("GARF"));
}

#[test]
fn a_series_named_after_an_agency_is_not_a_second_archive() {
    // "NSC" names files in presidential libraries; it is not registered as an archive.
    let parsed = parse_line("Reagan Library, Executive Secretariat, NSC: Country File, Box 20");
    assert_eq!(parsed.references.len(), 1, "{:?}", parsed.references);
}

/// "National Archives of Malaysia" is not NARA with "of Malaysia" left over:
/// a registered name followed by "of" and a name heads another archive's name.
#[test]
fn a_registered_name_that_goes_on_with_of_is_not_that_archive() {
    let parsed = archcite::refparse::parse_line("National Archives of Malaysia, file 1957/0612");
    let named = parsed.references.iter().filter_map(|r| r.repository.as_ref()).map(|r| r.label().to_string());
    assert!(named.clone().all(|n| n != "NARA"), "{:?}", named.collect::<Vec<_>>());
    let nara =
        archcite::refparse::parse_line("National Archives, RG 59, Central Decimal File 1955-59, Box 2345");
    assert_eq!(
        nara.references[0].repository.as_ref().map(|r| r.label().to_string()).as_deref(),
        Some("NARA")
    );
}
