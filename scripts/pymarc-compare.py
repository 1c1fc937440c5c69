#!/usr/bin/env python3
"""pymarc reads archcite's binary MARC, and its MARCXML equals archcite's.

Usage: pymarc-compare.py RECORDS.mrc RECORDS.marcxml

Reads RECORDS.mrc (written by `archcite convert --to marc`) with pymarc,
strictly (any record pymarc cannot read fails), converts each record to
MARCXML with pymarc, and compares it with RECORDS.marcxml (written by
`archcite convert --to marcxml` from the same input) after canonicalisation:
each record as its leader (without the record length and base address,
which MARCXML leaves as placeholders), its control fields and its data fields
with indicators and subfields, in order. Prints the first difference and
exits 1 when they differ; prints the number of records and exits 0 when
they agree.
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
    sys.exit(main(sys.argv[1], sys.argv[2]))
