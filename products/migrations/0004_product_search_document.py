"""A stored full-text document per product for the catalogue search, on PostgreSQL only.

0003 indexed an expression; matching used the index, but ranking re-parsed the text of every
matching row, so a search for a common word over 50,000 products took seconds. Now the column
``products_product.search_document`` (tsvector, 'simple' configuration, as PostgreSQL has no
Indonesian stemmer) holds:

    name (weight A), materials (B), the category's names and the prison's name (C), description (D)

and the GIN index ``product_search_gin`` (the same name as 0003's, which it replaces) serves the
match, while ranking reads the stored vectors instead of parsing text.

The column is kept up to date by the database itself, so that every way of writing a product
(the services, the admin, bulk_create, QuerySet.update, seed_scale) is covered: a BEFORE
INSERT/UPDATE trigger on products computes it, and triggers on category and prison renames
recompute the products concerned. It is deliberately not a model field: no query ever loads it
(products/search.py refers to it through an expression of its own), and the historical tables do
not copy it. SQLite (development and part of CI) has no full-text search of this kind: there this
migration does nothing and the catalogue falls back to ``icontains``.
"""

from django.db import migrations

OLD_INDEX_SQL = """
CREATE INDEX IF NOT EXISTS product_search_gin ON products_product USING gin ((
    setweight(to_tsvector('simple'::regconfig, COALESCE(name, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig,
                             COALESCE(description, '') || ' ' || COALESCE(materials, '')), 'B')
))
"""

FORWARD_SQL = """
DROP INDEX IF EXISTS product_search_gin;

ALTER TABLE products_product ADD COLUMN search_document tsvector;

CREATE FUNCTION products_product_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document :=
        setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.name, '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.materials, '')), 'B')
        || setweight(to_tsvector('simple'::regconfig,
               COALESCE((SELECT c.name_id || ' ' || c.name_en FROM products_category c
                         WHERE c.id = NEW.category_id), '')
               || ' ' ||
               COALESCE((SELECT p.name FROM inmates_prison p WHERE p.id = NEW.prison_id), '')), 'C')
        || setweight(to_tsvector('simple'::regconfig, COALESCE(NEW.description, '')), 'D');
    RETURN NEW;
END
$$;

CREATE TRIGGER products_product_search_document
    BEFORE INSERT OR UPDATE OF name, materials, description, category_id, prison_id
    ON products_product
    FOR EACH ROW EXECUTE FUNCTION products_product_search_document();

-- A renamed category or prison: recompute its products (SET name = name fires the trigger above).
CREATE FUNCTION products_category_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products_product SET name = name WHERE category_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER products_category_search_refresh
    AFTER UPDATE OF name_id, name_en ON products_category
    FOR EACH ROW
    WHEN (OLD.name_id IS DISTINCT FROM NEW.name_id OR OLD.name_en IS DISTINCT FROM NEW.name_en)
    EXECUTE FUNCTION products_category_search_refresh();

CREATE FUNCTION products_prison_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products_product SET name = name WHERE prison_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER products_prison_search_refresh
    AFTER UPDATE OF name ON inmates_prison
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION products_prison_search_refresh();

UPDATE products_product SET name = name;

CREATE INDEX product_search_gin ON products_product USING gin (search_document);
"""

BACKWARD_SQL = f"""
DROP TRIGGER IF EXISTS products_prison_search_refresh ON inmates_prison;
DROP FUNCTION IF EXISTS products_prison_search_refresh();
DROP TRIGGER IF EXISTS products_category_search_refresh ON products_category;
DROP FUNCTION IF EXISTS products_category_search_refresh();
DROP TRIGGER IF EXISTS products_product_search_document ON products_product;
DROP FUNCTION IF EXISTS products_product_search_document();
DROP INDEX IF EXISTS product_search_gin;
ALTER TABLE products_product DROP COLUMN IF EXISTS search_document;
{OLD_INDEX_SQL};
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0003_product_search_index"),
        ("inmates", "0002_alter_consent_document"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD_SQL), _on_postgresql(BACKWARD_SQL), elidable=False),
    ]
