from django.apps import AppConfig


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
