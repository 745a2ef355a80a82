"""Full-text search of products for the public catalogue.

On PostgreSQL: django.contrib.postgres full-text search with the 'simple' configuration
(PostgreSQL has no Indonesian stemmer), every word as a prefix, over the stored document of
products/migrations/0004_product_search_document.py: name (weight A), materials (B), category
and prison names (C), description (D), kept up to date by database triggers and served by its GIN
index ``product_search_gin``. Ranked by name (A) > materials (B) > category and prison (C);
description-only matches last (RANK_WEIGHTS). On SQLite (development): every word must occur
(``icontains``) in one of the same fields; names containing every word rank first.
"""

import dataclasses
import re
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Case, Expression, FloatField, Q, Value, When
from django.db.models.expressions import Col

from products.models import Product

MAX_SEARCH_TERMS = 8
_NOT_A_WORD = re.compile(r"[\W_]+")


# English words a visitor of the English pages types, and the Indonesian words the products are
# described with (the texts are written in Indonesian only): "bag" also finds "Tas anyaman".
# One word each way, letters only (they go into a raw tsquery). Plurals are found by prefix
# ("bag" finds "bags"), so only the singular is listed.
ENGLISH_WORDS = {
    "bag": ("tas",), "handbag": ("tas",), "backpack": ("ransel", "tas"), "wallet": ("dompet",),
    "purse": ("dompet",), "shirt": ("kemeja", "kaos"), "tshirt": ("kaos",), "dress": ("gaun",),
    "clothes": ("pakaian", "busana"), "clothing": ("pakaian", "busana"), "fashion": ("busana",),
    "fabric": ("kain",), "cloth": ("kain",), "woven": ("anyaman", "tenun"), "weaving": ("tenun", "anyaman"),
    "embroidery": ("bordir", "sulam"), "knitted": ("rajut",), "knit": ("rajut",), "crochet": ("rajut",),
    "shoe": ("sepatu",), "sandal": ("sandal", "sendal"), "slipper": ("sandal",), "hat": ("topi",),
    "cap": ("topi",), "wood": ("kayu",), "wooden": ("kayu",), "teak": ("jati",), "bamboo": ("bambu",),
    "rattan": ("rotan",), "leather": ("kulit",), "chair": ("kursi",), "table": ("meja",),
    "cupboard": ("lemari",), "wardrobe": ("lemari",), "furniture": ("mebel",), "cabinet": ("lemari",),
    "carving": ("ukiran",), "carved": ("ukir",), "sculpture": ("patung",), "statue": ("patung",),
    "painting": ("lukisan",), "paint": ("lukis",), "art": ("seni",), "mask": ("topeng",),
    "soap": ("sabun",), "candle": ("lilin",), "lamp": ("lampu",), "mat": ("tikar", "keset"),
    "doormat": ("keset",), "basket": ("keranjang",), "box": ("kotak",), "pottery": ("gerabah",),
    "ceramic": ("keramik",), "clay": ("tanah", "gerabah"), "bracelet": ("gelang",), "necklace": ("kalung",),
    "ring": ("cincin",), "earring": ("anting",), "jewellery": ("perhiasan",), "jewelry": ("perhiasan",),
    "bead": ("manik",), "keychain": ("gantungan",), "souvenir": ("cinderamata", "suvenir"),
    "gift": ("hadiah", "cinderamata"), "doll": ("boneka",), "toy": ("mainan",), "knife": ("pisau",),
    "coffee": ("kopi",), "tea": ("teh",), "honey": ("madu",), "chips": ("keripik",), "cracker": ("kerupuk",),
    "cake": ("kue",), "cookie": ("kue",), "bread": ("roti",), "snack": ("camilan", "makanan"), "food": ("makanan",),
    "sauce": ("sambal", "saus"), "chili": ("cabai", "sambal"), "spice": ("rempah",), "herbal": ("jamu", "herbal"),
    "paper": ("kertas",), "recycled": ("daur",), "glass": ("kaca",), "metal": ("logam", "besi"),
    "iron": ("besi",), "silver": ("perak",), "brass": ("kuningan",), "stone": ("batu",), "coconut": ("kelapa",),
    "shell": ("kerang", "tempurung"), "pillow": ("bantal",), "cushion": ("bantal",), "blanket": ("selimut",),
    "sarong": ("sarung",), "scarf": ("syal", "selendang"), "shawl": ("selendang",), "frame": ("bingkai", "pigura"),
    "calligraphy": ("kaligrafi",), "miniature": ("miniatur",), "ship": ("kapal",), "boat": ("perahu", "kapal"),
    "tray": ("nampan",), "plate": ("piring",), "bowl": ("mangkuk",), "spoon": ("sendok",), "cup": ("cangkir", "gelas"),
    "hanger": ("gantungan",), "flower": ("bunga",), "plant": ("tanaman",), "pot": ("pot",), "vase": ("vas",),
    "women": ("wanita", "perempuan"), "men": ("pria",), "child": ("anak",), "children": ("anak",),
    "handmade": ("tangan",), "hand": ("tangan",), "natural": ("alam",), "dye": ("pewarna",),
    # A hotel buyer's words (a buyer probe: "coaster", "tissue box", "key chain" found nothing).
    "coaster": ("tatakan",), "placemat": ("tatakan", "alas"), "tissue": ("tisu",), "key": ("kunci",),
    "chain": ("gantungan", "rantai"), "handicraft": ("kerajinan",), "craft": ("kerajinan", "kriya"),
    "tablecloth": ("taplak",), "napkin": ("serbet",), "towel": ("handuk",), "apron": ("celemek",),
    "decoration": ("hiasan", "dekorasi"), "ornament": ("hiasan",), "wall": ("dinding",), "clock": ("jam",),
    "holder": ("tempat",), "hamper": ("parsel", "keranjang"), "notebook": ("buku",),
}  # fmt: skip

