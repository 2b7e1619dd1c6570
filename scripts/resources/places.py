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

Hand-compiled inputs (corpus/resources/places/):
  admin_units.tsv          administrative units (circuits, prefectures, routes) of the Tang, Song,
                           Liao, Western Xia, Jin and Yuan, merged into historical.tsv; seats are
                           looked up in GeoNames by name + province (an unknown seat is an error
                           unless the row gives coordinates)
  old_romanizations.tsv    postal / Wade-Giles forms missing from the shared table
  readings.tsv             character readings that tell variants (same characters) from aliases

historical_manual.tsv, generic.tsv and context.tsv are hand-edited; --check validates the
manual table against the generated one (ids, kinds, coordinates) and the admin table (seats,
kinds, regimes, coordinates, duplicate keys within a regime); errors make it fail.
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
        if "aa" in fold(name):
            return None  # Shaanxi: a tone-marking spelling of shan, not sha-an
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
    # A pinyin name with an English generic word ("Lugou River" beside "Sanggan River"):
    # another pinyin name is another name of the place.
    core = [w for w in words if w.lower() not in GENERIC_EN]
    ccore = [w for w in canonical.split() if w.lower() not in GENERIC_EN]
    if core and len(core) < len(words) and all(syl.segment(w) is not None for w in core) \
            and ccore and all(syl.segment(w) is not None for w in ccore) \
            and not (st.startswith(compact(" ".join(core))) or st.endswith(compact(" ".join(core)))
                     or compact(" ".join(core)).startswith(st)):
        return "other_name"  # (a short form — "Cai Prefecture", "Gubei Pass" — stays a variant)
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
ADMIN = os.path.join(OUT, "admin_units.tsv")
OLDROM = os.path.join(OUT, "old_romanizations.tsv")
MANUAL = os.path.join(OUT, "historical_manual.tsv")
READINGS_TSV = os.path.join(OUT, "readings.tsv")
# Regimes in chronological order (for merged regime lists) and their default spans.
REGIMES = [("Tang", 618, 907), ("Five Dynasties", 907, 960), ("Liao", 916, 1125),
           ("Northern Song", 960, 1127), ("Western Xia", 1038, 1227), ("Jin", 1115, 1234),
           ("Southern Song", 1127, 1279), ("Mongol Empire", 1206, 1271), ("Yuan", 1271, 1368)]
REGIME_ORDER = {r: i for i, (r, _, _) in enumerate(REGIMES)}
REGIME_SPAN = {r: (a, b) for r, a, b in REGIMES}
# Seed regime labels that are not in REGIMES sort by this rank.
EXTRA_ORDER = {"ancient": -9, "Zhou": -8, "Qin": -7, "Han": -6, "Shu": -5, "Wei": -5, "Northern Wei": -4,
               "Western Wei": -3, "Northern Qi": -3, "Sui": -1, "Bohai": 0.5, "Later Tang": 1.2,
               "Later Zhou": 1.5, "Northern Han": 1.6, "Song": 3.5, "Dali Kingdom": 3.6, "Qi": 6.5,
               "Western Liao": 6.6, "Ming": 20, "Qing": 21, "modern": 22}
# China and its neighbourhood (Mongolia, Korea, the Tarim): admin rows must lie inside.
BOX = (17.0, 54.0, 73.0, 135.0)
# English words allowed in admin canonical names beside pinyin ("Hebei East", "Fuyan Lu").
ADMIN_WORDS = {"East", "West", "North", "South", "Lu", "Jun", "Dao", "Sheng", "Xingsheng"}
AREAS = {"circuit", "route", "province", "region"}
# Generic characters after a name: 采石磯 = Caishi + 磯 "jetty", 黑水城 = Heishui + 城 "city".
GENERIC_ZH = {"磯": "ji", "城": "cheng", "鎮": "zhen", "寨": "zhai", "堡": "bao", "關": "guan",
              "渡": "du", "府": "fu", "州": "zhou", "軍": "jun", "路": "lu", "縣": "xian", "山": "shan"}


def regime_key(r):
    return REGIME_ORDER.get(r, EXTRA_ORDER.get(r, 10))


