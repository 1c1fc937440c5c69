#!/usr/bin/env python3
"""Write N deterministic native archcite records as JSON Lines.

Usage: python3 scripts/gen_native.py N OUT.jsonl

Record i depends only on i: titles, dates, archives, levels, credits and funders
vary so that every part of the model is exercised, and reruns are byte-identical.
"""
import json
import random
import sys

ARCHIVES = [
    ("RGANI", "Russian State Archive of Contemporary History"),
    ("RGASPI", "Russian State Archive of Socio-Political History"),
    ("GARF", "State Archive of the Russian Federation"),
    ("AVPRF", "Foreign Policy Archive of the Russian Federation"),
    ("APRF", "Archive of the President of the Russian Federation"),
]
TYPES = ["memorandum-of-conversation", "telegram", "letter", "report", "minutes", "cable"]
PEOPLE = [("Goldberg", "Gary"), ("Radchenko", "Sergey"), ("Person", "James F."), ("Kraus", "Charles"),
          ("Hasanli", "Jamil"), ("Szalontai", "Balazs"), ("Хрущёв", "Никита Сергеевич")]
FUNDERS = ["Kyungnam University", "Institute for Korean Studies, Ohio State University",
           "Carnegie Corporation of New York", "MacArthur Foundation"]


def record(i):
    r = random.Random(20261129 * 1_000_003 + i)
    abbr, name = r.choice(ARCHIVES)
    year = r.randint(1945, 1991)
    date = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}" if r.random() < 0.8 else f"{year}~"
    first = r.randint(1, 300)
    levels = [("fond", str(r.randint(1, 600))), ("opis", str(r.randint(1, 90))),
              ("delo", str(r.randint(1, 2000))), ("listi", f"{first}-{first + r.randint(1, 20)}")]
    obtained, translator = r.sample(PEOPLE, 2)
    rec = {
        "title": f"Record of a Conversation No. {i}",
        "type": r.choice(TYPES),
        "date": date,
        "languages": {"original": ["ru"], "translation": ["en"]},
        "agents": [
            {"role": "obtained-by", "person": {"family": obtained[0], "given": obtained[1]}},
            {"role": "translator", "person": {"family": translator[0], "given": translator[1]}},
        ] + [{"role": "funder", "organization": {"name": f}} for f in r.sample(FUNDERS, r.randint(0, 2))],
        "references": [{
            "repository": {"abbreviation": abbr, "name": name, "place": "Moscow", "country": "RU"},
            "levels": [{"kind": k, "value": v} for k, v in levels],
            "raw": f"{abbr}, " + ", ".join(f"{k.capitalize()} {v}" for k, v in levels),
        }],
        "publication": {"collection": "History and Public Policy Program Digital Archive",
                        "url": f"https://digitalarchive.example.org/document/{100000 + i}",
                        "record_id": str(100000 + i)},
        "rights": {"statement": "Reuse welcome for research and education."},
        "summary": " ".join(["A conversation about border questions and trade, recorded by the embassy."] * r.randint(1, 4)),
    }
    return rec


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps(record(i), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
