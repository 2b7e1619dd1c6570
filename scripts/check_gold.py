#!/usr/bin/env python3
"""Check the bundled gold annotations against their texts.

Usage:
    python3 scripts/check_gold.py [--texts DIR] [--gold DIR] [--eras CSV] [--hints] [--strict]

Defaults: corpus/texts and corpus/gold of this repository; the era table is looked
up as $SHILU_ERAS, ../shared/data/eras/ddbc_eras.csv (reference data beside the repository).

For every NAME.json in the gold directory (and NAME.txt in the text directory;
baseline.json, the score baseline of `shilu eval`, is skipped):
  * the JSON has the gold schema: doc == NAME, lists persons/places/dates/troops,
    the required fields, a known place "kind" and troop "qualifier";
  * every person/place mention and every date/troop mention occurs verbatim in the
    text; a date or troop mention used by k entries occurs at least k times;
  * person keys equal the canonical name lower-cased with diacritics stripped
    (ü -> u), place keys likewise for "name"; keys are unique within a document and
    no alt_key of one entity is the key of another;
  * era dates: the year is recomputed from the DDBC era table
    (era_year1_western + era_year - 1).  An optional "regime" field (Song, Liao,
    Jin, Western Xia, Yuan, or a DDBC dynasty_en value) selects the regime; a
    mismatch is an error.  Without "regime", an era name whose candidate years
    differ across regimes gives a warning (an error if the year matches none);
  * plain-year dates have era null and the year's digits in the mention;
  * troops: a known qualifier (value_max only for ranges); optional "role" from the
    role list of docs/annotation.md and optional "side" (a polity string or null).

Prints one line per problem, "FILE: error: ..." or "FILE: warning: ...".  Exits 1
when there is an error (or, with --strict, a warning), else 0.  --hints also prints
"FILE: hint: ..." lines for year-like numbers, troop-like counts and capitalised
words that no gold mention covers (for the annotator; they never fail the run).
Python 3 standard library only.
"""
import csv
import glob
import json
import os
import re
import sys
import unicodedata

KINDS = {"city", "prefecture", "river", "mountain", "region", "state", "other"}
QUALIFIERS = {"exact", "approx", "more_than", "less_than", "at_least", "at_most", "range"}
ROLES = {"strength", "reinforcement", "garrison", "casualties", "wounded", "captured", "survivors",
         "civilians", "unknown"}
REGIME_ALIASES = {
    "song": {"northern song", "southern song"},
    "northern song": {"northern song"},
    "southern song": {"southern song"},
    "jin": {"jin (jurchen)"},
    "jurchen jin": {"jin (jurchen)"},
    "liao": {"liao"},
    "western xia": {"western xia"},
    "xia": {"western xia"},
    "yuan": {"yuan", "great mongol state"},
    "mongol": {"great mongol state", "yuan"},
    "western liao": {"western liao (qara khitai)"},
}
NUMBER_WORDS = ("thousand", "hundred", "million", "myriad")

# Capitalised words that are never entity names by themselves (for --hints only).
HINT_STOP = set("""
A About According After Against All Along Also Although Among An And Another Any
Army Armies As At Battle Battles Before Being Both Brother But By Capital Chapter
Circuit City Court Crown Dynasty Dynasties Each East Eastern Emperor Empire Empress
Even Every Few For From General Generals Great He Her Here His How However I If
In Inside Into It Its Just Khan Khanate King Kingdom Later Let Lord Many Meanwhile
Minister More Most My Neither No Nor North Northern Not Now Of On One Only Or Our
Over Prefecture Prime Prince Province River Road Route Says See She Since So Some
South Southern Still Such Than That The Their Then There These They This Those
Though Three Through Thus To Today Two Under Until Upon We West Western What When
Where Which While Who Why With Within Without Yet You Your
January February March April May June July August September October November December
First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Eleventh Twelfth
Song Sung Liao Jin Chin Xia Hsia Yuan Mongol Mongols Mongolian Jurchen Jurchens
Khitan Khitans Tangut Tanguts Chinese Han Tatar Tatars Uighur Uyghur Northerners
""".split())


def fold(s):
    s = unicodedata.normalize("NFKD", str(s))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def era_norm(s):
    return re.sub(r"[\s'\u2019\u2018\u02bc\u02bb`\-]", "", fold(s))


def default_eras_path(repo):
    cands = [os.environ.get("SHILU_ERAS"),
             os.path.join(repo, "..", "shared", "data", "eras", "ddbc_eras.csv")]
    for c in cands:
        if c and os.path.exists(c):
            return os.path.abspath(c)
    return None