def load_old():
    for r in read_tsv(os.path.join(DATA, "names", "place_old_romanizations_core.tsv")):
        if r["system"] in ("postal", "irregular_exonym") and r["kind"] != "historical":
            OLD.setdefault(compact(r["old_form"]), r["pinyin"])
    for r in read_tsv(OLDROM):
        if r["system"] in ("postal", "cantonese_postal", "irregular_exonym") and r["kind"] != "historical":
            OLD.setdefault(compact(r["old_form"]), r["pinyin"])


def old_forms(kinds):
    """pinyin (compact) -> old forms of the supplement table of these kinds."""
    out = {}
    for r in read_tsv(OLDROM):
        if r["kind"] in kinds:
            out.setdefault(compact(r["pinyin"]), []).append(r["old_form"])
    return out


class Seats:
    """Modern seats of GeoNames by name + province: 'Fuyang', 'Anhui' -> (lat, lon, geonameid)."""
    RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPLA4": 4}
    CC = {"Mongolia": "MN", "North Korea": "KP", "Taiwan": "TW", "Hong Kong": "HK"}

    def __init__(self):
        admin = {}
        for r in read_tsv(os.path.join(DATA, "places", "geonames_admin1_cn.tsv")):
            admin[(r["country_code"], r["admin1_code"])] = r["name"]
        self.by = {}
        for r in read_tsv(os.path.join(DATA, "places", "geonames_cities500_cn_region.tsv")):
            cc = r["country_code"]
            prov = admin.get((cc, r["admin1_code"]), "") if cc == "CN" else cc
            rank = self.RANK.get(r["feature_code"], 5)
            names = {(0, r["asciiname"])}
            for suf in STRIP_MODERN:
                if r["asciiname"].endswith(suf):
                    names.add((1, r["asciiname"][: -len(suf)]))
            for a in r["alternatenames"].split(","):
                a = a.strip()
                if a.isascii() and a[:1].isupper():
                    names.add((2, a))
            for how, n in names:
                k = (compact(n), prov)
                cand = (how, rank, -int(r["population"] or 0), int(r["geonameid"]),
                        float(r["latitude"]), float(r["longitude"]))
                if k not in self.by or cand < self.by[k]:
                    self.by[k] = cand

    def find(self, seat, province):
        prov = self.CC.get(province, province)
        s = re.sub(r"\s*\(.*\)", "", seat).strip()
        tries = [s]
        m = re.match(r"^(.*) (County|District|Banner|City)$", s)
        if m:
            tries += [m.group(1) + {"County": "xian", "District": "qu", "Banner": "qi", "City": "shi"}[m.group(2)],
                      m.group(1)]
        for t in tries:
            hit = self.by.get((compact(t), prov))
            if hit:
                return hit[4], hit[5], hit[3]
        return None


def norm_zh(zh):
    """Characters of a unit name without its level: 杭州路 = 杭州, 臨安府 = 臨安, 河東道 = 河東."""
    z = zh.strip()
    for suf in ("府路", "路", "道", "行省", "府", "軍"):
        if z.endswith(suf) and len(z) > len(suf) + 1:
            return z[: -len(suf)]
    return z


def merge_regimes(*lists):
    rs = []
    for l in lists:
        for r in l.split("|"):
            if r and r not in rs:
                rs.append(r)
    return "|".join(sorted(rs, key=regime_key))


def admin_id(r, used):
    base = "au-%s-%s" % (re.sub(r"[^a-z0-9]", "", compact(r["canonical"])), re.sub(r"[^a-z0-9]", "", compact(r["seat"])))
    i, k = 1, base
    while k in used:
        i += 1
        k = "%s-%d" % (base, i)
    used.add(k)
    return k


