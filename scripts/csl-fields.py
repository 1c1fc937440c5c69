#!/usr/bin/env python3
"""How many values of a BibTeX or RIS file land in the right CSL-JSON variable,
for archcite and for another converter, side by side.

usage: csl-fields.py bibtex|ris [--archcite BIN] FILE...

BibTeX is converted by archcite and by pandoc; RIS by archcite and by
Citation.js (scripts/ris-to-csl.js). The input is parsed here, independently
of every converter: a BibTeX field parser (braces, quotes, `#`, @string macros)
and a RIS tag parser. Every source value with a defined CSL target (MAPPING
below) is looked for in that variable of the matching output item (same
position, or failing that the same title). Exit 1 when archcite puts fewer
values in the right field than the other converter, 2 on a usage error.
Python 3 standard library only.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# The mapping, as data. Each row: source field, the entry types it applies to
# (None: all), the CSL variables that are right for it, how values compare.
#
# Sources:
#   [CSL]  CSL 1.0.2 specification, Appendix IV "Variables" and the CSL-JSON
#          schema (csl-data.json).
#   [BLC]  biblatex-csl mapping as implemented by Citation.js plugin-bibtex
#          (src/mapping/biblatex.js, bibtexTypes.json) and pandoc's
#          Citeproc.BibTeX (citeproc library).
#   [CPJ]  citeproc-js documentation, "CSL-JSON input" and its RIS/BibTeX
#          notes; Zotero's field mappings (zotero-schema, CSL mappings).
#   [RIS]  RIS specification (RefMan 2011, "RIS format specifications") with
#          Citation.js plugin-ris (src/spec/new.json, old.js) and Zotero's
#          RIS translator for the tag meanings.
# ---------------------------------------------------------------------------

ARTICLE = {"article"}
SERIES_TYPES = {"book", "inbook", "incollection", "inproceedings", "proceedings", "conference", "collection"}

BIBTEX_MAPPING = [
    # field, types, targets, compare, source
    ("@key", None, ["id"], "text", "[CSL] id; [BLC] the citation key is the item id"),
    ("@type", None, ["type"], "type", "[BLC] bibtexTypes.json, pandoc; [CPJ]"),
    ("title", None, ["title"], "text", "[CSL] [BLC]"),
    ("journal", None, ["container-title"], "text", "[BLC] journal/journaltitle -> container-title"),
    ("journaltitle", None, ["container-title"], "text", "[BLC]"),
    ("booktitle", None, ["container-title"], "text", "[BLC] booktitle -> container-title"),
    ("number", ARTICLE, ["issue"], "text", "[BLC] number of an article -> issue"),
    ("number", SERIES_TYPES, ["collection-number"], "text", "[BLC] number in a series -> collection-number"),
    ("number", "other", ["number"], "text", "[BLC] number of a report and others -> number"),
    ("issue", None, ["issue"], "text", "[BLC]"),
    ("pages", None, ["page"], "pages", "[BLC] pages -> page"),
    ("address", None, ["publisher-place"], "text", "[BLC] address/location -> publisher-place"),
    ("location", None, ["publisher-place"], "text", "[BLC]"),
    ("publisher", None, ["publisher"], "text", "[BLC]"),
    ("institution", None, ["publisher"], "text", "[BLC] institution -> publisher"),
    ("school", None, ["publisher"], "text", "[BLC] school -> publisher"),
    ("organization", None, ["publisher"], "text", "[BLC] organization -> publisher"),
    ("volume", None, ["volume"], "text", "[BLC]"),
    ("edition", None, ["edition"], "text", "[BLC]"),
    ("series", None, ["collection-title"], "text", "[BLC] series -> collection-title"),
    ("chapter", None, ["chapter-number"], "text", "[CSL] chapter-number; [BLC]"),
    ("doi", None, ["DOI"], "text", "[CSL] DOI"),
    ("isbn", None, ["ISBN"], "text", "[CSL] ISBN"),
    ("issn", None, ["ISSN"], "text", "[CSL] ISSN"),
    ("url", None, ["URL"], "text", "[CSL] URL"),
    ("year", None, ["issued"], "year", "[BLC] year/date -> issued (the year is compared)"),
    ("date", None, ["issued"], "year", "[BLC]"),
    ("month", None, ["issued"], "month", "[BLC] month -> the month of issued"),
    ("author", None, ["author"], "names", "[CSL] [BLC] (family names compared)"),
    ("editor", None, ["editor"], "names", "[CSL] [BLC]"),
    ("translator", None, ["translator"], "names", "[CSL] [BLC]"),
    ("abstract", None, ["abstract"], "text", "[CSL] [BLC]"),
    ("note", None, ["note"], "text", "[BLC] note -> note"),
    ("keywords", None, ["keyword"], "keywords", "[BLC] keywords -> keyword"),
    ("language", None, ["language"], "text", "[BLC] language -> language"),
    ("urldate", None, ["accessed"], "date", "[BLC] urldate -> accessed"),
    ("type", None, ["genre"], "text", "[BLC] type -> genre"),
    ("pagetotal", None, ["number-of-pages"], "text", "[BLC] pagetotal -> number-of-pages"),
    ("eprint", None, ["number", "archive_location"], "text", "[BLC] eprint -> number (arXiv id)"),
]

# Entry type -> the CSL types that are right for it. [BLC] bibtexTypes.json and
# biblatexTypes.json; pandoc's Citeproc.BibTeX; where they differ, both count.
BIBTEX_TYPES = {
    "article": {"article-journal", "article-magazine", "article-newspaper", "article"},
    "book": {"book"},
    "mvbook": {"book"},
    "booklet": {"book", "pamphlet"},
    "inbook": {"chapter"},
    "incollection": {"chapter"},
    "inproceedings": {"paper-conference"},
    "conference": {"paper-conference"},
    "manual": {"report", "book"},
    "mastersthesis": {"thesis"},
    "phdthesis": {"thesis"},
    "thesis": {"thesis"},
    "misc": {"document", "article", "manuscript"},
    "online": {"webpage"},
    "www": {"webpage"},
    "electronic": {"webpage"},
    "proceedings": {"book"},
    "collection": {"book"},
    "techreport": {"report"},
    "report": {"report"},
    "unpublished": {"manuscript"},
    "patent": {"patent"},
    "dataset": {"dataset"},
    "software": {"software"},
}

EDITED_RIS = {"BOOK", "CHAP", "CONF", "CPAPER", "EDBOOK", "ECHAP", "ENCYC", "DICT"}
RIS_MAPPING = [
    ("ID", None, ["id"], "text", "[CSL] id; [RIS] ID reference id"),
    ("TY", None, ["type"], "type", "[RIS] Citation.js spec/types.json"),
    ("TI", None, ["title"], "text", "[RIS] TI/T1 title"),
    ("T1", None, ["title"], "text", "[RIS]"),
    ("JO", None, ["container-title", "container-title-short"], "text", "[RIS] JO/JF/JA/T2 periodical"),
    ("JF", None, ["container-title"], "text", "[RIS]"),
    ("JA", None, ["container-title-short", "container-title"], "text", "[RIS] JA abbreviation"),
    ("T2", {"BOOK"}, ["collection-title"], "text", "[RIS] T2 of a book is its series"),
    ("T2", "other", ["container-title"], "text", "[RIS] T2 secondary title"),
    ("BT", None, ["container-title"], "text", "[RIS] BT book title (old)"),
    ("T3", None, ["collection-title"], "text", "[RIS] T3 tertiary title (series)"),
    ("VL", None, ["volume"], "text", "[RIS]"),
    ("IS", None, ["issue"], "text", "[RIS]"),
    ("SP", None, ["page"], "pagestart", "[RIS] SP/EP -> page"),
    ("EP", None, ["page"], "pageend", "[RIS]"),
    ("PB", None, ["publisher"], "text", "[RIS]"),
    ("CY", None, ["publisher-place"], "text", "[RIS]"),
    ("SN", None, ["ISBN", "ISSN"], "text", "[RIS] SN is ISBN or ISSN"),
    ("DO", None, ["DOI"], "text", "[RIS] [CSL]"),
    ("UR", None, ["URL"], "text", "[RIS] [CSL]"),
    ("PY", None, ["issued"], "year", "[RIS] PY/Y1/DA -> issued (the year is compared)"),
    ("Y1", None, ["issued"], "year", "[RIS]"),
    ("DA", None, ["issued"], "year", "[RIS]"),
    ("Y2", None, ["accessed"], "date", "[RIS] Y2 access date"),
    ("AU", None, ["author"], "names", "[RIS] AU/A1 authors"),
    ("A1", None, ["author"], "names", "[RIS]"),
    ("ED", None, ["editor"], "names", "[RIS] ED editor"),
    ("A2", EDITED_RIS, ["editor"], "names", "[RIS] A2 of a book, chapter or conference is the editor"),
    ("AB", None, ["abstract"], "text", "[RIS]"),
    ("N2", None, ["abstract"], "text", "[RIS] N2 abstract (old)"),
    ("KW", None, ["keyword"], "keywords", "[RIS]"),
    ("N1", None, ["note"], "text", "[RIS]"),
    ("LA", None, ["language"], "text", "[RIS]"),
    ("ET", None, ["edition"], "text", "[RIS]"),
]

# [RIS] Citation.js plugin-ris src/spec/types.json, RIS -> CSL; Zotero's RIS
# translator where it differs (GEN -> document or article).
RIS_TYPES = {
    "ABST": {"article-journal"}, "ADVS": {"motion_picture"}, "AGGR": {"dataset"},
    "ANCIENT": {"classic", "manuscript"}, "ART": {"graphic"}, "BILL": {"bill"},
    "BLOG": {"post-weblog"}, "BOOK": {"book"}, "CASE": {"legal_case"},
    "CHAP": {"chapter"}, "CHART": {"figure"}, "CLSWK": {"classic", "book"},
    "COMP": {"software"}, "CONF": {"paper-conference"}, "CPAPER": {"paper-conference"},
    "CTLG": {"entry", "book"}, "DATA": {"dataset"}, "DBASE": {"dataset"},
    "DICT": {"entry-dictionary"}, "EBOOK": {"book"}, "ECHAP": {"chapter"},
    "EDBOOK": {"book"}, "EJOUR": {"article-journal"}, "ELEC": {"webpage"},
    "ENCYC": {"entry-encyclopedia"}, "FIGURE": {"figure"}, "GEN": {"document", "article"},
    "GOVDOC": {"report"}, "HEAR": {"hearing"}, "ICOMM": {"personal_communication"},
    "INPR": {"article-journal"}, "JFULL": {"article-journal"}, "JOUR": {"article-journal"},
    "LEGAL": {"legislation"}, "MANSCPT": {"manuscript"}, "MAP": {"map"},
    "MGZN": {"article-magazine"}, "MPCT": {"broadcast", "motion_picture"},
    "MUSIC": {"musical_score"}, "NEWS": {"article-newspaper"}, "PAMP": {"pamphlet"},
    "PAT": {"patent"}, "PCOMM": {"personal_communication"}, "RPRT": {"report"},
    "SER": {"periodical"}, "SOUND": {"song", "motion_picture"}, "STAND": {"standard"},
    "STAT": {"legislation"}, "THES": {"thesis"}, "UNPB": {"manuscript"},
    "VIDEO": {"motion_picture"}, "WEB": {"webpage"},
}

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

# ---------------------------------------------------------------------------
# Parsing the inputs

ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
           "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
           "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"}
LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
           "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}


def detex(s):
    """TeX accents to letters, specials to themselves, braces and command names out."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        i += 1
        if c in "{}":
            continue
        if c == "~":
            out.append(" ")
        elif c == "\\" and i < len(s):
            n = s[i]
            # \v{s} and \c c are accents; \verb or \url are commands.
            one_letter = not (i + 1 < len(s) and s[i + 1].isalpha())
            if n in ACCENTS and (not n.isalpha() or one_letter):
                i += 1
                while i < len(s) and s[i] in "{ ":
                    i += 1
                base = s[i] if i < len(s) else ""
                if base == "\\" and i + 1 < len(s) and s[i + 1] in "ij":
                    i += 1
                    base = s[i]
                i += 1
                out.append(base + ACCENTS[n])
            elif n.isalpha():
                m = re.match(r"[A-Za-z]+", s[i:]).group()
                i += len(m)
                if i < len(s) and s[i] == " ":
                    i += 1
                out.append(LETTERS.get(m, ""))
            else:
                i += 1
                out.append(" " if n == "\\" else n)
        else:
            out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def bib_entries(text):
    """(type, key, OrderedDict field -> raw value) for every entry; @string resolved."""
    macros = {m: m for m in MONTHS}
    entries, i, n = [], 0, len(text)
    while True:
        at = text.find("@", i)
        if at < 0:
            break
        m = re.match(r"@\s*([A-Za-z]+)\s*([{(])", text[at:])
        if not m:
            i = at + 1
            continue
        kind, close = m.group(1).lower(), "}" if m.group(2) == "{" else ")"
        i = at + m.end()
        if kind in ("comment", "preamble"):
            depth = 0
            while i < n and not (depth == 0 and text[i] == close):
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            i += 1
            continue
        fields, key = OrderedDict(), None
        if kind != "string":
            km = re.match(r"\s*([^,\s}]*)\s*,?", text[i:])
            key, i = km.group(1), i + km.end()
        while i < n:
            fm = re.match(r"\s*([^\s=,{}()\"#]+)\s*=\s*", text[i:])
            if not fm:
                end = re.match(r"[\s,]*", text[i:]).end()
                i += end
                if i < n and text[i] == close:
                    i += 1
                break
            name, i = fm.group(1).lower(), i + fm.end()
            parts = []
            while i < n:
                while i < n and text[i].isspace():
                    i += 1
                if i < n and text[i] == "{":
                    depth, j = 1, i + 1
                    while j < n and depth:
                        depth += {"{": 1, "}": -1}.get(text[j], 0)
                        j += 1
                    parts.append(text[i + 1:j - 1])
                    i = j
                elif i < n and text[i] == '"':
                    depth, j = 0, i + 1
                    while j < n and not (text[j] == '"' and depth == 0):
                        depth += {"{": 1, "}": -1}.get(text[j], 0)
                        j += 1
                    parts.append(text[i + 1:j])
                    i = j + 1
                else:
                    wm = re.match(r"[^\s,#}){]+", text[i:])
                    word = wm.group() if wm else ""
                    i += len(word)
                    parts.append(word if word.isdigit() else macros.get(word.lower(), word))
                while i < n and text[i].isspace():
                    i += 1
                if i < n and text[i] == "#":
                    i += 1
                    continue
                break
            value = "".join(parts)
            if kind == "string":
                macros[name] = value
            else:
                fields[name] = value
            while i < n and text[i] in " \t\r\n,":
                i += 1
            if i < n and text[i] == close:
                i += 1
                break
        if kind != "string":
            entries.append((kind, key, fields))
    return entries