def load_eras(path):
    """era_norm(name) -> list of groups {dynasty, year1, start, end}."""
    groups = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            name = r.get("era_pinyin_ascii") or ""
            if not name or not r.get("era_year1_western"):
                continue
            try:
                y1 = int(r["era_year1_western"])
                start = int(r["start_year"])
                end = int(r["end_year"])
            except ValueError:
                continue
            dyn = (r.get("dynasty_en") or "").strip()
            k = (era_norm(name), dyn.lower(), y1)
            g = groups.get(k)
            if g is None:
                groups[k] = {"dynasty": dyn, "year1": y1, "start": start, "end": end}
            else:
                g["start"] = min(g["start"], start)
                g["end"] = max(g["end"], end)
    out = {}
    for (en, _, _), g in groups.items():
        out.setdefault(en, []).append(g)
    return out


def regime_dynasties(regime):
    r = regime.strip().lower()
    return REGIME_ALIASES.get(r, {r})


def count_occurrences(text, sub):
    if not sub:
        return 0
    n, i = 0, text.find(sub)
    while i >= 0:
        n += 1
        i = text.find(sub, i + len(sub))
    return n


def bounded(text, sub):
    """True if sub occurs at least once not glued to letters/digits."""
    for m in re.finditer(re.escape(sub), text):
        a, b = m.start(), m.end()
        before = text[a - 1] if a > 0 else " "
        after = text[b] if b < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
    return False


class Report:
    def __init__(self):
        self.errors = 0
        self.warnings = 0

    def error(self, name, msg):
        self.errors += 1
        print(f"{name}: error: {msg}")

    def warn(self, name, msg):
        self.warnings += 1
        print(f"{name}: warning: {msg}")


GENERIC = {"prefecture", "county", "city", "province", "district", "circuit", "road",
           "town", "fortress", "fort", "camp", "river", "mountain", "mountains", "pass",
           "village", "region", "mansion"}
_DROP = re.compile(r"[\u0027\u2019\u2018\u02bc\u02bb`\-\u2010\u2011\u2012\u2013\u2014_.]")


def scorer_key(s, place):
    """The key normalisation of `shilu eval` (places drop trailing generic words)."""
    s = _DROP.sub("", fold(s))
    if place:
        words = s.split()
        while len(words) > 1 and words[-1] in GENERIC:
            words.pop()
        return "".join(words)
    return re.sub(r"\s+", "", s)


def check_entities(rep, name, text, items, kind, keyfield):
    keys = {}
    alt = []
    if not isinstance(items, list):
        rep.error(name, f"'{kind}' is not a list")
        return []
    spans = []
    for i, e in enumerate(items):
        where = f"{kind}[{i}]"
        if not isinstance(e, dict):
            rep.error(name, f"{where} is not an object")
            continue
        canon = e.get(keyfield)
        key = e.get("key")
        if not isinstance(canon, str) or not canon.strip():
            rep.error(name, f"{where} has no '{keyfield}'")
            continue
        where = f"{kind} '{canon}'"
        if not isinstance(key, str) or not key:
            rep.error(name, f"{where} has no key")
        elif key != fold(canon):
            rep.error(name, f"{where}: key '{key}' != '{fold(canon)}' (lower-cased, diacritics stripped)")
        if key in keys:
            rep.error(name, f"{where}: key '{key}' also used by '{keys[key]}'")
        keys[key] = canon
        ments = e.get("mentions")
        if not isinstance(ments, list) or not ments:
            rep.error(name, f"{where} has no mentions")
            ments = []
        if len(set(ments)) != len(ments):
            rep.error(name, f"{where}: duplicate mention strings")
        for m in ments:
            if not isinstance(m, str) or not m.strip():
                rep.error(name, f"{where}: empty mention")
                continue
            if m != m.strip():
                rep.error(name, f"{where}: mention {m!r} has surrounding whitespace")
            if m not in text:
                rep.error(name, f"{where}: mention {m!r} not in text")
            elif not bounded(text, m):
                rep.warn(name, f"{where}: mention {m!r} only occurs inside a longer word")
            else:
                spans.append(m)
        ak = e.get("alt_keys", [])
        if not isinstance(ak, list):
            rep.error(name, f"{where}: alt_keys is not a list")
            ak = []
        for a in ak:
            if not isinstance(a, str) or not a or a != a.lower():
                rep.error(name, f"{where}: alt_key {a!r} is not a lower-case string")
            alt.append((a, canon))
        if kind == "places":
            if e.get("kind") not in KINDS:
                rep.error(name, f"{where}: kind {e.get('kind')!r} not in {sorted(KINDS)}")
    for a, canon in alt:
        if a in keys and keys[a] != canon:
            rep.error(name, f"{kind} '{canon}': alt_key '{a}' is the key of '{keys[a]}'")
    # After the scorer's normalisation two entities must not share a key or alt_key:
    # the scorer could then match only one of them.
    owner = {}
    for e in items:
        if not isinstance(e, dict) or not isinstance(e.get(keyfield), str):
            continue
        ks = {scorer_key(k, kind == "places") for k in [e.get("key") or ""] + list(e.get("alt_keys") or [])
              if isinstance(k, str) and k}
        for k in ks:
            if k in owner and owner[k] != e[keyfield]:
                rep.warn(name, f"{kind} '{e[keyfield]}' and '{owner[k]}' both normalise to '{k}' in the scorer")
            owner.setdefault(k, e[keyfield])
    return spans


