"""A stored full-text document per submission on PostgreSQL, kept by a trigger, under a GIN index.

Search computed the vectors of every row on each query (about a second at 10,000 articles, see
BENCHMARKS.md); now it reads them. The trigger also covers bulk inserts and ``QuerySet.update``.
On SQLite, which has no full-text search here, the column stays empty.
"""

import django.contrib.postgres.search
from django.db import migrations

CREATE = """
CREATE FUNCTION editorial_submission_search_document() RETURNS trigger AS $$
BEGIN
    NEW.search_document :=
    setweight(to_tsvector('english', coalesce(NEW.title_en, '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.keywords_en::text, '')), 'B')
    || setweight(to_tsvector('english', coalesce(NEW.abstract_en, '')), 'C')
    || setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(NEW.keywords::text, '')), 'B')
    || setweight(to_tsvector('simple', coalesce(NEW.abstract, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER editorial_submission_search_document
    BEFORE INSERT OR UPDATE OF title, title_en, keywords, keywords_en, abstract, abstract_en
    ON editorial_submission FOR EACH ROW EXECUTE FUNCTION editorial_submission_search_document();
UPDATE editorial_submission SET title = title;
CREATE INDEX editorial_submission_search_document_gin ON editorial_submission USING gin (search_document);
"""

DROP = """
DROP INDEX IF EXISTS editorial_submission_search_document_gin;
DROP TRIGGER IF EXISTS editorial_submission_search_document ON editorial_submission;
DROP FUNCTION IF EXISTS editorial_submission_search_document();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("editorial", "0006_reference_checks")]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP)),
    ]
