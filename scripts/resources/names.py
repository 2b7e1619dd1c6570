#!/usr/bin/env python3
"""Builds corpus/resources/names/persons.tsv and era_names.tsv.

Inputs (facts only are kept):
  ../shared/data/names/persons_seed_curated.tsv   (CC0)       curated Liao/Jin/Xia/Yuan/Song figures
  ../shared/data/names/persons_cedict_907_1370.tsv (CC BY-SA 4.0) CC-CEDICT persons 907-1370
  ../shared/data/names/pinyin_syllables.tsv        (CC0)       syllable inventory (segmentation)
  ../shared/data/names/pinyin_wadegiles.tsv        (CC0)       pinyin -> Wade-Giles per syllable
  ../shared/data/eras/ddbc_eras.csv                (CC BY-SA 3.0) emperor temple names per dynasty, era names
  ../shared/data/eras/unihan_kmandarin.tsv         (Unicode)   readings, to check canonical pinyin
  corpus/resources/names/sources/persons_hand.tsv  (CC0)       hand-written facts (most figures)

Usage:
  scripts/resources/names.py            regenerate the tables
  scripts/resources/names.py --check    regenerate in memory, diff against the checked-in
                                        tables and report rows that disagree with the
                                        reference data (exit 1 on a diff)
Exit code 77 when the shared data directory is absent (ctest SKIP_RETURN_CODE).
"""
import argparse
import csv
import os
import re
import sys
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATA = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'data'))
OUT = os.path.join(ROOT, 'corpus', 'resources', 'names')
HAND = os.path.join(OUT, 'sources', 'persons_hand.tsv')
DATE = '2026-11-21'

REGIME_EN = {
    'tang': 'Tang', 'wu_zhou': 'Zhou', 'later_liang': 'Later Liang', 'later_tang': 'Later Tang',
    'later_jin': 'Later Jin', 'later_han': 'Later Han', 'later_zhou': 'Later Zhou',
    'northern_han': 'Northern Han', 'wu': 'Wu', 'southern_tang': 'Southern Tang',
    'wuyue': 'Wuyue', 'min': 'Min', 'former_shu': 'Former Shu', 'later_shu': 'Later Shu',
    'southern_han': 'Southern Han', 'chu': 'Chu', 'jingnan': 'Jingnan', 'song': 'Song',
    'liao': 'Liao', 'northern_liao': 'Northern Liao', 'western_liao': 'Western Liao',
    'jin': 'Jin', 'western_xia': 'Western Xia', 'mongol': 'Mongol', 'yuan': 'Yuan',
    'ming': 'Ming', 'qi': 'Qi',
}
# DDBC dynasty (traditional) for each regime whose temple names are checked.
REGIME_DDBC = {
    'tang': {'唐'}, 'later_liang': {'後梁'}, 'later_tang': {'後唐'}, 'later_jin': {'後晉'},
    'later_han': {'後漢'}, 'later_zhou': {'後周'}, 'northern_han': {'北漢'}, 'wu': {'南吳'},
    'southern_tang': {'南唐'}, 'wuyue': {'吳越'}, 'min': {'閩'}, 'former_shu': {'前蜀'},
    'later_shu': {'後蜀'}, 'southern_han': {'南漢'}, 'song': {'北宋', '南宋'}, 'liao': {'遼'},
    'northern_liao': {'北遼'}, 'western_liao': {'西遼'}, 'jin': {'金'},
    'western_xia': {'西夏'}, 'mongol': {'蒙古'}, 'yuan': {'元'}, 'ming': {'明'},
}
SEED_POLITY = {'liao': 'liao', 'jin': 'jin', 'western_liao': 'western_liao', 'song': 'song',
               'mongol': 'mongol', 'yuan': 'yuan', 'western_xia': 'western_xia',
               'jin/eastern_xia': 'jin'}


def strip_marks(s):
    return ''.join(c for c in unicodedata.normalize('NFD', s) if not unicodedata.combining(c))


