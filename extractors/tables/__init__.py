"""Table understanding: find task tables in HTML, XLSX, XLS, DOCX and text PDFs.

Every reader turns its input into `Grid`s (rectangular text with merged cells expanded);
`understand.rows_from_grid` finds the header, maps it through the Vietnamese header
dictionary (`headers.py`) and yields one raw row per task, keeping unknown columns.
"""

from extractors.tables.grid import Grid
from extractors.tables.understand import TableRow, rows_from_grid

__all__ = ["Grid", "TableRow", "rows_from_grid"]