# Words and spellings of Indonesian buyers the texts don't use (a hotel buyer probe: "suvenir",
# the standard spelling, and "oleh-oleh" found nothing; "batiks" neither, as "bags" did). Looked
# for as the English words are, but not named as "also searched" (that note is for English).
INDONESIAN_WORDS = {
    "suvenir": ("cinderamata", "souvenir"), "oleh": ("cinderamata", "souvenir"),
    "kenang": ("cinderamata", "souvenir"), "kado": ("hadiah", "cinderamata"), "batik": ("batik",),
    "sovenir": ("cinderamata", "souvenir"), "handycraft": ("kerajinan",), "kriya": ("kerajinan",),
}  # fmt: skip


def search_terms(q: str | None) -> list[str]:
    """The words of a search, lower-cased, in order, without repeats, at most MAX_SEARCH_TERMS.
    Only letters and digits survive, so a word is safe inside a raw tsquery."""
    terms: list[str] = []
    for word in _NOT_A_WORD.split((q or "").lower()):
        if word and word not in terms:
            terms.append(word)
    return terms[:MAX_SEARCH_TERMS]


class _StoredDocument(Expression):
    """The column ``products_product.search_document`` (PostgreSQL only). It is not a model field,
    so that no query loads it; this expression names it on the query's own product table alias,
    so it also works inside subqueries (where Django renames the tables)."""

    def __init__(self):
        super().__init__(output_field=_search_vector_field())

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        return Col(query.get_initial_alias(), _search_vector_field())


def _search_vector_field():
    from django.contrib.postgres.search import SearchVectorField

    field = SearchVectorField()
    field.set_attributes_from_name("search_document")
    field.model = Product
    return field


def product_search_document():
    """A product's stored full-text document (PostgreSQL): name (weight A), materials (B), category
    and prison names (C), description (D), indexed by ``product_search_gin``
    (tests/exhibitions/test_catalogue.py and tests/test_indexes.py check that plans use it)."""
    return _StoredDocument()


# ts_rank's weights for D, C, B, A: a description match counts for little, so products matching
# only in their description come last.
RANK_WEIGHTS = [0.01, 0.2, 0.4, 1.0]


