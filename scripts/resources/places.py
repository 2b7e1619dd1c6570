#!/usr/bin/env python3
"""Generate the gazetteer tables of the shilu places module.

    python3 scripts/resources/places.py            # write corpus/resources/places/*.tsv
    python3 scripts/resources/places.py --check    # regenerate in memory, diff, validate

Inputs (../shared/data, see corpus/resources/places/SOURCES.md):
  places/historical_places_seed.tsv        hand-compiled historical places (CC BY 4.0)
  places/geonames_cities500_cn_region.tsv  GeoNames populated places (CC BY 4.0)
  places/geonames_admin1_cn.tsv            GeoNames province codes (CC BY 4.0)
  names/pinyin_syllables.tsv, names/pinyin_wadegiles.tsv, names/wadegiles_to_pinyin.tsv
  names/place_old_romanizations_core.tsv, names/place_variants_geonames_cn.tsv

Outputs (corpus/resources/places/):
  historical.tsv  historical layer: one row per place reading, variants (same name, keyed
                  to the canonical) and aliases (other names, keyed by their own pinyin)
  modern.tsv      modern layer: provinces, prefecture-level cities, county seats, big towns
  syllables.tsv   pinyin and Wade-Giles syllables (discovery of unknown romanized names)

historical_manual.tsv, generic.tsv and context.tsv are hand-edited; --check validates the
manual table against the generated one (ids, kinds, coordinates).
Standard library only.
"""
import argparse
import difflib
import math
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.normpath(os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "corpus", "resources", "places")
DATE = "2026-11-21"

COLUMNS = ["id", "canonical", "kind", "regime", "start_year", "end_year", "modern", "province",
           "lat", "lon", "zh", "variants", "aliases", "flags"]
KINDS = {"capital", "superior_prefecture", "prefecture", "military_prefecture", "circuit", "route",
         "county", "city", "town", "site", "fortress", "pass", "river", "canal", "lake",
         "mountain", "mountain_range", "region", "province", "ferry", "island", "district"}
# Generic words stripped to compare names ("Kaifeng Fu" ~ "Kaifeng", "Dasanguan" ~ "Dasan Pass").
GENERIC_EN = {"prefecture", "county", "city", "province", "circuit", "road", "town", "river",
              "mountain", "mountains", "pass", "lake", "fortress", "range", "marsh", "canal"}
GENERIC_PY = ["fu", "lu", "jun", "zhen", "xian", "shi", "qu", "guan", "he", "jiang", "shui", "shan",
              "hu", "cheng"]
# Common postal-system syllables (Kiangsu, Chinkiang, Foochow, Kwangtung …) for reading
# unhyphenated old spellings; the Wade-Giles table has no postal forms.
POSTAL = {"kiang": "jiang", "kien": "jian", "king": "jing", "kin": "jin", "kiu": "jiu", "chow": "zhou",
          "kwang": "guang", "kwei": "gui", "kwan": "guan", "tsing": "qing", "hing": "xing", "sian": "xian",
          "siang": "xiang", "hwang": "huang", "hwa": "hua", "yung": "yong", "kiao": "jiao"}
STRIP_MODERN = [" Chengguanzhen", " Fuchengzhen", " Chengguan", " Zhen", " Shi", " Xian", " Qu",
                " Xiang"]


def read_tsv(path):
    rows = []
    header = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells)))
    return rows


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower().replace("\u2019", "'").replace("\u2018", "'")


def compact(s):
    return re.sub(r"[\s'\-\.]", "", fold(s))