def build_admin(syl, hist, problems):
    """Merge admin_units.tsv into the historical rows; problems collects errors."""
    # Old spellings of historical names (Kienkang = Jiankang) from the supplement table.
    hold = old_forms(("historical",))
    for h in hist:
        for f in hold.get(compact(h["canonical"]), []):
            if compact(f) not in {compact(v) for v in h["variants"].split("|")}:
                h["variants"] = "|".join([v for v in h["variants"].split("|") if v] + [f])
    seats = Seats()
    manual = [r for r in read_tsv(MANUAL) if not r["id"].startswith("hp")]
    keys = {}
    used = {r["id"] for r in hist}
    out = []
    for n, r in enumerate(read_tsv(ADMIN), 1):
        where = "admin_units.tsv: row %d (%s %s)" % (n, r["canonical"], r["zh"])
        if r["kind"] not in KINDS:
            problems.append("%s: unknown kind %r" % (where, r["kind"]))
        if not r["zh"] or not r["seat"] or not r["province"]:
            problems.append("%s: zh, seat and province are required" % where)
        if any(not syl.segment(w) for w in r["canonical"].split() if w not in ADMIN_WORDS):
            problems.append("%s: canonical %r is not pinyin" % (where, r["canonical"]))
        if (r["lat"] == "") != (r["lon"] == ""):
            problems.append("%s: lat and lon go together" % where)
        regimes = [x for x in r["regime"].split("|") if x]
        for g in regimes:
            if g not in REGIME_ORDER:
                problems.append("%s: unknown regime %r" % (where, g))
            for key in (("zh", r["zh"], r["province"]), ("name", compact(r["canonical"]), compact(r["seat"]), r["province"])):
                k = (g,) + key
                if k in keys:
                    problems.append("%s: duplicate key %s in %s (row %d)" % (where, key[1], g, keys[k]))
                keys[k] = n
        if r["lat"]:
            lat, lon = float(r["lat"]), float(r["lon"])
        else:
            hit = seats.find(r["seat"], r["province"])
            if hit is None:
                problems.append("%s: seat %s, %s not found in GeoNames; give lat/lon" % (where, r["seat"], r["province"]))
                continue
            lat, lon = hit[0], hit[1]
        if not (BOX[0] <= lat <= BOX[1] and BOX[2] <= lon <= BOX[3]):
            problems.append("%s: coordinates %.2f,%.2f outside China's neighbourhood" % (where, lat, lon))
        start = r["start_year"] or str(min(REGIME_SPAN.get(g, (9999, 0))[0] for g in regimes))
        end = r["end_year"] or str(max(REGIME_SPAN.get(g, (0, 0))[1] for g in regimes))
        variants = [v for v in r["variants"].split("|") if v]
        aliases = [a for a in r["aliases"].split("|") if a]
        wg = syl.wade_giles(re.sub(r" (Jun|Lu|Dao)$", "", r["canonical"]))
        # The extractor folds apostrophes: "T'eng-chou" (Tengzhou) would also catch "Teng-chou"
        # (Dengzhou). An aspirated form is read through the syllable table instead.
        if wg and "'" in wg and syl.wg_to_pinyin_compact(wg.replace("'", "")) != stem(r["canonical"]):
            wg = None
        if wg and compact(wg) not in {compact(v) for v in variants}:
            variants.append(wg)
        # The generic Jun/Lu is dropped from the display name as for the seed rows ("Bao'an Jun"
        # -> Bao'an, "Fuyan Lu" -> Fuyan); the full form stays a variant.
        shown = re.sub(r" (Jun|Lu)$", "", r["canonical"])
        if shown != r["canonical"] and compact(r["canonical"]) not in {compact(v) for v in variants}:
            variants.insert(0, r["canonical"])
        row = {"id": None, "canonical": shown, "kind": r["kind"], "regime": merge_regimes(r["regime"]),
               "start_year": start, "end_year": end, "modern": r["seat"], "province": r["province"],
               "lat": "%.5f" % lat, "lon": "%.5f" % lon, "zh": r["zh"], "variants": "|".join(variants),
               "aliases": "|".join(aliases), "flags": r["flags"]}
        # The same unit (same characters, seat within 60 km) already in the seed or manual table: merge.
        same = None
        for h in hist + manual:
            if h["zh"] and norm_zh(h["zh"]) == norm_zh(r["zh"]) and h["lat"] and \
                    (h["kind"] in AREAS) == (r["kind"] in AREAS) and \
                    haversine((float(h["lat"]), float(h["lon"])), (lat, lon)) <= 60:
                same = h
                break
        if same is not None and same in manual:
            missing = [g for g in regimes if g not in same["regime"].split("|")]
            if missing:
                problems.append("%s: duplicates %s of historical_manual.tsv; add %s there" %
                                (where, same["id"], "|".join(missing)))
            continue
        if same is not None:
            if syl.segment(compact(same["canonical"])) is None and syl.segment(compact(row["canonical"])) and \
                    READINGS.same_name(syl, row["canonical"], same["zh"]):
                # A seed row named in another language (Khara-Khoto) takes the pinyin of its
                # characters (Heishui) as canonical; the other name stays a variant.
                old = same["canonical"]
                same["canonical"] = row["canonical"]
                same["variants"] = "|".join([old] + [v for v in same["variants"].split("|")
                                                     if v and compact(v) != compact(row["canonical"])])
            same["regime"] = merge_regimes(same["regime"], row["regime"])
            # Years: the union of both spans; a blank (unknown) end takes the admin row's year.
            same["start_year"] = str(min(int(same["start_year"]), int(start))) if same["start_year"] else start
            same["end_year"] = str(max(int(same["end_year"]), int(end))) if same["end_year"] else end
            have = {compact(same["canonical"])} | {compact(v) for v in same["variants"].split("|") if v}
            add = [v for v in variants if compact(v) not in have]
            if compact(row["canonical"]) not in have:
                add.insert(0, row["canonical"])
            same["variants"] = "|".join([v for v in same["variants"].split("|") if v] + add)
            hv = {compact(a.split("=")[0]) for a in same["aliases"].split("|") if a}
            same["aliases"] = "|".join([a for a in same["aliases"].split("|") if a] +
                                       [a for a in aliases if compact(a.split("=")[0]) not in hv])
            if r["flags"] and not same["flags"]:
                same["flags"] = r["flags"]
            continue
        row["id"] = admin_id(r, used)
        out.append(row)
    # A form that names an admin unit is no longer a loose variant of a broader seed row
    # ("Hebei East Circuit" is 河北東路, not 河北路).
    forms = {}
    for row in out:
        for f in [row["canonical"]] + row["variants"].split("|"):
            if f:
                forms.setdefault(compact(f), set()).add(norm_zh(row["zh"]))
    for h in hist:
        vs = h["variants"].split("|")
        keep = [v for v in vs if v and not (" " in v and compact(v) in forms and norm_zh(h["zh"]) not in forms[compact(v)])]
        h["variants"] = "|".join(keep)
    return hist + out