def key_of(name):
    return ' '.join(strip_marks(name).lower().replace('-', '').replace("'", '').split())


def read_tsv(path):
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if not l.startswith('#')]
    header = lines[0].split('\t')
    rows = []
    for l in lines[1:]:
        if not l.strip():
            continue
        c = l.split('\t')
        c += [''] * (len(header) - len(c))
        rows.append(dict(zip(header, c)))
    return rows


class Syllables:
    def __init__(self):
        self.syl = set()
        for r in read_tsv(os.path.join(DATA, 'names', 'pinyin_syllables.tsv')):
            if r['status'] in ('core', 'marginal'):
                self.syl.add(r['syllable'])
        self.wg = {}
        for r in read_tsv(os.path.join(DATA, 'names', 'pinyin_wadegiles.tsv')):
            self.wg[r['pinyin']] = r['wg']

    def segment(self, word, n=None):
        """Splits a lower-case pinyin word into syllables; n = wanted count (from hanzi)."""
        w = word.replace("'", '')
        best = {0: [[]]}
        results = []

        def rec(i, acc):
            if len(results) > 50:
                return
            if i == len(w):
                results.append(list(acc))
                return
            for j in range(min(len(w), i + 6), i, -1):
                s = w[i:j]
                if s in self.syl:
                    acc.append(s)
                    rec(j, acc)
                    acc.pop()
        rec(0, [])
        del best
        if n is not None:
            fit = [r for r in results if len(r) == n]
            if fit:
                return fit[0]
        return min(results, key=len) if results else None

    def wade_giles(self, canonical, counts=None):
        """Wade-Giles form of a pinyin name: 'Wanyan Zonghan' -> 'Wan-yen Tsung-han'."""
        out = []
        words = canonical.split()
        for k, word in enumerate(words):
            n = counts[k] if counts else None
            syl = self.segment(word.lower(), n)
            if not syl or any(s not in self.wg for s in syl):
                return None
            out.append('-'.join(self.wg[s] for s in syl).capitalize())
        return ' '.join(out)


def load_unihan():
    m = {}
    with open(os.path.join(DATA, 'eras', 'unihan_kmandarin.tsv'), encoding='utf-8') as f:
        next(f)
        for l in f:
            c = l.rstrip('\n').split('\t')
            if len(c) >= 3:
                m[c[1]] = [strip_marks(x).lower() for x in c[2].split()]
    return m


def load_ddbc():
    temples = {}  # dynasty -> set of emperor pinyin ascii (lower)
    eras = {}
    with open(os.path.join(DATA, 'eras', 'ddbc_eras.csv'), encoding='utf-8') as f:
        for r in csv.DictReader(f):
            try:
                y = int(r['start_year'])
            except ValueError:
                continue
            if 600 <= y <= 1370:
                temples.setdefault(r['dynasty'], set()).add(r['emperor_pinyin_ascii'].lower())
                if r['era_pinyin_ascii']:
                    eras.setdefault(r['era_pinyin_ascii'], set()).add(r['dynasty_pinyin_ascii'])
    return temples, eras


def uv_variants(name):
    out = []
    if 'ü' in name or 'Ü' in name:
        out.append(name.replace('ü', 'v').replace('Ü', 'V'))
        out.append(name.replace('ü', 'u').replace('Ü', 'U'))
    return out


def cedict_canonical(py):
    # "Si1 ma3 Guang1" -> "Sima Guang"
    words = []
    for s in py.split():
        s = re.sub(r'\d', '', s).replace('u:', 'ü')
        if s[:1].isupper() or not words:
            words.append(s.capitalize())
        else:
            words[-1] += s.lower()
    return ' '.join(words)


