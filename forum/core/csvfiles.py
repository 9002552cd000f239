"""CSV in and out. Out: a UTF-8 byte-order mark (so Excel reads Cyrillic) and no cell a
spreadsheet would run as a formula. In: rows with clean cells, and a clear refusal of a
file the csv module cannot read (a field past its size limit, a stray quote)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask import current_app
from flask_babel import lazy_gettext as _l

from forum.core.cleaning import clean

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would take for a formula (`=HYPERLINK(…)`, `-2+3`) gets a leading
    apostrophe, which spreadsheets show as text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_response(header: Iterable, rows: Iterable[Iterable], filename: str):
    """A CSV download; `filename` is ours (ASCII, no quotes)."""
    response = current_app.response_class(csv_text(header, rows),
                                          content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CsvUnreadable(ValueError):
    """The file is not CSV we can read; the message says why, in the reader's language."""


def read_rows(text: str, refuse_with: type[Exception] = CsvUnreadable,
              **options) -> Iterator[list[str]]:
    """The rows of a CSV text with clean cells; `refuse_with(message)` on the first line the
    csv module refuses (e.g. one field longer than its 131,072-character limit). A file whose
    first line has more semicolons than commas is read with semicolons: a spreadsheet set to
    Albanian, Macedonian or Serbian saves "CSV" so."""
    first = text.split("\n", 1)[0]
    if "delimiter" not in options and first.count(";") > first.count(","):
        options["delimiter"] = ";"
    reader = csv.reader(io.StringIO(text), **options)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise refuse_with(_l("Line %(line)d of the file cannot be read: a field is too "
                                   "long or a quote is not closed.",
                                   line=reader.line_num)) from error
        yield [clean(cell) for cell in row]