class Readings:
    """Readings of the characters of place names, to tell a variant (the same characters read or
    spelled otherwise) from an alias (other characters). Learnt from the pinyin names of the
    tables whose syllables align one to one with their characters, plus readings.tsv."""

    def __init__(self):
        self.of = {}

    def add(self, zh, syllables):
        for ch, sy in zip(zh, syllables):
            self.of.setdefault(ch, set()).add(sy)

    def learn(self, syl, name, zh):
        name = re.sub(r"\s*\(.*\)", "", name)
        name = re.sub(r" (Fu|Lu|Jun|Zhou|Dao)$", lambda m: m.group(0).lower().replace(" ", ""), name)
        seg = syl.segment(name.replace(" ", ""))
        if not seg or not zh:
            return
        for z in (zh, norm_zh(zh)):
            if len(z) == len(seg):
                self.add(z, seg)
                return

    def load(self, syl):
        for r in read_tsv(os.path.join(DATA, "places", "historical_places_seed.tsv")):
            self.learn(syl, clean_canonical(r)[0], r["name_zh_trad"])
        for path in (ADMIN, MANUAL):
            for r in read_tsv(path):
                if r.get("zh"):
                    self.learn(syl, r["canonical"], r["zh"])
        for r in read_tsv(os.path.join(DATA, "places", "geonames_admin1_cn.tsv")):
            self.learn(syl, r["name"], r["name_zh"])
        for r in read_tsv(READINGS_TSV):
            self.of.setdefault(r["char"], set()).add(fold(r["reading"]))

    def syllables(self, syl, form):
        """Pinyin syllables of a pinyin, Wade-Giles or postal form, or None."""
        f = fold(form)
        if "-" in f or "'" in f and " " not in f:
            out = []
            for w in f.split():
                for p in w.split("-"):
                    py = syl.wg_full.get(p) or syl.wg.get(p.replace("'", ""))
                    if py is None:
                        return None
                    out.append(py)
            return out
        return syl.segment(f.replace(" ", ""))

    def same_name(self, syl, form, zh):
        sy = self.syllables(syl, form)
        if not sy or not zh:
            return False
        for z in {zh, norm_zh(zh)}:
            chars = list(z)
            if len(sy) == len(chars) + 1 and GENERIC_ZH.get(sy[-1]) is None and sy[-1] in GENERIC_ZH.values():
                sy2 = sy[:-1]  # Caishiji: 采石 + ji (磯)
            elif len(sy) + 1 == len(chars) and chars[-1] in GENERIC_ZH:
                sy2, chars = sy, chars[:-1]  # Heishui: 黑水 + 城
            else:
                sy2 = sy
            if len(sy2) == len(chars) and all(s in self.of.get(c, ()) for s, c in zip(sy2, chars)):
                return True
        return False