def build():
    syl = Syllables()
    persons = []      # dicts
    by_hanzi = {}

    def add(p):
        h = p['hanzi']
        if h and h in by_hanzi:
            q = by_hanzi[h]
            for a in [p['canonical']] + p['alts']:
                if a != q['canonical'] and a not in q['alts']:
                    q['alts'].append(a)
            for k in ('born', 'died', 'floruit', 'regime', 'role', 'temple'):
                if not q[k] and p[k]:
                    q[k] = p[k]
            q['sources'] |= p['sources']
            return
        persons.append(p)
        if h:
            by_hanzi[h] = p

    # 1. hand-written facts first: their canonical forms win.
    for r in read_tsv(HAND):
        add({'canonical': r['canonical'], 'hanzi': r['hanzi'], 'born': r['born'], 'died': r['died'],
             'floruit': r['floruit'], 'regime': r['regime'], 'role': r['role'], 'temple': r['temple'],
             'alts': [a.strip() for a in r['alt_names'].split('|') if a.strip()], 'sources': {'hand'},
             'surname_syllables': None})
    # 2. curated seed list.
    for r in read_tsv(os.path.join(DATA, 'names', 'persons_seed_curated.tsv')):
        alts = []
        for a in r['alt_names'].split('|'):
            a = re.sub(r'^[^\x00-\x7f\u00c0-\u024f]+\s*', '', a.strip())
            a = re.sub(r'\s*\(.*?\)', '', a).strip()
            if a:
                alts.append(a)
        temple = ''
        m = re.match(r'^(\w+(?:zong|zu)) of (\w+)', r['note'])
        if m:
            temple = m.group(1)
        add({'canonical': r['pinyin'], 'hanzi': r['hanzi_trad'], 'born': r['born'], 'died': r['died'],
             'floruit': '', 'regime': SEED_POLITY.get(r['polity'], r['polity']), 'role': '',
             'temple': temple, 'alts': alts, 'sources': {'seed'},
             'surname_syllables': int(r['surname_syllables'] or 0)})
    # 3. CC-CEDICT persons whose gloss name is the pinyin of the headword.
    regime_kw = [('Northern Song', 'song'), ('Southern Song', 'song'), ('Song', 'song'),
                 ('Later Jin', 'later_jin'), ('Jin', 'jin'), ('Yuan', 'yuan'), ('Liao', 'liao'),
                 ('Tang', 'tang'), ('Five Dynasties', 'five_dynasties')]
    pending_alias = []
    for r in read_tsv(os.path.join(DATA, 'names', 'persons_cedict_907_1370.tsv')):
        if r['gloss_name_is_pinyin_of_headword'] != '1':
            continue
        name = r['name_in_gloss']
        m = re.match(r'^(\w+), (?:posthumous name|courtesy title|another name) (?:of|for) ([A-Z][\w ]+?) [^\x00-\x7f]', name)
        if m:
            pending_alias.append((m.group(2), m.group(1)))
            continue
        alts = []
        if ' or ' in name:
            parts = [re.sub(r'\s*[^\x00-\x7f\u00c0-\u024f].*$', '', x).strip() for x in name.split(' or ')]
            alts = [x for x in parts if x]
        canonical = cedict_canonical(r['cedict_pinyin'])
        alts = [a for a in alts if a != canonical]
        regime = ''
        for kw, reg in regime_kw:
            if kw in r['period_keywords'].split('|') or kw in r['cedict_gloss']:
                regime = reg
                break
        role = ''
        for kw in ('poet', 'general', 'historian', 'politician', 'official', 'painter', 'scholar',
                   'calligrapher', 'playwright', 'novelist', 'monk', 'scientist'):
            if kw in r['cedict_gloss']:
                role = kw
                break
        add({'canonical': canonical, 'hanzi': r['trad'], 'born': r['born'], 'died': r['died'],
             'floruit': '', 'regime': regime, 'role': role, 'temple': '', 'alts': alts,
             'sources': {'cedict'}, 'surname_syllables': None})
    # CC-CEDICT alias rows ("Xiaosu, posthumous name of Bao Zheng").
    for target, alias in pending_alias:
        for p in persons:
            if p['canonical'] == target and alias not in p['alts']:
                p['alts'].append(alias)
                p['sources'].add('cedict')
    # Merge rows that name the same person under two headwords (劉基 / 劉伯溫).
    merged = []
    for p in persons:
        dup = None
        for q in merged:
            if p['born'] and p['born'] == q['born'] and p['died'] == q['died'] and (
                    p['canonical'] in q['alts'] or q['canonical'] in p['alts']):
                dup = q
                break
        if dup:
            for a in [p['canonical']] + p['alts']:
                if a != dup['canonical'] and a not in dup['alts']:
                    dup['alts'].append(a)
            dup['sources'] |= p['sources']
        else:
            merged.append(p)
    persons = merged

    # Generated variants and ids.
    ids = {}
    rows = []
    for p in persons:
        words = p['canonical'].split()
        surname = words[0] if len(words) > 1 else ''
        hanzi_n = len(p['hanzi']) if p['hanzi'] and re.fullmatch(r'[^\x00-\x7f]+', p['hanzi']) else None
        counts = None
        if hanzi_n and len(words) == 2:
            s0 = syl.segment(words[0].lower())
            if p.get('surname_syllables'):
                counts = [p['surname_syllables'], hanzi_n - p['surname_syllables']]
            elif s0:
                counts = [len(s0), hanzi_n - len(s0)]
        elif hanzi_n and len(words) == 1:
            counts = [hanzi_n]
        variants = []
        for name in [p['canonical']] + p['alts']:
            variants += uv_variants(name)
        if not p['canonical'].startswith(('Empress', 'Princess')):
            wg = syl.wade_giles(p['canonical'], counts)
            if wg and key_of(wg) != key_of(p['canonical']):
                variants.append(wg)
                if 'ü' in wg:
                    variants.append(wg.replace('ü', 'u'))
        # Wade-Giles forms of one-word alternative names ("Nianhan" -> "Nien-han")
        for a in p['alts']:
            if ' ' not in a and re.fullmatch(r"[A-Za-zü']+", a) and a[0].isupper():
                wg = syl.wade_giles(a)
                if wg and key_of(wg) != key_of(a):
                    variants.append(wg)
        names = []
        seen = {key_of(p['canonical'])}
        for n in p['alts'] + variants:
            k = key_of(n)
            if k not in seen or n in p['alts']:
                if n not in names:
                    names.append(n)
                seen.add(k)
        key = key_of(p['canonical'])
        base = 'p.' + re.sub(r'[^a-z0-9]+', '_', key).strip('_')
        pid = base
        if pid in ids:
            pid = base + '_' + (p['born'] or p['died'] or p['floruit'] or str(len(ids)))
        while pid in ids:
            pid += 'x'
        ids[pid] = p
        titles = []
        if p['temple'] and p['regime'] in REGIME_EN:
            en = REGIME_EN[p['regime']]
            t = p['temple']
            titles = [f'Emperor {t} of {en}', f'{en} {t}', f'{t} of {en}']
        rows.append([pid, p['canonical'], surname, p['hanzi'], p['born'], p['died'], p['floruit'],
                     p['regime'], p['role'], p['temple'], '|'.join(names), '|'.join(titles),
                     '+'.join(sorted(p['sources']))])
    rows.sort(key=lambda r: r[0])
    return rows, persons