def split_names(value):
    names, depth, current = [], 0, []
    for word in value.split():
        if depth == 0 and word.lower() == "and":
            names.append(" ".join(current))
            current = []
            continue
        current.append(word)
        depth += word.count("{") - word.count("}")
    names.append(" ".join(current))
    return [n for n in names if n.strip()]


def bib_family(name):
    """The family name of a BibTeX name ("von Last, First" or "First von Last")."""
    if "," in re.sub(r"\{[^{}]*\}", "", name):
        depth = 0
        for k, c in enumerate(name):
            depth += {"{": 1, "}": -1}.get(c, 0)
            if c == "," and depth == 0:
                return detex(name[:k])
    if name.strip().startswith("{") and name.strip().endswith("}"):
        return detex(name)
    words = name.split()
    for k in range(1, len(words) - 1):
        if detex(words[k])[:1].islower():
            return detex(" ".join(words[k:]))
    return detex(words[-1]) if words else ""


def bib_values(path):
    """Per entry: (entry type, [(field, value, kind of compare)])."""
    text = open(path, encoding="utf-8").read()
    records = []
    for kind, key, fields in bib_entries(text):
        values = [("@key", key), ("@type", kind)] + list(fields.items())
        rows = []
        for field, value in values:
            rule = pick(BIBTEX_MAPPING, field, kind)
            if rule:
                rows.append((field, value, rule))
        records.append({"type": kind, "title": detex(fields.get("title", "")), "values": rows})
    return records