READINGS = Readings()


def build_historical(syl):
    load_old()
    READINGS.load(syl)
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
            if c != "variant" and v and "(" not in v and READINGS.same_name(syl, v, r["name_zh_trad"]):
                c = "variant"  # the same characters: Shanyuan = 澶淵 Chanyuan, Caishiji = 采石 + 磯
            if natural and (c == "alias" or (c is None and not re.search(r"\b(of|Battle|Treaty)\b|\(", v))):
                c = "variant"  # one river, one entity: Huanghe = Yellow River, Shira Muren
            if c == "other_name":
                c = "alias"  # another pinyin name, also of a river: Lugou River beside Sanggan River
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
    for k, forms in old_forms(("city", "province")).items():
        old.setdefault(k, []).extend(f for f in forms if f not in old[k])
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
        # Names that are not pinyin are kept for the big seats only (Harbin, Hohhot, Qiqihar:
        # names from Manchu or Mongol); elsewhere they are mostly odd transcriptions.
        major = code in ("PPLC", "PPLA", "PPLA2")
        seg = syl.segment(name.replace(" ", ""))
        if not seg and cc in ("CN", "TW"):
            latin = unicodedata.normalize("NFKD", r["name"]).encode("ascii", "ignore").decode()
            if not (major and len(latin) >= 5 and latin.replace(" ", "").replace("-", "").isalpha()):
                continue
            name = r["name"]  # "Ürümqi", not the ASCII "UEruemqi"
        if seg is not None and len(seg) < 2 and cc in ("CN", "TW"):
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
        "#   coordinates from GeoNames, CC BY 4.0, and Natural Earth, public domain), merged with",
        "#   admin_units.tsv (administrative units of the Tang to Yuan, compiled for this project;",
        "#   coordinates of their modern seats from GeoNames) and old_romanizations.tsv; Wade-Giles",
        "#   forms generated from ../shared/data/names/pinyin_wadegiles.tsv. Licence: CC BY 4.0.",
        "# Format: canonical = display name (pinyin, generic Fu/Lu/Jun dropped); variants = spellings",
        "#   of the same name (|); aliases = other names of the same place (|). Years blank = unknown.",
        "# Date: " + DATE,
    ],
    "modern.tsv": [
        "# Modern gazetteer layer of shilu (places module), generated by scripts/resources/places.py",
        "# Source: GeoNames (https://www.geonames.org), CC BY 4.0: cities500 (CN, TW, HK, MO: PPLC,",
        "#   PPLA, PPLA2, PPLA3 and PPL with population >= 100000, names that are not pinyin only for",
        "#   PPLC/PPLA/PPLA2: Harbin, Hohhot; MN, KP: PPLC, PPLA) and admin1",
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
    problems = []
    hist = build_admin(syl, build_historical(syl), problems)
    modern = build_modern(syl)
    if problems:
        for p in problems:
            print("error:", p, file=sys.stderr)
        print("places.py: %d errors in the hand-compiled tables" % len(problems), file=sys.stderr)
        return 1
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
