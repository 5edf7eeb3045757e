"""Words read from their letters: the same with or without diacritics, tatweel and marks."""

from toolkit.stance.words import edges


def test_a_word_reads_the_same_with_diacritics_and_tatweel(claims_of):
    plain = "وقال الأمين العام للناتو إن الحلف يدعم بإنهاء وجود القوات الأمريكية."
    marked = "وقال الأمين العام لَلْنّاتو إن الحلف يدعم بـــإنهاءِ وجودِ القوات الأمريكية."
    one, other = claims_of(plain), claims_of(marked)
    columns = ["party", "stance", "rule"]
    assert one.select(columns).rows() == other.select(columns).rows() != []
    assert one["speaker"].to_list() == ["الأمين العام للناتو"]
    assert other["speaker"].to_list() == ["الأمين العام لَلْنّاتو"]
    assert one["cue"].to_list() == ["إنهاء وجود"] and other["cue"].to_list() == ["إنهاءِ وجودِ"]


def test_edges_keep_trailing_diacritics_and_leave_punctuation_out():
    assert edges("«القواتِ»،") == (1, 8)
    assert edges("\u200fالقوات\u200e") == (1, 7)
    assert edges("،") == (1, 1)