class Syllables:
    def __init__(self):
        self.pinyin = set()
        self.to_wg = {}
        for r in read_tsv(os.path.join(DATA, "names", "pinyin_syllables.tsv")):
            if r["status"] in ("core", "extra") and re.search(r"[aeiouv]", fold(r["syllable"])):
                self.pinyin.add(fold(r["syllable"]))  # no interjections (r, m, ng, hm)
        for r in read_tsv(os.path.join(DATA, "names", "pinyin_wadegiles.tsv")):
            if r["status"] == "core":
                self.to_wg[fold(r["pinyin"])] = r["wg"]
        self.wg = {}
        for r in read_tsv(os.path.join(DATA, "names", "wadegiles_to_pinyin.tsv")):
            self.wg.setdefault(fold(r["wg_form"]).replace("'", ""), fold(r["pinyin"]))
        self.wg_full = {}
        for r in read_tsv(os.path.join(DATA, "names", "wadegiles_to_pinyin.tsv")):
            if r["is_default"] == "1":
                self.wg_full.setdefault(fold(r["wg_form"]), fold(r["pinyin"]))
        for w, p in POSTAL.items():
            self.wg_full.setdefault(w, p)

    def wg_segment_pinyin(self, word):
        """Unhyphenated Wade-Giles/postal word ("Hangchou", "Pienliang") -> pinyin, or None."""
        s = fold(word).replace("'", "")
        n = len(s)
        best = [None] * (n + 1)
        best[0] = []
        forms = {k.replace("'", ""): v for k, v in self.wg_full.items()}
        for i in range(n):
            if best[i] is None:
                continue
            for j in range(min(n, i + 7), i, -1):
                if s[i:j] in forms:
                    cand = best[i] + [forms[s[i:j]]]
                    if best[j] is None or len(cand) < len(best[j]):
                        best[j] = cand
        return "".join(best[n]) if best[n] and len(best[n]) >= 2 else None

    def segment(self, word):
        """Pinyin syllables of one word (apostrophes split), or None."""
        out = []
        for part in re.split(r"['\-]", fold(word)):
            if not part:
                continue
            seg = self._seg(part)
            if seg is None:
                return None
            out += seg
        return out or None

    def _seg(self, s):
        n = len(s)
        best = [None] * (n + 1)
        best[0] = []
        for i in range(n):
            if best[i] is None:
                continue
            for j in range(min(n, i + 6), i, -1):
                if s[i:j] in self.pinyin:
                    cand = best[i] + [s[i:j]]
                    if best[j] is None or len(cand) < len(best[j]):
                        best[j] = cand
        return best[n]

    def wade_giles(self, name):
        """'Kaifeng' -> "K'ai-feng"; None if a syllable has no WG form."""
        words = []
        for w in name.split():
            if w.lower() in GENERIC_EN:
                words.append(w)
                continue
            syl = self.segment(w)
            if not syl or len(syl) < 2:
                return None
            wg = []
            for s in syl:
                if s not in self.to_wg:
                    return None
                wg.append(self.to_wg[s])
            words.append("-".join(wg).capitalize())
        return " ".join(words)

    def wg_to_pinyin_compact(self, variant):
        """Compact pinyin of a Wade-Giles hyphenated form, or None."""
        out = []
        for w in fold(variant).split():
            if w in GENERIC_EN:
                out.append(w)
                continue
            parts = w.split("-")
            if len(parts) < 2:
                return None
            for p in parts:
                py = self.wg_full.get(p) or self.wg.get(p.replace("'", ""))
                if py is None:
                    return None
                out.append(py)
        return "".join(out)


def stem(name):
    """Compact form without trailing generic words: 'Dasan Pass' -> 'dasan'."""
    words = fold(name).split()
    while len(words) > 1 and words[-1] in GENERIC_EN | set(GENERIC_PY):
        words.pop()
    s = compact(" ".join(words))
    for g in GENERIC_PY:
        if s.endswith(g) and len(s) > len(g) + 3:
            s2 = s[: -len(g)]
            return s2
    return s


def clean_canonical(row):
    name = row["name"]
    aliases = []
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if " / " in name:
        first, rest = name.split(" / ", 1)
        aliases.append(re.sub(r" (Fu|Lu|Jun)$", "", rest))
        name = first
    kind = row["feature_type"]
    parts = name.split()
    if kind == "capital" and len(parts) >= 2 and parts[0].lower().endswith("jing"):
        aliases.append(re.sub(r" (Fu|Lu|Jun)$", "", " ".join(parts[1:])))
        name = parts[0]
    if kind in ("superior_prefecture", "circuit", "route", "military_prefecture", "capital", "prefecture"):
        name = re.sub(r" (Fu|Lu|Jun|Zhou)$", "", name)
    return name, [a for a in aliases if a]


def classify_variant(syl, canonical, variant):
    """'variant' (same name), 'alias' (another name) or None (skip)."""
    v = variant.strip()
    if not v or re.search(r"\b(of|Treaty|Battle|old city)\b", v) or "(" in v:
        return None
    words = v.split()
    st = stem(canonical)
    if compact(v) == compact(canonical) or stem(v) == st:
        return "variant"
    wgc = syl.wg_to_pinyin_compact(re.sub(r"-(fu|lu|chen|hsien|kuan)$", "", v, flags=re.I))
    if wgc is not None and (wgc == st or wgc.startswith(st) and len(wgc) - len(st) <= 4):
        return "variant"
    pinyin_words = [w for w in words if syl.segment(w) is not None]
    if len(pinyin_words) < len(words):
        # an English rendering ("Eastern Capital", "Yellow Dragon"); qualified names skipped
        if any(w in ("Jin", "Liao", "Song", "Yuan", "Ming") for w in words):
            return None  # "Jin Nanjing": the regime before a name is read in context
        if len([w for w in words if w[:1].isupper()]) != len(words):
            return None
        return "variant"
    if "-" in v and wgc is not None:
        return "alias"
    words = re.sub(r" (Fu|Lu|Jun)$", "", v).split()
    if len(words) > 1:
        lw = words[-1].lower()
        if lw not in GENERIC_EN and lw not in ("zhou", "xian", "shan"):
            # "Nanjing Kaifeng Fu", "Jin Nanjing": two names or qualified
            if lw in ("he", "jiang", "shui", "hu"):
                return "alias"
            return None
    return "alias"