def check_dates(rep, name, text, items, eras):
    spans = []
    if not isinstance(items, list):
        rep.error(name, "'dates' is not a list")
        return spans
    need = {}
    for i, d in enumerate(items):
        if not isinstance(d, dict):
            rep.error(name, f"dates[{i}] is not an object")
            continue
        m = d.get("mention")
        where = f"date {m!r}"
        if not isinstance(m, str) or not m:
            rep.error(name, f"dates[{i}] has no mention")
            continue
        need[m] = need.get(m, 0) + 1
        spans.append(m)
        year = d.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            rep.error(name, f"{where}: year {year!r} is not an integer")
            continue
        era = d.get("era")
        ny = d.get("era_year")
        if not era:
            if ny is not None:
                rep.error(name, f"{where}: era_year without era")
            # "r. 1123–35": the second year of an abbreviated range has mention "1123–35".
            short = re.search(r"\d{3,4}\s*[-\u2010-\u2015]\s*(\d{2})$", m)
            if str(year) not in m and not (short and str(year).endswith(short.group(1))):
                rep.error(name, f"{where}: plain date but mention lacks the digits {year}")
            continue
        if not isinstance(ny, int) or isinstance(ny, bool) or ny < 1:
            rep.error(name, f"{where}: era_year {ny!r} is not a positive integer")
            continue
        if eras is None:
            continue
        groups = eras.get(era_norm(era))
        if not groups:
            rep.error(name, f"{where}: era '{era}' not in the era table")
            continue
        regime = d.get("regime")
        if regime:
            dyns = regime_dynasties(regime)
            groups = [g for g in groups if g["dynasty"].lower() in dyns]
            if not groups:
                rep.error(name, f"{where}: era '{era}' not found for regime '{regime}'")
                continue
        cands = {}
        for g in groups:
            y = g["year1"] + ny - 1
            if g["start"] <= y <= g["end"]:
                cands.setdefault(y, set()).add(g["dynasty"])
        if not cands:
            spans_txt = ", ".join(f"{g['dynasty']} {g['start']}-{g['end']}" for g in groups)
            rep.error(name, f"{where}: {era} {ny} lies outside the era ({spans_txt})")
            continue
        desc = "; ".join(f"{'/'.join(sorted(v))}: {y}" for y, v in sorted(cands.items()))
        if year not in cands:
            rep.error(name, f"{where}: year {year} but {era} {ny} = {desc}")
        elif len(cands) > 1:
            which = "within regime '%s'" % regime if regime else "across regimes"
            rep.warn(name, f"{where}: era '{era}' is ambiguous {which} ({desc}); add/adjust \"regime\"")
        if regime is None and len(cands) == 1:
            pass
    for m, k in need.items():
        n = count_occurrences(text, m)
        if n == 0:
            rep.error(name, f"date mention {m!r} not in text")
        elif n < k:
            rep.error(name, f"date mention {m!r} used by {k} entries but occurs {n} time(s)")
    return spans


def check_troops(rep, name, text, items):
    spans = []
    if not isinstance(items, list):
        rep.error(name, "'troops' is not a list")
        return spans
    need = {}
    for i, t in enumerate(items):
        if not isinstance(t, dict):
            rep.error(name, f"troops[{i}] is not an object")
            continue
        m = t.get("mention")
        where = f"troops {m!r}"
        if not isinstance(m, str) or not m:
            rep.error(name, f"troops[{i}] has no mention")
            continue
        need[m] = need.get(m, 0) + 1
        spans.append(m)
        v = t.get("value")
        if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
            rep.error(name, f"{where}: value {v!r} is not a positive integer")
        q = t.get("qualifier")
        if q not in QUALIFIERS:
            rep.error(name, f"{where}: qualifier {q!r} not in {sorted(QUALIFIERS)}")
        vm = t.get("value_max", None)
        if q == "range":
            if not isinstance(vm, int) or not isinstance(v, int) or vm <= v:
                rep.error(name, f"{where}: range needs an integer value_max > value")
        elif vm is not None:
            rep.error(name, f"{where}: value_max set but qualifier is {q!r}")
        if "role" in t and t["role"] not in ROLES:
            rep.error(name, f"{where}: role {t['role']!r} not in {sorted(ROLES)}")
        if "side" in t and t["side"] is not None and (not isinstance(t["side"], str) or not t["side"]):
            rep.error(name, f"{where}: side must be a non-empty string or null")
        if not re.search(r"\d", m) and not any(w in m.lower() for w in NUMBER_WORDS) \
                and not re.search(r"\b(ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b", m.lower()):
            rep.warn(name, f"{where}: mention has no number")
    for m, k in need.items():
        n = count_occurrences(text, m)
        if n == 0:
            rep.error(name, f"troops mention {m!r} not in text")
        elif n < k:
            rep.error(name, f"troops mention {m!r} used by {k} entries but occurs {n} time(s)")
    return spans


