"""The lexicons: the CSV files a teacher edits (this folder) and the code that reads them.

Every file is validated when it is read, with errors that name the file, the row and the
reason; the toolkit reads a file again whenever it changed (its size or modification time),
so an edit is used by the next call in the same kernel. :func:`clear_caches` forgets
everything read. ``README.md`` in this folder documents every file.

A :class:`Lexicons` names a set of files: the shipped ones, or a folder of edited copies
(files missing there come from the shipped set). Batch runs take a :meth:`Lexicons.snapshot`
at their start, so every worker reads the same bytes.
"""

from toolkit.lexicons.cues import (
    ASPECTS,
    CUE_KINDS,
    SPEAKER_KINDS,
    STANCES,
    cue_records,
    cue_source,
    load_speakers,
    load_stance_cues,
    speaker_records,
)
from toolkit.lexicons.entities import (
    ALIAS_SEPARATOR,
    ENTITY_LABELS,
    add_alias,
    joined_aliases,
    load_entities,
    load_parties,
)
from toolkit.lexicons.files import (
    SHIPPED,
    LexiconError,
    Lexicons,
    as_lexicons,
    cached,
    clear_caches,
    frame_rows,
    lexicon_path,
    on_clear,
    read_rows,
    stamp,
)
from toolkit.lexicons.nisbas import load_nisbas, nisba_records
from toolkit.lexicons.words import (
    STOPWORD_CATEGORIES,
    clitic_splitter,
    load_stopwords,
    load_word_list,
    stopwords,
    word_sets,
)

__all__ = [
    "ALIAS_SEPARATOR",
    "ASPECTS",
    "CUE_KINDS",
    "ENTITY_LABELS",
    "SHIPPED",
    "SPEAKER_KINDS",
    "STANCES",
    "STOPWORD_CATEGORIES",
    "LexiconError",
    "Lexicons",
    "add_alias",
    "as_lexicons",
    "cached",
    "clear_caches",
    "clitic_splitter",
    "cue_records",
    "cue_source",
    "frame_rows",
    "joined_aliases",
    "lexicon_path",
    "load_entities",
    "load_nisbas",
    "load_parties",
    "load_speakers",
    "load_stance_cues",
    "load_stopwords",
    "load_word_list",
    "nisba_records",
    "on_clear",
    "read_rows",
    "speaker_records",
    "stamp",
    "stopwords",
    "word_sets",
]
