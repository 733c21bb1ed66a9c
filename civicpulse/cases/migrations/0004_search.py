"""The register's full-text index: FTS5 on SQLite, a GIN index on PostgreSQL
(civicpulse.cases.search). Neither is part of the models' state."""

from django.db import migrations


def install(apps, schema_editor):
    from civicpulse.cases.search import search_index_install

    search_index_install(schema_editor)


def remove(apps, schema_editor):
    from civicpulse.cases.search import search_index_remove

    search_index_remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_citizen")]

    operations = [migrations.RunPython(install, remove)]