def ris_records(path):
    records, current, last = [], None, None
    for line in open(path, encoding="utf-8-sig"):
        line = line.rstrip("\r\n")
        m = re.match(r"^([A-Z][A-Z0-9])  ?- ?(.*)$", line)
        if m:
            tag, value = m.group(1), m.group(2)
            if tag == "ER":
                if current is not None:
                    records.append(current)
                current, last = None, None
                continue
            if current is None:
                current = []
            current.append([tag, value.strip()])
            last = current[-1]
        elif last is not None and line.strip():
            last[1] += " " + line.strip()
    if current:
        records.append(current)
    return records


def ris_values(path):
    out = []
    for tags in ris_records(path):
        ty = next((v.upper() for t, v in tags if t == "TY"), "")
        rows = []
        for tag, value in tags:
            rule = pick(RIS_MAPPING, tag, ty)
            if rule and value:
                rows.append((tag, value, rule))
        title = next((v for t, v in tags if t in ("TI", "T1")), "")
        out.append({"type": ty, "title": title, "values": rows})
    return out


def pick(mapping, field, kind):
    """The mapping row for a field of an entry of this type, if any."""
    rows = [r for r in mapping if r[0] == field]
    for r in rows:
        if isinstance(r[1], set) and kind in r[1]:
            return r
    for r in rows:
        if r[1] is None:
            return r
    for r in rows:
        if r[1] == "other":
            return r
    return None


