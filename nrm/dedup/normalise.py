"""Names as the matcher compares them: transliterated, folded, lower-case, in tokens.

Every function here is pure and idempotent (`f(f(x)) == f(x)`), which the property tests in
tests/dedup/test_normalise.py check. The steps, in order (docs/dedup.md):

1. Unicode NFKC, case folding.
2. Cyrillic → Latin (Serbian, with the Macedonian letters and the few Russian ones that
   appear in passports): `ђ→đ, ћ→ć, ч→č, џ→dž, љ→lj, њ→nj, ш→š, ж→ž`, …
3. Diacritics folded to the letter a clerk types without the keyboard: `ë→e, ç→c, š→s,
   ž→z, č→c, ć→c, đ→dj`, and any other combining mark dropped (é→e, ü→u).
4. Split into tokens on anything that is not a letter or a digit (spaces, hyphens,
   apostrophes, dots); Arabic-script articles joined or dropped: `al-`, `el-`, `ul-` before
   a name are dropped, `abd al rahman`/`abdel rahman`/`abdul-rahman` → `abdulrahman`.
5. Each token through `ARABIC_VARIANTS` (whole-name table: the usual transliterations of
   Arabic, Persian and Urdu names → one spelling) and then `LETTER_RULES` (letter groups
   that transliterations write differently: `ou→u, oo→u, ee→i, kh→h`), repeated to a fixed
   point.

`phonetic_key` is coarser still and only for blocking (which pairs are compared at all):
a Soundex-like code tolerant of Albanian/Serbian digraphs (`sh/zh/xh/ch/gj/dj/nj/lj`) and
doubled letters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Serbian Cyrillic (Vuk's alphabet) → Serbian Latin (Gaj's), with Macedonian ѓ ќ ѕ and the
# Russian/Bulgarian letters that show up in transliterated documents.
CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "đ",
    "е": "e",
    "ж": "ž",
    "з": "z",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "ć",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "č",
    "џ": "dž",
    "ш": "š",
    # Macedonian
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
    # Russian, Bulgarian, Ukrainian
    "й": "j",
    "ы": "y",
    "э": "e",
    "ю": "ju",
    "я": "ja",
    "щ": "šč",
    "ъ": "",
    "ь": "",
    "ё": "e",
    "є": "je",
    "і": "i",
    "ї": "ji",
}

# Letters that do not decompose into a base letter and a combining mark.
FOLD = {
    "đ": "dj",
    "ð": "dj",
    "ł": "l",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
    "ß": "ss",
    "þ": "th",
}

# Whole-name table: usual Latin transliterations of Arabic, Persian and Urdu names → one
# spelling. Applied to a token after the diacritics are folded and before LETTER_RULES, so
# the canonical spellings on the right are fixed points of LETTER_RULES.
_VARIANTS = {
    "muhamad": [
        "mohammed",
        "mohammad",
        "mohamed",
        "mohamad",
        "muhammad",
        "muhammed",
        "muhamed",
        "mohammet",
        "mouhamed",
        "mouhammad",
        "mohd",
        "muhd",
    ],
    "ahmad": ["ahmed", "ahmet", "achmed", "achmad", "ahamed"],
    "husain": ["hussein", "hussain", "husein", "hosein", "hossein", "husayn", "hussen"],
    "hasan": ["hassan", "hasen", "hassen"],
    "hasani": ["hassani"],
    "yusuf": ["youssef", "yousef", "yousif", "yusef", "yousuf", "jusuf"],
    "ibrahim": ["ebrahim", "ibraheem", "ibrahem"],
    "mustafa": ["moustafa", "mostafa", "mustapha"],
    "mahmud": ["mahmoud", "mahmood", "mehmood"],
    "umar": ["omar", "omer", "umer"],
    "usman": ["osman", "othman", "uthman"],
    "abdula": ["abdullah", "abdallah", "abdulla", "abdalla"],
    "fatima": ["fatema", "fatemeh", "fatimah", "fatma"],
    "aisha": ["aysha", "ayesha", "aicha", "aischa"],
    "hadija": ["khadija", "khadijah", "hadidja", "khadidja"],
    "zainab": ["zaynab", "zeinab", "zeynab"],
    "mariam": ["maryam", "meryem"],
    "jafar": ["jaafar", "jaffar", "djafar"],
    "rida": ["reza", "riza", "raza", "ridha"],
    "said": ["saeed", "saed", "sayed", "sayid", "sayyid"],
    "halid": ["khaled", "khalid", "haled"],
    "karim": ["kareem", "karem"],
    "nur": ["noor", "nour"],
    "rahman": ["rehman", "rahmaan"],
    "zahra": ["zehra", "zahraa"],
    "tarik": ["tariq", "tarek", "tareq", "tarec"],
    "jabir": ["jaber"],
    "salih": ["saleh"],
    "mansur": ["mansour"],
    "nasir": ["nasser", "naser", "nassir"],
    "siddiqi": ["siddiqui", "siddiki", "sidiqi"],
    "qurashi": ["qureshi", "quraishi", "kureshi"],
    "husaini": ["hosseini", "husseini", "hussaini"],
    "chaudhri": ["chaudhry", "chaudhary", "choudhury", "chowdhury"],
    "walid": ["waleed"],
    "jamal": ["gamal"],
    "yasin": ["yassin", "yaseen"],
    "samir": ["sameer"],
    "hamid": ["hameed"],
    "rashid": ["rasheed"],
    "amir": ["ameer"],
    "amina": ["aminah", "ameena"],
    "laila": ["layla", "leila", "leyla"],
    "samira": ["sameera"],
    "jasmin": ["yasmin", "yasmine", "yasmeen"],
}
ARABIC_VARIANTS: dict[str, str] = {v: canon for canon, vs in _VARIANTS.items() for v in vs}

# Letter groups that transliterations of Arabic-script names write differently; applied
# inside tokens, repeatedly, until nothing changes.
LETTER_RULES: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("kh", "h"),
)

# Articles that precede a name in Arabic-script names: dropped when a name follows.
ARTICLES = frozenset({"al", "el", "ul", "ar", "as", "ad", "ash", "an", "ur"})
# `abd` (servant of) + name → one token `abdul<name>`; the fused spellings are unified too.
# (Longest spelling first; a bare `abd` is not rewritten inside a token: Albanian `Abdyl`.)
_ABD = re.compile(r"^(abdoul|abdul|abdel|abdal|abdol|abdur|abdar)(?=.)")

_TOKEN = re.compile(r"[^\W_]+")  # letters and digits; everything else separates


def _fold_char(ch: str) -> str:
    if ch in CYRILLIC:
        ch = CYRILLIC[ch]
    out = []
    for c in ch:
        if c in FOLD:
            out.append(FOLD[c])
            continue
        base = "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
        out.append(FOLD.get(base, base))
    return "".join(out)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, Latin, without diacritics; separators kept (not yet tokens)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return unicodedata.normalize("NFC", "".join(_fold_char(ch) for ch in text))


def _letters(token: str) -> str:
    token = ARABIC_VARIANTS.get(token, token)
    while True:
        before = token
        for a, b in LETTER_RULES:
            token = token.replace(a, b)
        token = ARABIC_VARIANTS.get(token, token)
        if token == before:
            return token


def _join_articles(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in ARTICLES and nxt is not None and nxt not in ARTICLES:
            i += 1  # the article goes; the name follows
            continue
        if tok in {"abd", "abdel", "abdal", "abdul", "abdur"} and nxt is not None:
            nxt_tokens = tokens[i + 1 :]
            while nxt_tokens and nxt_tokens[0] in ARTICLES and len(nxt_tokens) > 1:
                nxt_tokens = nxt_tokens[1:]
            out.append("abdul" + nxt_tokens[0])
            i = len(tokens) - len(nxt_tokens) + 1
            continue
        out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=65536)
def name_tokens(text: str) -> tuple[str, ...]:
    """The tokens of a name, transliterated and normalised (docstring of the module)."""
    tokens = _TOKEN.findall(fold(text))
    while True:
        before = tokens
        tokens = _join_articles(tokens)
        tokens = [_ABD.sub("abdul", t) if _ABD.match(t) else t for t in tokens]
        tokens = [_letters(t) for t in tokens]
        if tokens == before:
            return tuple(tokens)


def normalise_name(text: str) -> str:
    """A name as one string: its tokens joined by single spaces ("" when none)."""
    return " ".join(name_tokens(text))


def normalise_place(text: str) -> str:
    """Places are folded and tokenised like names, without the Arabic-name table."""
    return " ".join(_TOKEN.findall(fold(text)))


# --------------------------------------------------------------------------- phonetic key

# Digraphs of Albanian and Serbian Latin (and English-style transliterations) → one sound.
_DIGRAPHS = (
    ("dzh", "j"),
    ("xh", "j"),
    ("dz", "j"),
    ("dj", "j"),
    ("gj", "j"),
    ("zh", "z"),
    ("sh", "s"),
    ("ch", "c"),
    ("tsh", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("nj", "n"),
    ("lj", "l"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "c"),
    ("x", "j"),
    ("w", "v"),
    ("y", "i"),
)
# Soundex-like groups over the remaining consonants; vowels and h only separate.
_GROUPS = {
    **dict.fromkeys("bpfv", "1"),
    **dict.fromkeys("cksz", "2"),
    **dict.fromkeys("gj", "3"),
    **dict.fromkeys("dt", "4"),
    "l": "5",
    **dict.fromkeys("mn", "6"),
    "r": "7",
}


@lru_cache(maxsize=65536)
def phonetic_key(token: str, length: int = 4) -> str:
    """A coarse code of one normalised token, for blocking: its first letter (after the
    digraphs) and up to `length - 1` consonant groups, repeats collapsed."""
    t = normalise_name(token).replace(" ", "")
    if not t:
        return ""
    for a, b in _DIGRAPHS:
        t = t.replace(a, b)
    first = t[0]
    code = first
    last = _GROUPS.get(first, "")
    for ch in t[1:]:
        g = _GROUPS.get(ch, "")
        if g and g != last:
            code += g
            if len(code) >= length:
                break
        last = g
    return code