OLD = {}


def load_old():
    for r in read_tsv(os.path.join(DATA, "names", "place_old_romanizations_core.tsv")):
        if r["system"] in ("postal", "irregular_exonym") and r["kind"] != "historical":
            OLD.setdefault(compact(r["old_form"]), r["pinyin"])


def build_historical(syl):
    load_old()
    rows = []
    for r in read_tsv(os.path.join(DATA, "places", "historical_places_seed.tsv")):
        canonical, aliases = clean_canonical(r)
        variants = []
        natural = r["feature_type"] in ("river", "canal", "lake", "mountain", "mountain_range")
        if natural and canonical.endswith(" River"):
            # "Huai" for "Huai River": a single syllable, read only in river contexts
            st = canonical[: -len(" River")]
            if syl.segment(st):
                variants.append(st)
        for v in r["variants"].split("|"):
            v = v.strip()
            c = classify_variant(syl, canonical, v)
            if natural and (c == "alias" or (c is None and not re.search(r"\b(of|Battle|Treaty)\b|\(", v))):
                c = "variant"  # one river, one entity: Huanghe = Yellow River, Shira Muren
            py = OLD.get(compact(v))
            if c is not None and py and stem(py) != stem(canonical):
                aliases.append("%s=%s" % (v, py))  # Mukden is Shenyang, Chinkiang is Zhenjiang
                continue
            if c == "alias" and " " not in v:
                wgish = "-" in v or syl.segment(v) is None
                conv = None
                if wgish:
                    conv = syl.wg_to_pinyin_compact(v) if "-" in v else syl.wg_segment_pinyin(v)
                if conv:
                    base = re.sub(r"(zhou|fu|jun|lu)$", "", conv)
                    if conv in (stem(canonical), compact(canonical)) or base in (stem(canonical), compact(canonical)):
                        c = "variant"  # Ning-chiang-chou = Ningjiang
                    else:
                        aliases.append("%s=%s" % (v, conv.capitalize()))  # Yu-chou = Yuzhou
                        continue
            if c == "variant":
                variants.append(v)
            elif c == "alias":
                aliases.append(re.sub(r" (Fu|Lu|Jun)$", "", v))
        wg = syl.wade_giles(canonical)
        if wg and compact(wg) not in {compact(x) for x in variants}:
            variants.append(wg)
        seen = set()
        variants = [v for v in variants if v != canonical and not (compact(v) in seen or seen.add(compact(v)))]
        vset = {compact(v) for v in variants}
        aliases = [a for a in dict.fromkeys(aliases)
                   if compact(a) != compact(canonical) and compact(a.split("=")[0]) not in vset]
        modern = r["modern_location"]
        rows.append({
            "id": r["id"], "canonical": canonical, "kind": r["feature_type"],
            "regime": r["polity"], "start_year": r["start_year"], "end_year": r["end_year"],
            "modern": modern, "province": r["modern_province"], "lat": r["lat"], "lon": r["lon"],
            "zh": r["name_zh_trad"], "variants": "|".join(variants), "aliases": "|".join(aliases),
            "flags": "",
        })
    return rows


