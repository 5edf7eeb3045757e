"""Numeric figures: numbers, qualifiers, counted nouns, dates and whose force a figure counts.

How a figure is found
---------------------
1. **Candidates, vectorized** (:mod:`~toolkit.figures.candidates`). Every article is
   normalized *without changing its length* (diacritics and tatweel become a placeholder,
   أ إ آ become ا, ى becomes ي, Eastern Arabic-Indic and Persian digits become ASCII), and one
   polars regex cuts it into pieces that each end in a number token: a run of digits with its
   separators, or a word from the number-word lexicon (ثلاثة، آلاف، عشرات، شهرين …) with its
   clitics. Nearby tokens in one sentence are grouped (a group spans at most 1,000
   characters) and given a window of context around them, so work and memory grow linearly
   with the length of an article or of a sentence.
2. **Parsing, in Python, only on those windows** (:mod:`~toolkit.figures.phrase`), each
   distinct window once, and windows that differ only in the diacritics and tatweel inside
   their words share one parse (:mod:`~toolkit.figures.shared`; ``share=False`` parses every
   window, the reference). A small grammar (:mod:`~toolkit.figures.grammar`) reads the number
   (``ثلاثة آلاف وخمسمائة`` = 3500, ``2.5 ألف`` = 2500, ``عشرات الآلاف`` = 20,000–99,999),
   then the words around it (:mod:`~toolkit.figures.context`): a qualifier before it (نحو،
   أكثر من، لا يتجاوز …) or after it (تقريباً، على الأقل، إضافي), the counted noun (جندي →
   troops, شهر → duration, دولار → money, % → percent), a month name (→ date), a second
   number (بين X و Y → range), and a nisba on the noun (جندي أمريكي → ``us_administration``).
3. **Subjects from entities** (:mod:`~toolkit.figures.subjects`). A troop figure without a
   nisba takes the party of an entity right after its noun (عناصر التحالف الدولي) or, failing
   that, of the nearest entity before it in the same clause that is not a place after في/ب
   (الناتو … لديه قوة تزيد عن 300); if there is none the subject stays null rather than a
   guess.
4. **Comparison** (:mod:`~toolkit.figures.intervals`, :mod:`~toolkit.figures.compare`,
   :mod:`~toolkit.figures.disagreements`): each figure as an interval of the values it
   allows, comparable figures side by side, disagreements across articles.

All the Arabic words the figures know are data: ``number_words.csv``, ``figure_nouns.csv``,
``months.csv``, ``figure_words.csv``, ``qualifiers.csv`` and ``nisbas.csv`` in
``toolkit/lexicons/``, read into one :class:`~toolkit.figures.lexicon.Grammar` per state of
the files (``lexicons=`` chooses the set; an edit is used by the next call). The conventions
of the values (bounds, dates) are in :mod:`~toolkit.figures.phrase`. Scoring is in
:mod:`toolkit.evaluate.figures`.
"""

from toolkit.figures.compare import (
    CHUNK_ROWS,
    MAX_LISTED,
    comparable_figures,
    compare_figures,
    compare_in_chunks,
)
from toolkit.figures.extract import extract_figures
from toolkit.figures.grammar import parse_number
from toolkit.figures.intervals import figure_intervals
from toolkit.figures.schema import FIGURE_KINDS, FIGURE_SCHEMA, QUALIFIERS

__all__ = [
    "CHUNK_ROWS",
    "FIGURE_KINDS",
    "FIGURE_SCHEMA",
    "MAX_LISTED",
    "QUALIFIERS",
    "comparable_figures",
    "compare_figures",
    "compare_in_chunks",
    "extract_figures",
    "figure_intervals",
    "parse_number",
]
