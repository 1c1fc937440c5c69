#!/usr/bin/env python3
"""Check JSON-LD documents with a real JSON-LD processor (pyld), offline.

Usage: jsonld_check.py CONTEXT FILE...

CONTEXT is the vendored schema.org context (schemas/jsonld/); the document
loader serves it for https://schema.org and refuses every other address, so
nothing is fetched. Each FILE must:

1. expand without error;
2. use only terms the context defines, or `prov:` terms PROV-O defines, as
   keys and as `@type` values (the schema.org context has an `@vocab`, so a
   misspelt property would otherwise expand quietly to a made-up IRI);
3. lose nothing in expansion: every key of the compact document appears,
   as the IRI the context gives it, among the expanded document's property
   IRIs, and the expanded document holds as many values as the compact one.

Prints one line per file; exits 1 when any file fails.
"""

import json
import sys

from pyld import jsonld

# The PROV-O terms archcite writes and their neighbours: classes and
# properties of the PROV-O ontology (W3C Recommendation, 30 April 2013,
# https://www.w3.org/TR/prov-o/), starting-point and qualified terms.
PROV_TERMS = {
    "Entity", "Activity", "Agent", "Person", "Organization", "SoftwareAgent",
    "Role", "Attribution", "Association", "Generation", "Usage", "Derivation",
    "wasGeneratedBy", "wasDerivedFrom", "wasAttributedTo", "startedAtTime",
    "used", "wasInformedBy", "endedAtTime", "wasAssociatedWith",
    "actedOnBehalfOf", "generated", "wasInfluencedBy", "atTime",
    "qualifiedAttribution", "qualifiedAssociation", "qualifiedGeneration",
    "qualifiedUsage", "qualifiedDerivation", "agent", "hadRole", "entity",
    "activity", "hadPlan", "hadPrimarySource", "wasRevisionOf", "wasQuotedFrom",
    "atLocation", "value",
}
KEYWORDS = {"@id", "@type", "@graph", "@reverse", "@value", "@language"}
SCHEMA_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}


def loader_for(context_doc):
    def load(url, options=None):
        if url in SCHEMA_URLS:
            return {"contextUrl": None, "documentUrl": url, "document": context_doc}
        raise jsonld.JsonLdError("archcite's check fetches nothing", "loading document failed",
                                 {"url": url}, code="loading document failed")
    return load


def term_iri(ctx, term):
    """The IRI the context gives a term or a compact IRI; None when it gives none."""
    if term in ctx:
        d = ctx[term]
        iri = d if isinstance(d, str) else d.get("@id")
        if iri is None:
            return None
        return term_iri(ctx, iri) if ":" in iri and not iri.startswith("http") else iri
    if ":" in term:
        prefix, local = term.split(":", 1)
        if prefix == "prov" and local not in PROV_TERMS:
            return None
        base = ctx.get(prefix)
        if isinstance(base, str) and base.startswith("http"):
            return base + local
    return None


def walk(value, ctx, keys, problems, where):
    """Collect the compact keys (with their IRIs) and count the values."""
    count = 0
    if isinstance(value, list):
        for i, v in enumerate(value):
            count += walk(v, ctx, keys, problems, f"{where}[{i}]")
        return count
    if not isinstance(value, dict):
        return 1
    for key, v in value.items():
        at = f"{where}/{key}"
        if key == "@context":
            continue
        if key.startswith("@"):
            if key not in KEYWORDS:
                problems.append(f"{at}: unknown keyword")
            if key == "@type":
                for t in v if isinstance(v, list) else [v]:
                    if term_iri(ctx, t) is None:
                        problems.append(f"{at}: type `{t}` is not defined by the context")
            elif key in ("@value",):
                count += 1
            elif key in ("@reverse", "@graph"):
                count += walk(v, ctx, keys, problems, at)
            continue
        iri = term_iri(ctx, key)
        if iri is None:
            problems.append(f"{at}: `{key}` is not a term of the context")
            continue
        keys.add(iri)
        if isinstance(v, dict) and "@value" in v:
            count += 1
        else:
            count += walk(v, ctx, keys, problems, at)
    return count


def expanded_facts(value, iris):
    """Collect the expanded property IRIs and count the values."""
    count = 0
    if isinstance(value, list):
        return sum(expanded_facts(v, iris) for v in value)
    if not isinstance(value, dict):
        return 0
    if "@value" in value:
        return 1
    if set(value) == {"@id"}:
        return 1
    for key, v in value.items():
        if key in ("@reverse", "@graph"):
            count += expanded_facts(v, iris)
        elif not key.startswith("@"):
            iris.add(key)
            count += expanded_facts(v, iris)
    return count


def check(path, context_doc):
    ctx = context_doc["@context"]
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    expanded = jsonld.expand(doc, {"documentLoader": loader_for(context_doc)})
    problems, keys = [], set()
    compact_count = walk(doc, ctx, keys, problems, "")
    iris = set()
    expanded_count = expanded_facts(expanded, iris)
    for iri in sorted(keys - iris):
        problems.append(f"<{iri}> is in the document but not in its expansion")
    if compact_count != expanded_count:
        problems.append(f"{compact_count} values in the document, {expanded_count} after expansion")
    return problems, len(iris), expanded_count


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        context_doc = json.load(f)
    failed = False
    for path in argv[2:]:
        try:
            problems, properties, values = check(path, context_doc)
        except Exception as e:  # a processor error is a failure of the file
            problems, properties, values = [f"expansion failed: {e}"], 0, 0
        if problems:
            failed = True
            print(f"FAIL {path}")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"ok   {path}: {properties} properties, {values} values")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