# ---------------------------------------------------------------------------
# Comparing


def norm(s):
    s = re.sub(r"<[^>]+>", "", str(s))
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", s).split())


def csl_texts(value):
    """A CSL variable's values as strings."""
    if value is None:
        return []
    if isinstance(value, list):
        return [t for v in value for t in csl_texts(v)]
    if isinstance(value, dict):
        if "date-parts" in value:
            return ["-".join(str(p) for p in parts) for parts in value["date-parts"] or []]
        for k in ("literal", "raw", "family"):
            if k in value:
                prefix = value.get("non-dropping-particle", "") if k == "family" else ""
                return [(prefix + " " + str(value[k])).strip()]
        return [json.dumps(value)]
    return [str(value)]


def csl_date_parts(value):
    """[(year, month)] of a CSL date."""
    out = []
    if isinstance(value, dict):
        for parts in value.get("date-parts") or []:
            parts = [int(p) for p in parts if str(p).lstrip("-").isdigit()]
            if parts:
                out.append((parts[0], parts[1] if len(parts) > 1 else None))
        for k in ("raw", "literal"):
            if isinstance(value.get(k), str):
                m = re.match(r"\s*(-?\d{1,4})(?:[-/](\d{1,2}))?", value[k])
                if m:
                    out.append((int(m.group(1)), int(m.group(2)) if m.group(2) else None))
    return out


