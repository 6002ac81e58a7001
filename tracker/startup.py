"""What a server process checks before it serves."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """The secret key; refuses to serve without DJANGO_SECRET_KEY (unless
    DEBUG is on)."""
    try:
        return settings.SECRET_KEY  # Django raises if it is empty
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        ) from None