_ALL_WORDS = {**ENGLISH_WORDS, **INDONESIAN_WORDS}


def term_alternatives(term: str, *, words: dict | None = None) -> tuple[str, ...]:
    """``term`` and the Indonesian words an English ``term`` stands for (ENGLISH_WORDS), or an
    Indonesian buyer's word the texts don't use (INDONESIAN_WORDS)."""
    words = _ALL_WORDS if words is None else words
    singular = term[:-1] if term.endswith("s") and term[:-1] in words else term
    return (term, *(word for word in words.get(singular, ()) if word != term))


def also_searched(q: str | None) -> list[str]:
    """The Indonesian words a search ``q`` also looked for (its English words'), in order."""
    words: list[str] = []
    for term in search_terms(q):
        for word in term_alternatives(term, words=ENGLISH_WORDS)[1:]:
            if word not in words:
                words.append(word)
    return words


def _prefix_query(terms: list[str]):
    from django.contrib.postgres.search import SearchQuery

    # Prefix matching ('anyam' finds 'anyaman'): without a stemmer, the closest to what people mean.
    # An English word matches its Indonesian ones too: ('bag':* | 'tas':*).
    def one(term: str) -> str:
        alternatives = term_alternatives(term)
        if len(alternatives) == 1:
            return f"'{term}':*"
        # The English word itself only as a whole word: as a start it found Indonesian ones
        # ("bag" in "bagian", "bagus"; a visitor probe).
        return "(" + " | ".join([f"'{term}'", *(f"'{word}':*" for word in alternatives[1:])]) + ")"

    return SearchQuery(" & ".join(one(t) for t in terms), search_type="raw", config="simple")


@dataclasses.dataclass(frozen=True)
class ProductSearch:
    """A compiled search: ``condition`` keeps the products matching every word; ``rank`` (an
    expression, higher is better) orders them by relevance."""

    terms: list[str]
    condition: Q
    rank: object


def product_search(*, q: str | None) -> ProductSearch | None:
    """Compile the search ``q``; None when it has no words. Runs no query itself."""
    terms = search_terms(q)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return _search_postgresql(terms)
    return _search_fallback(terms)


def _search_postgresql(terms: list[str]) -> ProductSearch:
    from django.contrib.postgres.search import SearchRank, SearchVectorExact

    # One GIN index scan for every word at once; the rank reads the stored vectors (no text is
    # parsed at query time), so a common word over 50,000 products stays well under a second.
    query = _prefix_query(terms)
    document = product_search_document()
    return ProductSearch(
        terms=terms,
        condition=Q(SearchVectorExact(document, query)),
        rank=SearchRank(document, query, weights=RANK_WEIGHTS),
    )


SEARCHED_FIELDS = (
    "name",
    "description",
    "materials",
    "category__name_id",
    "category__name_en",
    "prison__name",
)


def _word_patterns(term: str) -> list[str]:
    """As PostgreSQL's search reads ``term``: the start of a word (not a piece inside one: "tas"
    found "di atas"; a visitor probe), an English word with Indonesian ones as a whole word."""
    alternatives = term_alternatives(term)
    if len(alternatives) == 1:
        return [rf"(^|[^0-9a-z]){re.escape(term)}"]
    return [rf"(^|[^0-9a-z]){re.escape(term)}([^0-9a-z]|$)", *(rf"(^|[^0-9a-z]){re.escape(w)}" for w in alternatives[1:])]


def _search_fallback(terms: list[str]) -> ProductSearch:
    condition = reduce(
        and_,
        (
            reduce(or_, (Q(**{f"{field}__iregex": pattern}) for field in SEARCHED_FIELDS for pattern in _word_patterns(t)))
            for t in terms
        ),
    )
    in_name = reduce(and_, (reduce(or_, (Q(name__iregex=pattern) for pattern in _word_patterns(t))) for t in terms))
    rank = Case(When(in_name, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return ProductSearch(terms=terms, condition=condition, rank=rank)
