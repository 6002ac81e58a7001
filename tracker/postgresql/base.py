"""Django's PostgreSQL backend, with the protocol's limit on parameters.

With parameters bound by the server (DJANGO_DB_SERVER_SIDE_BINDING, on by
default), one statement carries at most 65,535 of them: the wire protocol
counts them in 16 bits. Django's PostgreSQL backend states no limit, as
with client-side binding there is none, so a bulk insert of 5,000 rows of
14 columns (bench/generate.py) or a cascade deletion of 70,000 rows was
refused whole ("number of parameters must be between 0 and 65535"). Given
the limit, Django cuts both into batches under it, as it does for SQLite
and Oracle. `tracker/settings.py` names this backend for every PostgreSQL
URL; everything else is Django's.
"""

from itertools import chain

from django.db import models
from django.db.backends.postgresql import base, features, operations

PROTOCOL_MAX_PARAMS = 2**16 - 1


class DatabaseFeatures(features.DatabaseFeatures):
    max_query_params = PROTOCOL_MAX_PARAMS


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        """How many rows of `fields` one statement may insert or match."""
        columns = list(
            chain.from_iterable(
                field.fields
                if isinstance(field, models.CompositePrimaryKey)
                else [field]
                for field in fields
            )
        )
        if not columns:
            return len(objs)
        return self.connection.features.max_query_params // len(columns)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
    ops_class = DatabaseOperations
