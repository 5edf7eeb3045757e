"""Framing and naming: how each outlet names the same actors and events.

Whether an outlet writes الاحتلال, الوجود or التواجد for the US presence, المقاومة, الفصائل or
الميليشيات for the armed groups, عمليات, هجمات or اعتداءات for the attacks, is what students
of Arabic media study. The names are data: ``toolkit/lexicons/framing.csv`` lists, for each
*referent* (the thing named), its *terms* (patterns in the cue files' syntax) and the *frame*
each puts it in (occupation, presence, partnership, resistance, militia, terrorism …).

=====================  ===================================================================
``terms``              the rows of a call compiled: slot ids, prefilter keys, words read
``reference``          the plain reference matcher (sentence by sentence, in Python)
``extract``            :func:`extract_framing`, the same rules over polars columns
``frequency``          :func:`framing_frequency`: counts and shares per outlet, month, voice
``distinctive``        :func:`distinctive_words`: weighted log-odds with a Dirichlet prior
``speakers``           :func:`speaker_frames`: the frame of the words naming a speaker
=====================  ===================================================================

A word is not a stance: an outlet that writes الاحتلال says how it names the presence, not
what a party wants; and a quotation is someone else's voice, so every occurrence says whether
it is ``quoted``.
"""

from toolkit.framing.distinctive import distinctive_words
from toolkit.framing.extract import FRAMING_SCHEMA, extract_framing
from toolkit.framing.frequency import framing_frequency
from toolkit.framing.reference import extract_framing_reference
from toolkit.framing.speakers import speaker_frames

__all__ = [
    "FRAMING_SCHEMA",
    "distinctive_words",
    "extract_framing",
    "extract_framing_reference",
    "framing_frequency",
    "speaker_frames",
]
