#!/usr/bin/env python3
"""pymarc reads archcite's binary MARC, and its MARCXML equals archcite's.

Usage: pymarc-compare.py RECORDS.mrc RECORDS.marcxml
       pymarc-compare.py --decoded INPUT.mrc RECORDS.marcxml

Reads RECORDS.mrc (written by `archcite convert --to marc`) with pymarc,
strictly (any record pymarc cannot read fails), converts each record to
MARCXML with pymarc, and compares it with RECORDS.marcxml (written by
`archcite convert --to marcxml` from the same input) after canonicalisation:
each record as its leader (without the record length and base address,
which MARCXML leaves as placeholders), its control fields and its data fields
with indicators and subfields, in order. Prints the first difference and
exits 1 when they differ; prints the number of records and exits 0 when
they agree.

With --decoded, INPUT.mrc is any binary MARC file (MARC-8 or UTF-8) and
RECORDS.marcxml is archcite's `--to marcxml` of it: every field pymarc decodes
from INPUT.mrc must be in archcite's record, in Normalization Form C (archcite
may add the fields it derives, such as 041 and 046). pymarc maps the MARC-8
ligature and double tilde halves to U+FE20-FE23, the Library of Congress
tables since 2004 to U+0361 and U+0360 on the first half: pymarc's are taken
to LC's before comparing.
"""
import sys
import xml.etree.ElementTree as ET

import pymarc

NS = "{http://www.loc.gov/MARC21/slim}"


def canonical(record_el):
    out = []
    for child in record_el:
        tag = child.tag.replace(NS, "")
        if tag == "leader":
            text = child.text or ""
            out.append(("leader", text[5:12] + text[17:]))
        elif tag == "controlfield":
            out.append(("controlfield", child.get("tag"), child.text or ""))
        elif tag == "datafield":
            subs = tuple((s.get("code"), s.text or "") for s in child if s.tag == NS + "subfield")
            out.append(("datafield", child.get("tag"), child.get("ind1"), child.get("ind2"), subs))
    return out


LC_HALVES = str.maketrans({"\ufe20": "\u0361", "\ufe21": None, "\ufe22": "\u0360", "\ufe23": None})


def decoded(mrc, marcxml):
    import unicodedata

    def nfc(field):
        return unicodedata.normalize("NFC", repr(field).translate(LC_HALVES))

    ours = [canonical(r) for r in ET.parse(marcxml).getroot().iter(NS + "record")]
    n = 0
    with open(mrc, "rb") as fh:
        reader = pymarc.MARCReader(fh, to_unicode=True, force_utf8=False, hide_utf8_warnings=True)
        for record in reader:
            if record is None:
                continue
            n += 1
            xml = pymarc.record_to_xml(record, namespace=True)
            theirs = [f for f in canonical(ET.fromstring(xml)) if f[0] != "leader"]
            if n > len(ours):
                print(f"record {n}: pymarc reads it, archcite's MARCXML has {len(ours)} records")
                return 1
            have = {nfc(f) for f in ours[n - 1]}
            missing = [f for f in theirs if nfc(f) not in have]
            if missing:
                print(f"record {n}: as pymarc decodes it, not in archcite's MARCXML: {missing[0]!r}")
                return 1
    print(f"{n} records: every field pymarc decodes is in archcite's MARCXML")
    return 0


def main(mrc, marcxml):
    theirs = []
    with open(mrc, "rb") as fh:
        reader = pymarc.MARCReader(fh, to_unicode=True, force_utf8=False, utf8_handling="strict")
        for n, record in enumerate(reader, 1):
            if record is None:
                print(f"{mrc}: record {n}: pymarc cannot read it: {reader.current_exception!r}")
                return 1
            if record.leader[9] != "a":
                print(f"{mrc}: record {n}: Leader/09 is {record.leader[9]!r}, not 'a' (UTF-8)")
                return 1
            theirs.append(canonical(ET.fromstring(pymarc.record_to_xml(record, namespace=True))))
    ours = [canonical(r) for r in ET.parse(marcxml).getroot().iter(NS + "record")]
    if len(ours) != len(theirs):
        print(f"pymarc read {len(theirs)} records from {mrc}; {marcxml} has {len(ours)}")
        return 1
    for n, (a, b) in enumerate(zip(ours, theirs), 1):
        if a != b:
            for x, y in zip(a, b):
                if x != y:
                    print(f"record {n}: archcite MARCXML {x!r}\n          pymarc from .mrc {y!r}")
                    break
            else:
                print(f"record {n}: {len(a)} fields in archcite's MARCXML, {len(b)} in pymarc's")
            return 1
    print(f"{len(ours)} records agree")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--decoded":
        sys.exit(decoded(sys.argv[2], sys.argv[3]))
    sys.exit(main(sys.argv[1], sys.argv[2]))
