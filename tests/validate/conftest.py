import pytest

from toolkit.datasets import course_articles
from toolkit.stance import classify_stance


@pytest.fixture(scope="session")
def articles():
    return course_articles()


@pytest.fixture(scope="session")
def claims(articles):
    return classify_stance(articles)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A fresh ANNOTATIONS folder for one test (nothing is written into the repository)."""
    path = tmp_path / "annotations"
    monkeypatch.setenv("ANNOTATIONS", str(path))
    return path