def month_number(s):
    s = detex(s).strip().lower()
    for k, m in enumerate(MONTHS):
        if s.startswith(m):
            return k + 1
    return int(s) if s.isdigit() else None


def pages(s):
    return re.sub(r"\s+", "", re.sub(r"[\u2010-\u2015]|-+", "-", detex(s)))


def right(item, rule, value, source):
    """Whether the source value is in a right CSL variable of the item."""
    field, _, targets, compare, _ = rule
    got = [item.get(t) for t in targets if item.get(t) not in (None, "", [])]
    if not got:
        return False
    clean = detex(value) if source == "bibtex" else value
    texts = [t for g in got for t in csl_texts(g)]
    if compare == "text":
        return norm(clean) in {norm(t) for t in texts}
    if compare == "type":
        table = BIBTEX_TYPES if source == "bibtex" else RIS_TYPES
        allowed = table.get(value.lower() if source == "bibtex" else value.upper())
        return allowed is not None and any(t in allowed for t in texts)
    if compare == "pages":
        return pages(value) in {pages(t) for t in texts}
    if compare in ("pagestart", "pageend"):
        ends = [re.split(r"-", pages(t)) for t in texts]
        k = 0 if compare == "pagestart" else -1
        # SP alone may hold the whole range ("200-210"), as some exporters write it.
        return any(pages(value) in (e[k], "-".join(e)) for e in ends)
    if compare == "names":
        names = split_names(value) if source == "bibtex" else [value]
        families = [bib_family(n) if source == "bibtex" else value.split(",")[0] for n in names]
        have = {norm(t) for t in texts}
        return all(norm(f) in have or any(h.startswith(norm(f) + " ") or h.endswith(" " + norm(f)) for h in have)
                   for f in families if norm(f) and norm(f) != "others")
    if compare == "keywords":
        want = {norm(k) for k in re.split(r"[,;]", clean) if norm(k)}
        have = {norm(k) for t in texts for k in re.split(r"[,;]", t)}
        return want <= have
    dates = [d for g in got for d in csl_date_parts(g)]
    if compare == "year":
        m = re.search(r"-?\d{4}|\d{1,4}", clean)
        return m is not None and int(m.group()) in {y for y, _ in dates}
    if compare == "month":
        return month_number(value) in {mo for _, mo in dates}
    if compare == "date":
        nums = [int(x) for x in re.findall(r"\d+", clean)[:2]]
        return bool(nums) and any((y, mo)[:len(nums)] == tuple(nums) for y, mo in dates)
    return False


