import pytest


@pytest.fixture
def form_on_home(home_page, index_page):
    """The home page, carrying the statement form block."""
    home_page.body = [("statement_form", {"page": index_page, "heading": "Quit"})]
    home_page.save_revision().publish()
    return home_page
