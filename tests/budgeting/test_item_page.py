"""A budget item's page shows what it is, where, and its photo; the ballot says where."""

from __future__ import annotations

import io

from PIL import Image
from werkzeug.datastructures import FileStorage

from forum.budgeting import images
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, create_cycle
from tests.fixtures.forums import create_forum
from tests.helpers import text_of


def _photo() -> FileStorage:
    data = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(data, "PNG")
    data.seek(0)
    return FileStorage(data, filename="ramp.png")


def test_the_item_page_shows_photo_description_and_place_in_that_order(app, client):
    with app.test_request_context():
        forum = create_forum(slug="f", currency="MKD")
        cycle = create_cycle(forum)
        item = add_budget_item(cycle, "Ramp", description="A ramp with a rail for wheelchairs.",
                               location="Shipkovica, the health centre",
                               image=images.store(_photo()))
    page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/items/{item.id}"))
    main = page.split("<main")[1]
    photo = f'src="/en/forums/f/budgeting/{cycle.id}/items/{item.id}/image?v={item.image[:12]}"'
    assert main.index(photo) < main.index("What it is") < main.index("A ramp with a rail")
    assert "Shipkovica, the health centre" in main
    image = client.get(f"/en/forums/f/budgeting/{cycle.id}/items/{item.id}/image")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    image.close()


def test_an_item_without_a_description_says_so_instead_of_an_empty_block(app, client):
    with app.app_context():
        forum = create_forum(slug="f", currency="MKD")
        cycle = create_cycle(forum)
        item = add_budget_item(cycle, "Lights")
    page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/items/{item.id}"))
    assert "No description was given." in page


def test_the_ballot_says_where_each_item_is(app, client):
    with app.app_context():
        forum = create_forum(slug="f", currency="MKD")
        voter = create_user(email="voter@example.org")
        cycle = create_cycle(forum, budget=1_000_000_00)
        add_budget_item(cycle, "Lights", location="Drislica")
    sign_in_as(client, voter)
    page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/vote"))
    assert "Where: Drislica" in page