def match(records, items):
    """Output item for each input record: same position if the titles agree
    (or either has none), else the item with the same title, else by position."""
    by_title = {}
    for item in items:
        by_title.setdefault(norm(item.get("title", "")), item)
    out = []
    for k, rec in enumerate(records):
        at = items[k] if k < len(items) else None
        t = norm(detex(rec["title"]))
        if at is not None and (not t or not norm(at.get("title", "")) or norm(at.get("title", "")) == t):
            out.append(at)
        else:
            out.append(by_title.get(t, at) if t else at)
    return out


# ---------------------------------------------------------------------------
# Converters


def run(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, str(e)
    try:
        data = json.loads(p.stdout) if p.stdout.strip() else None
    except json.JSONDecodeError as e:
        return None, f"not JSON ({e}); {p.stderr.strip()[:300]}"
    if isinstance(data, dict):
        data = [data]
    if data is None:
        return None, f"exit {p.returncode}: {p.stderr.strip()[:300]}"
    return data, (p.stderr.strip()[:300] if p.returncode else "")


def converters(source, archcite):
    node_modules = os.environ.get(
        "CITATIONJS_NODE_MODULES", os.path.expanduser("~/.cache/conformance/node/node_modules"))
    if source == "bibtex":
        return [
            ("archcite", lambda f: [archcite, "convert", "--from", "bibtex", "--to", "csl-json", f]),
            ("pandoc", lambda f: ["pandoc", f, "-f", "bibtex", "-t", "csljson", "-s"]),
        ]
    env_node = ["env", f"NODE_PATH={node_modules}", "node", os.path.join(HERE, "ris-to-csl.js")]
    return [
        ("archcite", lambda f: [archcite, "convert", "--from", "ris", "--to", "csl-json", f]),
        ("citation-js", lambda f: env_node + [f]),
    ]


def main(argv):
    archcite = os.path.join(HERE, "..", "target", "release", "archcite")
    args = list(argv)
    if "--archcite" in args:
        k = args.index("--archcite")
        archcite = args[k + 1]
        del args[k:k + 2]
    if not args or args[0] not in ("bibtex", "ris") or len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, files = args[0], args[1:]
    tools = converters(source, archcite)
    # field -> [values, right per tool]
    rows = OrderedDict()
    totals = [0, [0] * len(tools)]
    notes = []
    for path in files:
        records = bib_values(path) if source == "bibtex" else ris_values(path)
        outputs = []
        for name, cmd in tools:
            items, err = run(cmd(path))
            if err:
                notes.append(f"{name} on {path}: {err}")
            outputs.append(match(records, items or []))
        for k, rec in enumerate(records):
            for field, value, rule in rec["values"]:
                row = rows.setdefault(field, [0, [0] * len(tools)])
                row[0] += 1
                totals[0] += 1
                for t, matched in enumerate(outputs):
                    item = matched[k] if k < len(matched) else None
                    if item is not None and right(item, rule, value, source):
                        row[1][t] += 1
                        totals[1][t] += 1
    names = [n for n, _ in tools]
    print(f"== {source} -> CSL-JSON: {len(files)} files; values in the right CSL variable")
    for note in notes:
        print(f"   note: {note}")
    head = f"{'field':<14} {'values':>7}" + "".join(f" {n:>13}" for n in names)
    print(head)
    pct = lambda a, b: f"{a:>5} {100.0 * a / b:5.1f}%" if b else f"{a:>5}     -"
    for field, (n, right_) in sorted(rows.items()):
        print(f"{field:<14} {n:>7}" + "".join(f" {pct(r, n):>13}" for r in right_))
    print(f"{'total':<14} {totals[0]:>7}" + "".join(f" {pct(r, totals[0]):>13}" for r in totals[1]))
    for n, r in zip(names, totals[1]):
        print(f"   {n}: {r} of {totals[0]} values with a defined CSL target in the right variable")
    ours, theirs = totals[1][0], totals[1][1]
    if ours < theirs:
        print(f"   archcite puts fewer values in the right field than {names[1]} ({ours} < {theirs})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
