from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Security agreements"

    def ready(self):
        from . import signals

        signals.connect()
        post_migrate.connect(install_clause_counts, sender=self)


def install_clause_counts(using, **kwargs):
    """Re-install the clause count triggers after every migrate (a migration
    that rebuilds the clause table on SQLite drops them) and recount."""
    from django.db import connections

    from .models import clause_counts

    clause_counts.install(connections[using])