def build_modern(syl):
    if not OLD:
        load_old()
    admin = {}
    rows = []
    for r in read_tsv(os.path.join(DATA, "places", "geonames_admin1_cn.tsv")):
        admin[(r["country_code"], r["admin1_code"])] = r["name"]
    old = {}
    for r in read_tsv(os.path.join(DATA, "names", "place_old_romanizations_core.tsv")):
        if r["kind"] in ("city", "province"):
            old.setdefault(compact(r["pinyin"]), []).append(r["old_form"])
    wgvar = {}
    for r in read_tsv(os.path.join(DATA, "names", "place_variants_geonames_cn.tsv")):
        if r["variant_type"] == "wade_giles" and not re.search(r"-(chen|hsiang|ts'un|ts’un)$", r["variant"]):
            wgvar.setdefault(r["geonameid"], []).append(r["variant"])
    caps = {}
    for r in read_tsv(os.path.join(DATA, "places", "geonames_cities500_cn_region.tsv")):
        caps[r["geonameid"]] = r
    for r in read_tsv(os.path.join(DATA, "places", "geonames_admin1_cn.tsv")):
        cap = caps.get(r["capital_geonameid"], {})
        variants = old.get(compact(r["name"]), [])
        wg = syl.wade_giles(r["name"])
        if wg:
            variants = variants + [wg]
        rows.append({
            "id": "gn-admin1-%s%s" % (r["country_code"], r["admin1_code"]), "canonical": r["name"],
            "kind": "province", "regime": "modern", "start_year": "", "end_year": "9999",
            "modern": r["name"], "province": r["name"], "lat": cap.get("latitude", ""),
            "lon": cap.get("longitude", ""), "zh": r["name_zh"],
            "variants": "|".join(dict.fromkeys(variants)), "aliases": "", "flags": "",
        })
    keep_codes = {"PPLC", "PPLA", "PPLA2", "PPLA3"}
    for r in read_tsv(os.path.join(DATA, "places", "geonames_cities500_cn_region.tsv")):
        cc = r["country_code"]
        code = r["feature_code"]
        pop = int(r["population"] or 0)
        if cc in ("CN", "TW", "HK", "MO"):
            if code not in keep_codes and not (code == "PPL" and pop >= 100000):
                continue
        elif code not in ("PPLC", "PPLA"):
            continue
        name = r["asciiname"] or r["name"]
        for suf in STRIP_MODERN:
            if name.endswith(suf) and len(name) > len(suf) + 2:
                name = name[: -len(suf)]
                break
        if not syl.segment(name.replace(" ", "")) and cc in ("CN", "TW"):
            continue
        if len(syl.segment(name.replace(" ", "")) or []) < 2 and cc in ("CN", "TW"):
            continue
        name = name.replace("’", "'")
        variants, aliases = [], []
        for a in r["alternatenames"].split(","):
            a = a.strip().replace("’", "'")
            if not a or not a.isascii() or not a[:1].isupper():
                continue
            if " " in a:
                continue
            if compact(a) == compact(name):
                if a != name and "'" in a:
                    variants.append(a)
                continue
            seg = syl.segment(a) if "-" not in a else None
            if compact(a) in OLD:
                if OLD[compact(a)] == name or compact(OLD[compact(a)]) == compact(name):
                    variants.append(a)  # a postal spelling of this very name (Ningpo)
                continue
            if seg and len(seg) >= 2 and "-" not in a and len(seg) <= 3:
                aliases.append(a)
        variants += old.get(compact(name), [])
        variants += wgvar.get(r["geonameid"], [])[:3]
        prov = admin.get((cc, r["admin1_code"]), "")
        if cc != "CN":
            prov = {"TW": "Taiwan", "HK": "Hong Kong", "MO": "Macau", "MN": "Mongolia",
                    "KP": "North Korea"}.get(cc, cc)
        kind = {"PPLC": "city", "PPLA": "city", "PPLA2": "city", "PPLA3": "county"}.get(code, "city")
        rows.append({
            "id": "gn-" + r["geonameid"], "canonical": name, "kind": kind, "regime": "modern",
            "start_year": "", "end_year": "9999", "modern": name, "province": prov,
            "lat": r["latitude"], "lon": r["longitude"], "zh": "",
            "variants": "|".join(dict.fromkeys(v for v in variants if v != name)),
            "aliases": "|".join(dict.fromkeys(aliases[:6])), "flags": "",
        })
    return rows


def build_syllables(syl):
    rows = [{"form": s, "system": "pinyin", "pinyin": s} for s in sorted(syl.pinyin)]
    for w, p in sorted(syl.wg_full.items()):
        if True:
            rows.append({"form": w, "system": "postal" if w in POSTAL else "wade_giles", "pinyin": p})
    return rows


