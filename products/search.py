"""Full-text search of products for the public catalogue.

On PostgreSQL: django.contrib.postgres full-text search with the 'simple' configuration
(PostgreSQL has no Indonesian stemmer), every word as a prefix, over name (weight A), description
and materials (B), category and prison names (C), served by the GIN index of
products/migrations/0003_product_search_index.py; ranked by name (A) > materials (B) > category and
prison (C), description-only matches last (see _search_postgresql). On SQLite (development): every word must occur
(``icontains``) in one of the same fields; names containing every word rank first.
"""

import dataclasses
import re
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Case, FloatField, Q, Value, When

from inmates.models import Prison
from products.models import Category

MAX_SEARCH_TERMS = 8
_NOT_A_WORD = re.compile(r"[\W_]+")


def search_terms(q: str | None) -> list[str]:
    """The words of a search, lower-cased, in order, without repeats, at most MAX_SEARCH_TERMS.
    Only letters and digits survive, so a word is safe inside a raw tsquery."""
    terms: list[str] = []
    for word in _NOT_A_WORD.split((q or "").lower()):
        if word and word not in terms:
            terms.append(word)
    return terms[:MAX_SEARCH_TERMS]


def product_search_document():
    """A product's own text as a full-text document: name (weight A), description and materials
    (B). Exactly the expression of the GIN index in products/migrations/0003: keep them equal
    (tests/exhibitions/test_catalogue.py checks that PostgreSQL plans use the index)."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("name", config="simple", weight="A") + SearchVector(
        "description", "materials", config="simple", weight="B"
    )


def _prefix_query(terms: list[str]):
    from django.contrib.postgres.search import SearchQuery

    # Prefix matching ('anyam' finds 'anyaman'): without a stemmer, the closest to what people mean.
    return SearchQuery(" & ".join(f"'{t}':*" for t in terms), search_type="raw", config="simple")


@dataclasses.dataclass(frozen=True)
class ProductSearch:
    """A compiled search: ``condition`` keeps the products matching every word; ``rank`` (an
    expression, higher is better) orders them by relevance."""

    terms: list[str]
    condition: Q
    rank: object


def product_search(*, q: str | None) -> ProductSearch | None:
    """Compile the search ``q``; None when it has no words.

    On PostgreSQL this runs two small queries (the categories and the prisons whose names match a
    word), whatever the number of products; on SQLite none.
    """
    terms = search_terms(q)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return _search_postgresql(terms)
    return _search_fallback(terms)


def _names_matching(model, fields: tuple[str, ...], terms: list[str]) -> list[set[int]]:
    """For each term, the ids of the ``model`` rows whose ``fields`` match it, in one query."""
    from django.contrib.postgres.search import SearchVector, SearchVectorExact

    document = SearchVector(*fields, config="simple")
    flags = {f"term_{i}": SearchVectorExact(document, _prefix_query([t])) for i, t in enumerate(terms)}
    rows = (
        model.objects.annotate(**flags)
        .filter(reduce(or_, (Q(**{name: True}) for name in flags)))
        .order_by()
        .values("pk", *flags)
    )
    matches: list[set[int]] = [set() for _ in terms]
    for row in rows:
        for i in range(len(terms)):
            if row[f"term_{i}"]:
                matches[i].add(row["pk"])
    return matches


def _search_postgresql(terms: list[str]) -> ProductSearch:
    from django.contrib.postgres.search import SearchRank, SearchVector, SearchVectorExact

    # Category and prison names live in other tables, which an index on products cannot cover.
    # So the few categories and prisons matching each word are found first; a word then matches a
    # product whose indexed document matches it or whose category or prison is one of those: an
    # OR of index scans per word, fast at 50,000 products.
    categories = _names_matching(Category, ("name_id", "name_en"), terms)
    prisons = _names_matching(Prison, ("name",), terms)
    document = product_search_document()
    condition = Q()
    for i, term in enumerate(terms):
        word = Q(SearchVectorExact(document, _prefix_query([term])))
        if categories[i]:
            word |= Q(category_id__in=sorted(categories[i]))
        if prisons[i]:
            word |= Q(prison_id__in=sorted(prisons[i]))
        condition &= word
    # The rank leaves the description out: ranking re-parses the text of every matching row (an
    # expression index only serves the match), and long descriptions made a broad search of
    # 50,000 products take most of a second. Description matches still count; they rank after
    # name, materials, category and prison matches. A stored tsvector column would allow it all.
    ranked_document = (
        SearchVector("name", config="simple", weight="A")
        + SearchVector("materials", config="simple", weight="B")
        + SearchVector("category__name_id", "category__name_en", "prison__name", config="simple", weight="C")
    )
    return ProductSearch(
        terms=terms, condition=condition, rank=SearchRank(ranked_document, _prefix_query(terms))
    )


SEARCHED_FIELDS = (
    "name",
    "description",
    "materials",
    "category__name_id",
    "category__name_en",
    "prison__name",
)


def _search_fallback(terms: list[str]) -> ProductSearch:
    condition = reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": t}) for field in SEARCHED_FIELDS)) for t in terms),
    )
    in_name = reduce(and_, (Q(name__icontains=t) for t in terms))
    rank = Case(When(in_name, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    return ProductSearch(terms=terms, condition=condition, rank=rank)
