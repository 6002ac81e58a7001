"""CSV export: the one writer for the public exports and the admin action."""

from .columns import columns_for
from .expressions import FORMULA_STARTS, SEPARATOR, guard
from .writer import csv_response

__all__ = ["FORMULA_STARTS", "SEPARATOR", "columns_for", "csv_response", "guard"]
