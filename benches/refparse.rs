//! Throughput of `parse_line`: 100,000 provenance lines of the kinds seen in
//! practice. Run with `cargo bench --bench refparse`.

use std::hint::black_box;
use std::time::Instant;

use archcite::refparse::parse_line;

const LINES: &[&str] = &[
    "Russian State Archive of Contemporary History (RGANI), Fond 5, Opis 61, Delo. 462, Listi 95-101. Obtained by Sergey Radchenko and translated by Gary Goldberg.",
    "APRF, Fond 45, Opis 1, Delo 347, Listy 12-13 and AVPRF, Fond 059a, Opis 5a, Delo 4, Papka 11, Listy 159-160",
    "РГАСПИ. Ф. 17. Оп. 163. Д. 899. Л. 75 (Б).",
    "GARF. F.R-9478. Op.1. D 2. L.3-4.",
    "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry, February 26, 1955, History and Public Policy Program Digital Archive, MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955. Translated for NKIDP by Balazs Szalontai. https://digitalarchive.wilsoncenter.org/document/113395",
    "BArch, B 136/59748, 403-410. Contributed, transcribed, and translated by Stephan Kieninger.",
    "National Archives and Records Administration, RG 59, Central Files 1967–69, POL 7 US/VANCE",
    "PRC FMA 106-01403-02, 35. Translated by Jeffrey Wang and Charles Kraus.",
    "FO 371/128663",
    "Milovan Djilas. Wartime. Translated by Michael B. Petrovich. (New York: Harcourt Brace Jovanovich, 1977), 385-387.",
];

fn main() {
    let n = 100_000;
    // Build the registry index before timing.
    black_box(parse_line(LINES[0]));
    let start = Instant::now();
    let mut refs = 0;
    for i in 0..n {
        refs += black_box(parse_line(black_box(LINES[i % LINES.len()]))).references.len();
    }
    let took = start.elapsed();
    if std::env::args().any(|a| a == "--each") {
        for line in LINES {
            let t = Instant::now();
            for _ in 0..10_000 {
                black_box(parse_line(black_box(line)));
            }
            println!("{:8.2} µs  {}", t.elapsed().as_secs_f64() * 100.0, &line[..line.len().min(60)]);
        }
    }
    println!(
        "refparse: {n} lines in {:.3} s ({:.2} µs/line, {refs} references)",
        took.as_secs_f64(),
        took.as_secs_f64() * 1e6 / n as f64
    );
}
