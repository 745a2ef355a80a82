"""Does a text name an inmate? The comparison behind every public-text rule (display name, story,
answers to buyers), written to hold against the ways a name slips past a plain search:

- letters written differently: full-width forms, accents ("Sudartó"), Cyrillic or Greek letters
  that look Latin ("Sudаrto" with a Cyrillic "а"), invisible format characters;
- words joined or split: "SudartoWibisono", "Sudarto_Wibisono", "S u d a r t o", "S.Wibisono" is
  not a full name and stays allowed;
- digits for letters in a name: "Sud4rto W1bisono";
- the words of a name in another order ("Wibisono Sudarto").

``PeopleIndex`` answers for many people at once (every inmate of a prison: 15,000) in time that
grows with the text, not with the prison: names are looked up by their words and by their letters
run together, never searched one by one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# Cyrillic and Greek small letters that read as Latin ones (after casefold, so capitals are here
# too: "В" folds to "в", which looks like "b" only as a capital).
_LOOK_ALIKE = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ӏ": "l", "ь": "b",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ς": "s", "σ": "o",
    }
)  # fmt: skip

# Digits written for letters inside a word of a name ("W1bisono"); "1" reads as "i" or "l".
_DIGIT_AS_LETTER = (str.maketrans("0134578", "oieastb"), str.maketrans("0134578", "oleastb"))

# Words of a legal name that do not identify anybody by themselves ("Ahmad bin Ali").
NAME_JOINERS = frozenset({"bin", "binti", "bt", "van", "der", "de", "al"})

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """``text`` as compared: compatibility forms unified (full-width letters read as letters),
    accents and invisible format characters (zero-width spaces, direction marks) dropped,
    look-alike Cyrillic and Greek letters read as Latin, underscores as spaces, case and runs of
    spaces ignored."""
    text = text or ""
    if not text.isascii():  # most names and texts are plain ASCII: nothing of this to do
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Mn"))
        text = text.casefold().translate(_LOOK_ALIKE)
    return " ".join(text.lower().replace("_", " ").split())


def words(text: str) -> list[str]:
    """The words of ``text`` (letters and digits), folded, in order."""
    return _WORD.findall(fold(text))


def name_words(text: str) -> set[str]:
    """The words of a name that identify somebody: three letters or more, not "bin" or "van"."""
    return {w for w in words(text) if len(w) >= 3 and w not in NAME_JOINERS}


def letters_and_digits(text: str) -> str:
    return "".join(words(text))


def _spellings(tokens: list[str]) -> list[list[str]]:
    """``tokens`` as written, and with digits read as letters where a word mixes both."""
    if not any(ch.isdigit() for token in tokens for ch in token):
        return [tokens]
    variants = [tokens]
    for table in _DIGIT_AS_LETTER:
        variants.append([t.translate(table) if not t.isdigit() else t for t in tokens])
    return variants


# A name written with its letters spaced out ("s u d a r t o") has a word per letter.
_MAX_SPAN_WORDS = 64


class PeopleIndex:
    """The names and registration numbers of some people (``(key, legal_name,
    registration_number)`` triples; ``key`` is returned by the lookups so that a person can be
    left out of their own check), indexed for the questions below."""

    def __init__(self, people: Iterable[tuple[object, str, str]]):
        self._by_word: dict[str, list[int]] = defaultdict(list)  # name word -> people
        self._name_size: list[int] = []  # how many identifying words each person's name has
        self._keys: list[object] = []
        self._joined: dict[str, list[int]] = defaultdict(list)  # all words run together -> people
        self._numbers: dict[str, list[int]] = defaultdict(list)
        self._number_lengths: set[int] = set()
        self._single: dict[str, list[int]] = defaultdict(list)  # one-word legal names
        self._longest_name = 0
        for index, (key, legal_name, number) in enumerate(people):
            self._keys.append(key)
            tokens = words(legal_name)
            identifying = {t for t in tokens if len(t) >= 3 and t not in NAME_JOINERS}
            self._name_size.append(len(identifying))
            for word in identifying:
                self._by_word[word].append(index)
            if len(tokens) == 1 and len(tokens[0]) >= 3:
                self._single[tokens[0]].append(index)
                self._longest_name = max(self._longest_name, len(tokens[0]))
            # The whole name as one run of letters, and every part of it with two identifying
            # words ("Sudarto Wibisono" of "Sudarto Wibisono Putra"), in order and backwards.
            for start in range(len(tokens)):
                for end in range(start + 2, len(tokens) + 1):
                    part = tokens[start:end]
                    if end - start < len(tokens) and len(identifying.intersection(part)) < 2:
                        continue
                    for order in (part, part[::-1]):
                        joined = "".join(order)
                        if index not in self._joined[joined]:
                            self._joined[joined].append(index)
                        self._longest_name = max(self._longest_name, len(joined))
            written = letters_and_digits(number)
            core = written.lstrip("abcdefghijklmnopqrstuvwxyz")
            for form in {written if len(written) >= 4 else "", core if len(core) >= 6 else ""} - {""}:
                self._numbers[form].append(index)
                self._number_lengths.add(len(form))

    def __len__(self):
        return len(self._keys)

    def named(self, text: str, *, any_order: bool = True, mononyms: bool = False) -> set:
        """The keys of the people ``text`` names:

        - their name's words written together, in order or backwards, however joined or spaced
          ("Sudarto Wibisono", "SudartoWibisono", "S u d a r t o  W i b i s o n o",
          "Wibisono, Sudarto"), digits read as letters;
        - with ``any_order``, two or more words of their name anywhere in the text ("Satu Orang
          Probe" for "Probe Orang Satu"); fit for a short text (a display name, an answer), too
          eager for a long story full of ordinary words that are also names (Indah, Sari);
        - with ``mononyms``, a one-word legal name as a word of the text (a person's own name,
          not a look through a whole prison of common words).
        """
        found: set[int] = set()
        for tokens in _spellings(words(text)):
            found |= self._joined_in(tokens, mononyms=mononyms)
            if any_order:
                hits: dict[int, int] = defaultdict(int)
                for word in set(tokens):
                    for index in self._by_word.get(word, ()):
                        hits[index] += 1
                found.update(i for i, count in hits.items() if count >= 2 and self._name_size[i] >= 2)
        return {self._keys[index] for index in found}

    def _joined_in(self, tokens: list[str], *, mononyms: bool) -> set[int]:
        """People whose whole name is a run of consecutive words of ``tokens`` written together."""
        tables = [self._joined] + ([self._single] if mononyms else [])
        if not any(tables):
            return set()
        found = set()
        for start in range(len(tokens)):
            run = ""
            for token in tokens[start : start + _MAX_SPAN_WORDS]:
                run += token
                if len(run) > self._longest_name:
                    break
                for table in tables:
                    found.update(table.get(run, ()))
        return found

    def cited(self, text: str) -> set:
        """The keys of the people whose registration number ``text`` contains, however punctuated
        or spaced ("BI-9001/2024", "B.I - 9001 / 2024"), or its number without the letters in
        front ("9001/2024")."""
        written = letters_and_digits(text)
        found = set()
        for length in self._number_lengths:
            for start in range(len(written) - length + 1):
                found.update(self._numbers.get(written[start : start + length], ()))
        return {self._keys[index] for index in found}


def names_person(text: str, legal_name: str) -> bool:
    """Whether ``text`` names the person of ``legal_name``: the whole name however written (see
    ``PeopleIndex.named``), or two or more of its words in any order. One word of a longer name
    alone is a nickname ("Pak Rani" for "Syahrani", "Bu Siti" for "Siti Aminah") and is allowed;
    a one-word legal name is not."""
    return bool(PeopleIndex([(0, legal_name, "")]).named(text, mononyms=True))


def cites_number(text: str, registration_number: str) -> bool:
    """Whether ``text`` contains ``registration_number`` however it is punctuated or spaced, or
    its number without the letters in front."""
    return bool(PeopleIndex([(0, "", registration_number)]).cited(text))