HEADERS = {
    "historical.tsv": [
        "# Historical gazetteer of shilu (places module), generated by scripts/resources/places.py",
        "# Source: ../shared/data/places/historical_places_seed.tsv (hand-compiled, CC BY 4.0;",
        "#   coordinates from GeoNames, CC BY 4.0, and Natural Earth, public domain) + Wade-Giles forms",
        "#   generated from ../shared/data/names/pinyin_wadegiles.tsv. Licence: CC BY 4.0.",
        "# Format: canonical = display name (pinyin, generic Fu/Lu/Jun dropped); variants = spellings",
        "#   of the same name (|); aliases = other names of the same place (|). Years blank = unknown.",
        "# Date: " + DATE,
    ],
    "modern.tsv": [
        "# Modern gazetteer layer of shilu (places module), generated by scripts/resources/places.py",
        "# Source: GeoNames (https://www.geonames.org), CC BY 4.0: cities500 (CN, TW, HK, MO: PPLC,",
        "#   PPLA, PPLA2, PPLA3 and PPL with population >= 100000; MN, KP: PPLC, PPLA) and admin1",
        "#   province names; old postal romanizations from ../shared/data/names. Licence: CC BY 4.0.",
        "#   Contains data from GeoNames (https://www.geonames.org), CC BY 4.0.",
        "# Format: as historical.tsv; kind province|city|county.",
        "# Date: " + DATE,
    ],
    "syllables.tsv": [
        "# Pinyin and Wade-Giles syllables for discovering romanized names (shilu places module).",
        "# Source: ../shared/data/names/pinyin_syllables.tsv and wadegiles_to_pinyin.tsv (see their",
        "#   SOURCES.md). Generated by scripts/resources/places.py.",
        "# Format: form (folded; Wade-Giles keeps its apostrophe: ch'en -> chen, chen -> zhen), system, pinyin.",
        "# Date: " + DATE,
    ],
}


def render(name, rows, cols):
    lines = HEADERS[name] + ["\t".join(cols)]
    for r in rows:
        lines.append("\t".join(str(r.get(c, "")) for c in cols))
    return "\n".join(lines) + "\n"


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def validate(hist, modern):
    """Rows that disagree with the reference data; returns a list of messages."""
    problems = []
    ids = {r["id"] for r in hist}
    gn = {}
    for r in read_tsv(os.path.join(DATA, "places", "geonames_cities500_cn_region.tsv")):
        gn[r["geonameid"]] = (float(r["latitude"]), float(r["longitude"]))
    for r in read_tsv(os.path.join(DATA, "places", "historical_places_seed.tsv")):
        if r["coord_source"] == "geonames" and r["geonames_id"] in gn and r["lat"]:
            d = haversine((float(r["lat"]), float(r["lon"])), gn[r["geonames_id"]])
            if d > 5:
                problems.append("%s: %s is %.0f km from GeoNames %s" % (r["id"], r["name"], d, r["geonames_id"]))
    path = os.path.join(OUT, "historical_manual.tsv")
    for n, r in enumerate(read_tsv(path), 1):
        if r["id"].startswith("hp"):
            if r["id"] not in ids:
                problems.append("historical_manual.tsv: row %d: %s is not an id of historical.tsv" % (n, r["id"]))
            continue
        if r["kind"] not in KINDS:
            problems.append("historical_manual.tsv: row %d: unknown kind %r" % (n, r["kind"]))
        if r["lat"] and r["province"] and not (15 <= float(r["lat"]) <= 56 and 60 <= float(r["lon"]) <= 140):
            problems.append("historical_manual.tsv: row %d: coordinates outside China" % n)
    for r in hist:
        if r["kind"] not in KINDS:
            problems.append("historical.tsv: %s: unknown kind %r" % (r["id"], r["kind"]))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="diff against checked-in tables; no writing")
    args = ap.parse_args()
    if not os.path.isdir(DATA):
        print("places.py: %s not found" % DATA, file=sys.stderr)
        return 77
    syl = Syllables()
    hist = build_historical(syl)
    modern = build_modern(syl)
    outputs = {
        "historical.tsv": render("historical.tsv", hist, COLUMNS),
        "modern.tsv": render("modern.tsv", modern, COLUMNS),
        "syllables.tsv": render("syllables.tsv", build_syllables(syl), ["form", "system", "pinyin"]),
    }
    status = 0
    if args.check:
        for name, text in outputs.items():
            path = os.path.join(OUT, name)
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if old != text:
                status = 1
                diff = difflib.unified_diff(old.splitlines(), text.splitlines(), path, "regenerated", lineterm="", n=0)
                for i, line in enumerate(diff):
                    if i > 40:
                        print("...")
                        break
                    print(line)
        for p in validate(hist, modern):
            print("warning:", p)
        print("places.py --check: %s" % ("OK" if status == 0 else "tables differ; rerun without --check"))
        return status
    os.makedirs(OUT, exist_ok=True)
    for name, text in outputs.items():
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            f.write(text)
    print("wrote %d historical, %d modern rows" % (len(hist), len(modern)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
