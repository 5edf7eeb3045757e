"""The forces index without a holder's own name equals one built afresh from the kept forces."""

from toolkit.stance.forces import ForceIndex
from toolkit.stance.reader import reader_for
from toolkit.stance.sentence import Sentence
from toolkit.stance.state import State


def _refs(refs):
    return (
        [(r.i, r.j) for r in refs.refs],
        refs.ends,
        {c: ([(r.i, r.j) for r in f], st) for c, (f, st) in refs.clauses.items() if f},
        {c: ([(r.i, r.j) for r in f], st) for c, (f, st) in refs.compared.items() if f},
    )


def test_dropping_forces_equals_building_without_them():
    text = (
        "وقالت القوات الأمريكية إن القوات التركية أكثر من القوات الأمريكية، "
        "ودعت الفصائل إلى انسحاب القوات الأجنبية، وأكدت قوات التحالف بقاءها."
    )
    s = Sentence(reader_for(None, "us_troops", None, None, None), text, 0, State(), 1)
    s.holders()
    base = ForceIndex(s)
    assert len(s.refs) >= 4
    for drop in ([0], [1, 2], [len(s.refs) - 1]):
        dropped = [s.refs[k] for k in drop]
        fresh = ForceIndex(s, [r for k, r in enumerate(s.refs) if k not in drop])
        derived = base.dropping(dropped, s)
        for name in ("named", "bare", "looked_back"):
            assert _refs(getattr(derived, name)) == _refs(getattr(fresh, name)), name
        assert derived.compared == fresh.compared and derived.owners == fresh.owners