HEADER_PERSONS = [
    '# shilu person lexicon: Tang, Five Dynasties, Song, Liao, Jin, Western Xia, Mongol/Yuan figures.',
    '# Generated by scripts/resources/names.py from ../shared/data (persons_seed_curated.tsv CC0; persons_cedict_907_1370.tsv CC BY-SA 4.0;',
    '#   pinyin_wadegiles.tsv CC0) and corpus/resources/names/sources/persons_hand.tsv (CC0). See SOURCES.md. Do not edit: edit the sources.',
    '# Format: id, canonical (surname first), surname (canonical; empty = no surname), hanzi (traditional), born, died, floruit (years CE),',
    '#   regime, role, temple (temple/posthumous title stem), names (|-separated other names: alt names, ü spellings v/u, Wade-Giles),',
    '#   titles (English title forms, informative; the extractor derives them from temple + regime), sources.',
    f'# Date: {DATE}',
]
COLS = ['id', 'canonical', 'surname', 'hanzi', 'born', 'died', 'floruit', 'regime', 'role', 'temple',
        'names', 'titles', 'sources']


def render_persons(rows):
    out = HEADER_PERSONS + ['\t'.join(COLS)] + ['\t'.join(r) for r in rows]
    return '\n'.join(out) + '\n'


def render_eras(eras):
    out = ['# Era (reign-period) names 600-1370 in toneless pinyin: capitalized words that are never person names.',
           '# Generated by scripts/resources/names.py from ../shared/data/eras/ddbc_eras.csv (DDBC Authority Database, CC BY-SA 3.0).',
           '# Format: era (ascii pinyin), dynasties (|-separated).',
           f'# Date: {DATE}', 'era\tdynasties']
    for e in sorted(eras):
        out.append(e + '\t' + '|'.join(sorted(eras[e])))
    return '\n'.join(out) + '\n'


