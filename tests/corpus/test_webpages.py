"""Web pages saved as .html / .htm: main text without boilerplate, title, date, outlet.

The pages under tests/data/webpages/ were written for these tests (no real page's text):
navigation, an advertisement, a list of other stories, share links and footers around an
Arabic article, with the metadata in meta tags.
"""

from __future__ import annotations

import doctest
import shutil
import warnings
from pathlib import Path

import pytest

import toolkit.corpus.webpages
from toolkit import CorpusError, CorpusWarning, check_corpus, extract_entities, load_articles
from toolkit.corpus import HTML_SUFFIXES, SUPPORTED_SUFFIXES, corpus_files, decode_page
from toolkit.course import check_course_corpus
from toolkit.figures import extract_figures

PAGES = Path(__file__).resolve().parents[1] / "data" / "webpages"
BOILERPLATE = [
    "تسجيل الدخول",  # the navigation
    "اشترك الآن",  # the advertisement
    "الأكثر قراءة",  # the list of other stories
    "مباراة ودية",
    "جميع الحقوق محفوظة",  # the footers
    "سياسة الخصوصية",
    "شارك هذا الخبر",
    "النشرة البريدية",
    "فيديو",
]
NAVIGATION_ONLY = """<html lang="ar"><head><meta charset="utf-8"><title>الرئيسية</title></head>
<body><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/a">سياسة</a></li>
<li><a href="/b">اقتصاد</a></li></ul></nav><footer>جميع الحقوق محفوظة</footer></body></html>"""
BODY = "قال متحدث حكومي إن المحادثات مع الجانب الأمريكي ستستأنف الشهر المقبل في بغداد."


@pytest.fixture(scope="module")
def pages():
    return load_articles(PAGES)


def test_html_and_htm_are_article_formats(tmp_path):
    assert {".html", ".htm"} == HTML_SUFFIXES <= SUPPORTED_SUFFIXES
    for name in ("a.html", "b.HTM", "c.htm"):
        (tmp_path / name).write_text("<p>x</p>", encoding="utf-8")
    listing = corpus_files(tmp_path)
    assert [p.name for p in listing.files] == ["a.html", "b.HTM", "c.htm"]
    assert listing.unsupported == []


def test_the_main_text_without_boilerplate(pages):
    assert pages["article_id"].to_list() == ["parliament", "talks"]
    parliament, talks = pages["text"].to_list()
    assert "عقد مجلس النواب العراقي جلسة مطولة يوم الأحد" in parliament
    assert "بشأن الاتفاقيات الأمنية النافذة." in parliament
    assert "والانتقال إلى علاقات أمنية ثنائية." in talks
    for text in (parliament, talks):
        for words in BOILERPLATE:
            assert words not in text, words
        assert "<" not in text and "&" not in text  # text, not markup
    # one paragraph per line, as trafilatura gives it (and nothing else in between)
    assert parliament.splitlines()[1].startswith("عقد مجلس النواب")


def test_title_date_outlet_language_and_address(pages):
    parliament, talks = pages.rows(named=True)
    assert parliament["title"] == "البرلمان يناقش مستقبل القوات الأجنبية"  # og:title, no "| site"
    assert str(parliament["published"]) == "2024-01-28"  # published, not modified (02-02)
    assert parliament["source"] == "صحيفة المثال"  # og:site_name
    assert parliament["language"] == "ar" and parliament["encoding"] == "utf-8"
    assert parliament["url"] == "https://news.example.org/politics/parliament-forces"
    assert talks["title"] == "استئناف المحادثات الأمنية الشهر المقبل"
    assert str(talks["published"]) == "2023-11-05"  # <meta name="date">
    assert talks["source"] == "sample-news.example"  # no site name: the canonical domain
    assert talks["path"].endswith("talks.htm")


def test_offsets_point_into_the_text_as_loaded(pages):
    texts = dict(zip(pages["article_id"], pages["text"], strict=True))
    mentions = extract_entities(pages)
    assert {"iraqi_parliament", "iraqi_government"} <= set(mentions["party"])
    for row in mentions.iter_rows(named=True):
        assert texts[row["article_id"]][row["start"] : row["end"]] == row["surface"]
    figures = extract_figures(pages)
    assert 2500 in figures["value"].to_list()
    for row in figures.iter_rows(named=True):
        assert texts[row["article_id"]][row["start"] : row["end"]] == row["surface"]


def test_a_page_without_main_text_is_a_problem_naming_the_file(tmp_path):
    shutil.copy(PAGES / "talks.htm", tmp_path / "talks.htm")
    empty = tmp_path / "menu.html"
    empty.write_text(NAVIGATION_ONLY, encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_articles(tmp_path)
    assert str(empty) in str(caught.value) and "no article text in the page" in str(caught.value)
    assert caught.value.problems["path"].to_list() == [str(empty)]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        loaded = load_articles(tmp_path, errors="skip")
    assert loaded["article_id"].to_list() == ["talks"]
    assert any(
        issubclass(w.category, CorpusWarning) and "menu.html" in str(w.message) for w in seen
    )
    problems = check_corpus(tmp_path).filter(kind="problem")
    assert problems["path"].to_list() == [str(empty)]
    assert "trafilatura found no main text" in problems["reason"][0]


def test_an_empty_or_broken_page_is_a_problem(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02<html>")
    problems = check_corpus(tmp_path).filter(kind="problem")
    reasons = dict(zip(problems["path"], problems["reason"], strict=True))
    assert set(reasons) == {str(tmp_path / "empty.html"), str(tmp_path / "binary.html")}
    assert "binary data" in reasons[str(tmp_path / "binary.html")]


def test_the_declared_charset_decodes_the_page(tmp_path):
    page = f'<html lang="ar"><head><meta charset="windows-1256"></head><body><p>{BODY}</p>'
    (tmp_path / "legacy.html").write_bytes(page.encode("cp1256"))
    row = load_articles(tmp_path).row(0, named=True)
    assert row["text"] == BODY and row["encoding"] == "windows-1256"
    # ISO-8859-6 is not Windows-1256: only the declaration tells them apart
    page = page.replace("windows-1256", "iso-8859-6")
    assert decode_page(page.encode("iso-8859-6")) == (page, "iso-8859-6")
    (tmp_path / "legacy.html").write_bytes(page.replace("iso-8859-6", "klingon").encode())
    with pytest.raises(CorpusError, match="unknown charset 'klingon'"):
        load_articles(tmp_path)


def test_loading_is_the_same_every_time(pages):
    assert load_articles(PAGES).equals(pages)


def test_the_course_accepts_a_folder_of_pages(tmp_path):
    for page in PAGES.iterdir():
        shutil.copy(page, tmp_path / page.name)
    checked = check_course_corpus(tmp_path)
    assert checked.articles["article_id"].to_list() == ["parliament", "talks"]
    assert checked.problems == [] and checked.skipped == []


def test_the_examples_run():
    result = doctest.testmod(toolkit.corpus.webpages, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
