"""Bytes and encodings: every encoding of every format, Windows-1256 punctuation, and the
errors that name the file and the byte offset."""

import codecs
import json

import pytest

import toolkit as tk
from toolkit import CorpusError, check_corpus, load_articles
from toolkit.corpus import decode_bytes

ARABIC = "قال مسؤول عراقي إن نحو 2500 جندي أمريكي في العراق."
PUNCTUATED = "قال مسؤول عراقي إن نحو 2500 جندي أمريكي في العراق، وإن الانسحاب؛ ليس قريبا؟ «نعم»."


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", ARABIC.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + ARABIC.encode("utf-8")),
        ("utf-16", codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le")),
        ("utf-16", codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be")),
        ("windows-1256", ARABIC.encode("cp1256")),
    ],
)
def test_encodings_are_detected(tmp_path, encoding, data):
    (tmp_path / "a.txt").write_bytes(data)
    frame = load_articles(tmp_path)
    assert frame["text"][0] == ARABIC
    assert frame["encoding"][0] == encoding


def test_mixed_encoding_names_file_and_byte_offset(tmp_path):
    data = "عراق ".encode() + "عراق".encode("cp1256")
    (tmp_path / "mixed.txt").write_bytes(data)
    with pytest.raises(CorpusError) as info:
        load_articles(tmp_path)
    message = str(info.value)
    assert "mixed.txt" in message and "offset 9" in message


def test_binary_junk_is_rejected(tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02binary\x00")
    problems = check_corpus(tmp_path)
    assert problems["reason"][0].startswith("binary data")


@pytest.mark.parametrize("content", ["", "   \n\t  \n"])
def test_empty_files_are_problems(tmp_path, content):
    (tmp_path / "empty.txt").write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="empty article"):
        load_articles(tmp_path)


def test_decode_bytes_examples():
    assert decode_bytes("سلام".encode("cp1256")) == ("سلام", "windows-1256")
    with pytest.raises(ValueError, match="NUL byte at offset 1"):
        decode_bytes(b"a\x00b")


# Tables, Markdown and Windows-1256 punctuation in every encoding; the errors name the file
ENCODED = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-sig": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "utf-16": lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
    "utf-16-be": lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
    "windows-1256": lambda s: s.encode("cp1256"),
}


@pytest.mark.parametrize("encoding", ENCODED)
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".md"])
def test_tables_and_markdown_in_every_encoding(tmp_path, encoding, suffix):
    if suffix == ".csv":
        content = 'article_id,title,text\nx1,عنوان،أول,"' + PUNCTUATED + '"\n'
    elif suffix == ".jsonl":
        content = json.dumps(
            {"article_id": "x1", "title": "عنوان،أول", "text": PUNCTUATED}, ensure_ascii=False
        )
        content += "\n"
    else:
        content = "---\narticle_id: x1\ntitle: عنوان،أول\n---\n" + PUNCTUATED
    (tmp_path / f"a{suffix}").write_bytes(ENCODED[encoding](content))
    row = load_articles(tmp_path).row(0, named=True)
    assert row["text"] == PUNCTUATED and row["title"] == "عنوان،أول" and row["article_id"] == "x1"
    assert row["encoding"] == encoding.replace("-be", "")


@pytest.mark.parametrize(
    "text",
    [
        "قال المسؤول إن العراق، وإيران؛ وأمريكا؟ «نعم» و«لا»…",  # a letter then ، ؛ ؟ « »
        "گفت که نيروهاي آمريکايي در عراق، پس از ژانويه، بمانند؛ چرا؟",  # Persian in cp1256
        "العراق، سوريا، لبنان؟ «نعم»",
    ],
)
def test_windows_1256_with_accidental_utf8_pairs_is_not_mixed(text):
    """cp1256 bytes such as ``DE A1`` (ق،) are also a valid UTF-8 pair; a few of them, alone,
    must not make a Windows-1256 file look like a file that mixes encodings."""
    assert decode_bytes(text.encode("cp1256")) == (text, "windows-1256")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("عراق ".encode() + "عراق".encode("cp1256"), "mixed or invalid encoding"),
        ("café ".encode() + "café".encode("latin-1"), "invalid UTF-8 byte at offset 9"),
        ("قال إن".encode() + b"\xd8", "invalid UTF-8 byte at offset 11"),  # cut in a character
        (b"\xff\xfe" + "قال".encode("utf-16-le") + b"\x00\xd8", "invalid utf-16-le byte"),
        ("قال المسؤول إن العراق".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        ("News about Iraq".encode("utf-16-be"), "UTF-16 without a byte-order mark"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data: NUL byte at offset 8"),
        (bytes(range(1, 9)) + b"text", "binary data: control characters"),
    ],
)
def test_undecodable_bytes_are_named_with_file_and_offset(tmp_path, data, reason):
    (tmp_path / "bad.txt").write_bytes(data)
    problems = check_corpus(tmp_path)
    assert problems.height == 1
    assert problems["path"][0].endswith("bad.txt") and reason in problems["reason"][0]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_invalid_bytes_in_a_table_name_the_file(tmp_path, suffix):
    good = 'text\n"نص"\n' if suffix == ".csv" else '{"text": "نص"}\n'
    (tmp_path / f"a{suffix}").write_bytes(good.encode() + "نص".encode("cp1256") + b"\n")
    with pytest.raises(CorpusError, match=rf"a\{suffix}: mixed or invalid encoding.*offset"):
        load_articles(tmp_path)


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n ", "\u00a0\u3000\n".encode()])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".csv", ".jsonl"])
def test_empty_and_whitespace_files_are_problems_not_articles(tmp_path, content, suffix):
    (tmp_path / f"e{suffix}").write_bytes(content)
    (tmp_path / "good.txt").write_text(PUNCTUATED, encoding="utf-8")
    problems = check_corpus(tmp_path)
    assert problems.height <= 1  # an empty JSONL file holds no line to complain about
    with pytest.warns(tk.CorpusWarning) if problems.height else _nothing():
        assert load_articles(tmp_path, errors="skip")["article_id"].to_list() == ["good"]


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_text_file_that_begins_with_a_bom_character_loses_it(tmp_path):
    """U+FEFF at the start of a UTF-8 file is the byte-order mark, not text."""
    from toolkit.corpus import load_articles

    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffثلاثة آلاف".encode())
    assert load_articles(path)["text"].to_list() == ["ثلاثة آلاف"]
