from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Security agreements"

    def ready(self):
        from . import signals

        signals.connect()