def check_reference(persons, rows):
    """Rows that disagree with the reference data (reported, not fatal)."""
    problems = []
    uni = load_unihan()
    temples, _ = load_ddbc()
    syl = Syllables()
    for p in persons:
        h = p['hanzi']
        if h and re.fullmatch(r'[^\x00-\x7f]+', h) and not p['canonical'].startswith(('Empress', 'Princess')):
            want = ''.join(strip_marks(p['canonical']).lower().split()).replace("'", '')
            # every character must have a Unihan reading that matches, in order
            def ok(i, pos):
                if i == len(h):
                    return pos == len(want)
                for rd in uni.get(h[i], []):
                    if want.startswith(rd, pos) and ok(i + 1, pos + len(rd)):
                        return True
                return False
            if not ok(0, 0):
                rds = ' '.join('/'.join(uni.get(c, ['?'])) for c in h)
                problems.append(f'reading: {p["canonical"]} {h}: Unihan kMandarin gives {rds}')
        if p['temple'] and p['regime'] in REGIME_DDBC:
            t = p['temple'].lower()
            known = set()
            for d in REGIME_DDBC[p['regime']]:
                known |= temples.get(d, set())
            if not any(k == t or k.startswith(t) for k in known):
                problems.append(f'temple: {p["canonical"]}: {p["temple"]} not among DDBC emperors of {p["regime"]}')
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--check', action='store_true')
    args = ap.parse_args()
    if not os.path.isdir(DATA):
        print(f'names.py: {DATA} absent; skipped', file=sys.stderr)
        return 77
    rows, persons = build()
    _, eras = load_ddbc()
    outputs = {os.path.join(OUT, 'persons.tsv'): render_persons(rows),
               os.path.join(OUT, 'era_names.tsv'): render_eras(eras)}
    if args.check:
        rc = 0
        for path, text in outputs.items():
            try:
                cur = open(path, encoding='utf-8').read()
            except OSError:
                cur = ''
            if cur != text:
                a, b = cur.splitlines(), text.splitlines()
                diff = [l for l in b if l not in set(a)][:10]
                print(f'{os.path.relpath(path, ROOT)}: differs from regenerated table; first new lines:')
                for l in diff:
                    print('  + ' + l)
                rc = 1
        probs = check_reference(persons, rows)
        for p in probs:
            print('note: ' + p)
        print(f'{len(rows)} persons; {len(probs)} rows disagree with reference data (informative)')
        return rc
    for path, text in outputs.items():
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
    print(f'wrote {len(rows)} persons, {len(eras)} era names')
    return 0


if __name__ == '__main__':
    sys.exit(main())