def hints(name, text, covered_strings):
    covered = [False] * len(text)
    for s in set(covered_strings):
        for m in re.finditer(re.escape(s), text):
            for i in range(m.start(), m.end()):
                covered[i] = True

    def free(a, b):
        return not any(covered[a:b])

    out = []
    for m in re.finditer(r"(?<![\d,])\d{3,4}(?![\d,])", text):
        y = int(m.group())
        if 900 <= y <= 1400 and free(m.start(), m.end()):
            out.append(f"uncovered year-like number {m.group()!r} at {m.start()}: ...{text[max(0, m.start()-30):m.end()+10]!r}")
    num = r"(?:\d{1,3}(?:,\d{3})+|\d{4,}|(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a|several|tens of|hundreds of)[\s-])*(?:hundred|thousand|million)s?)"
    for m in re.finditer(num, text, flags=re.I):
        if free(m.start(), m.end()):
            tok = m.group()
            if re.fullmatch(r"\d{3,4}", tok) and 900 <= int(tok) <= 1400:
                continue
            out.append(f"uncovered count {tok!r} at {m.start()}: ...{text[max(0, m.start()-30):m.end()+30]!r}")
    for m in re.finditer(r"\b[A-Z][\w'’ʻ‘ǜüēéǎāíóúǐǒū-]+", text):
        w = m.group()
        if w in HINT_STOP or not free(m.start(), m.end()):
            continue
        out.append(f"uncovered capitalised word {w!r} at {m.start()}")
    for h in out:
        print(f"{name}: hint: {h}")


def main(argv):
    import argparse
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", default=os.path.join(repo, "corpus", "texts"))
    ap.add_argument("--gold", default=os.path.join(repo, "corpus", "gold"))
    ap.add_argument("--eras", default=None)
    ap.add_argument("--hints", action="store_true")
    ap.add_argument("--strict", action="store_true", help="warnings also fail")
    args = ap.parse_args(argv[1:])
    rep = Report()
    eras_path = args.eras or default_eras_path(repo)
    eras = None
    if not eras_path or not os.path.exists(eras_path):
        rep.error("check_gold", f"era table not found ({eras_path}); use --eras or SHILU_ERAS")
    else:
        eras = load_eras(eras_path)
    # baseline.json in the gold directory holds the F1 baseline of `shilu eval`, not gold.
    golds = sorted(g for g in glob.glob(os.path.join(args.gold, "*.json"))
                   if os.path.basename(g) != "baseline.json")
    texts = sorted(glob.glob(os.path.join(args.texts, "*.txt")))
    if not golds:
        rep.error("check_gold", f"no gold files in {args.gold}")
    gold_names = {os.path.basename(g)[:-5] for g in golds}
    for t in texts:
        n = os.path.basename(t)[:-4]
        if n not in gold_names:
            rep.error(n + ".txt", "text has no gold file")
    for gpath in golds:
        stem = os.path.basename(gpath)[:-5]
        name = stem + ".json"
        tpath = os.path.join(args.texts, stem + ".txt")
        if not os.path.exists(tpath):
            rep.error(name, f"no text {tpath}")
            continue
        with open(tpath, encoding="utf-8") as fh:
            text = fh.read()
        try:
            with open(gpath, encoding="utf-8") as fh:
                g = json.load(fh)
        except ValueError as exc:
            rep.error(name, f"invalid JSON: {exc}")
            continue
        if not isinstance(g, dict):
            rep.error(name, "top level is not an object")
            continue
        if g.get("doc") != stem:
            rep.error(name, f"doc is {g.get('doc')!r}, expected {stem!r}")
        for f in ("persons", "places", "dates", "troops"):
            if f not in g:
                rep.error(name, f"missing '{f}'")
        cov = []
        cov += check_entities(rep, name, text, g.get("persons", []), "persons", "canonical")
        cov += check_entities(rep, name, text, g.get("places", []), "places", "name")
        cov += check_dates(rep, name, text, g.get("dates", []), eras)
        cov += check_troops(rep, name, text, g.get("troops", []))
        if args.hints:
            hints(name, text, cov)
    bad = rep.errors or (args.strict and rep.warnings)
    if rep.errors or rep.warnings:
        print(f"check_gold: {len(golds)} gold file(s), {rep.errors} error(s), {rep.warnings} warning(s)",
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
