from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Security agreements"

    def ready(self):
        from django.core.signals import got_request_exception

        from . import signals, unavailable

        signals.connect()
        got_request_exception.connect(
            unavailable.note_database_error, dispatch_uid="database-unreachable"
        )
        post_migrate.connect(install_clause_counts, sender=self)
        post_migrate.connect(repair_text_indexes, sender=self)


def install_clause_counts(using, **kwargs):
    """Re-install the clause count triggers after every migrate (a migration
    that rebuilds the clause table on SQLite drops them) and recount."""
    from django.db import connections

    from .models import clause_counts

    clause_counts.install(connections[using])


def repair_text_indexes(using, **kwargs):
    """Re-create the full-text index triggers a table rebuild dropped on
    SQLite (agreements/fts.py), and rebuild those indexes."""
    from django.db import connections

    from . import fts

    fts.repair(connections[using])
