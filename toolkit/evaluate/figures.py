"""Scoring figures: against the gold annotations, and on short phrases with one figure each.

Both return the one result shape of :mod:`toolkit.evaluate`: a dict with ``precision``,
``recall``, ``f1``, ``tp``, ``fp``, ``fn``, an ``errors`` frame (its kind in the ``error``
column) and the field accuracies.
"""

from __future__ import annotations

import os

import polars as pl

from toolkit.evaluate.gold import gold_frame, load_gold
from toolkit.evaluate.scores import prf, span_scores
from toolkit.figures import extract_figures

__all__ = ["evaluate_figures", "evaluate_phrases"]


def _as_golds(gold) -> list[dict]:
    if isinstance(gold, (str, os.PathLike)):
        return load_gold(gold)
    if isinstance(gold, dict):
        return [gold if "article_id" in gold else {**gold, "article_id": gold.get("file")}]
    return list(gold)


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def evaluate_figures(figures: pl.DataFrame, gold) -> dict:
    """Score figures against gold annotations (the ``figures`` of the gold format).

    A predicted figure matches a gold figure when their spans overlap (the gold marks the
    number, a prediction the whole phrase); a gold figure overlapped by several predictions
    takes the one whose number overlaps it. Only articles that the gold annotates are
    scored.

    Returns
    -------
    dict
        ``precision``, ``recall``, ``f1``, ``tp``, ``fp``, ``fn``, and over matched gold
        figures ``value_accuracy``, ``kind_accuracy``, ``qualifier_accuracy`` (the predicted
        qualifier is in the gold's ``accept_qualifier`` when it has one, else equal to its
        ``qualifier``), ``subject_accuracy`` and ``unit_accuracy`` (where the gold gives a
        unit); ``matched`` (one row per gold figure and its prediction) and ``errors`` (one
        row per miss, false positive or mismatched field).

    Examples
    --------
    >>> import toolkit
    >>> figures = extract_figures(toolkit.load_articles("data/articles"))
    >>> scores = evaluate_figures(figures, "data/gold")
    >>> scores["recall"], scores["value_accuracy"]
    (1.0, 1.0)
    """
    golds = _as_golds(gold)
    gold_figures = gold_frame(golds, "figures")
    ids = [g["article_id"] for g in golds]
    predicted = figures.filter(pl.col("article_id").is_in(ids)).with_row_index("_pred")
    by_article: dict[str, list[dict]] = {}
    for row in predicted.iter_rows(named=True):
        by_article.setdefault(row["article_id"], []).append(row)
    used_preds: set[int] = set()
    matched, errors = [], []
    fields = ("value", "kind", "qualifier", "subject", "unit")
    correct = dict.fromkeys(fields, 0)
    counted = dict.fromkeys(fields, 0)
    for g in gold_figures.iter_rows(named=True) if gold_figures.height else []:
        candidates = [
            p
            for p in by_article.get(g["article_id"], [])
            if p["start"] < g["end"] and g["start"] < p["end"]
        ]
        if not candidates:
            errors.append(_error(g, None, "miss", None, None))
            continue

        def rank(p, g=g):
            on_number = p["number_start"] < g["end"] and g["start"] < p["number_end"]
            return (not on_number, abs(p["number_start"] - g["start"]))

        p = min(candidates, key=rank)
        for c in candidates:
            used_preds.add(c["_pred"])
        accept = g.get("accept_qualifier") or [g.get("qualifier")]
        checks = {
            "value": _same_value(p["value"], g.get("value")),
            "kind": p["kind"] == g.get("kind"),
            "qualifier": p["qualifier"] in accept,
            "subject": p["subject"] == g.get("subject"),
        }
        if g.get("unit"):
            checks["unit"] = p["unit"] == g.get("unit")
        for name, ok in checks.items():
            counted[name] += 1
            correct[name] += ok
            if not ok:
                gold_value = "|".join(accept) if name == "qualifier" else g.get(name)
                errors.append(_error(g, p, name, gold_value, p[name]))
        matched.append(
            {
                "article_id": g["article_id"],
                "gold_surface": g.get("surface"),
                "gold_start": g.get("start"),
                "surface": p["surface"],
                "start": p["start"],
                **{f"{n}_ok": checks.get(n) for n in fields},
            }
        )
    false_positives = [p for p in predicted.iter_rows(named=True) if p["_pred"] not in used_preds]
    for p in false_positives:
        errors.append(_error(None, p, "false_positive", None, None))
    total_gold = gold_figures.height
    tp = len(matched)
    return {
        **span_scores(predicted.height - len(false_positives), predicted.height, tp, total_gold),
        "tp": tp,
        "fp": len(false_positives),
        "fn": total_gold - tp,
        **{f"{n}_accuracy": correct[n] / counted[n] if counted[n] else 1.0 for n in fields},
        "matched": pl.DataFrame(matched, infer_schema_length=None)
        if matched
        else pl.DataFrame(schema={"article_id": pl.String}),
        "errors": pl.DataFrame(errors, schema=_ERROR_SCHEMA, orient="row"),
    }


_ERROR_SCHEMA = {
    "article_id": pl.String,
    "sentence_id": pl.Int64,
    "error": pl.String,
    "gold_surface": pl.String,
    "surface": pl.String,
    "gold": pl.String,
    "predicted": pl.String,
}


def _error(g: dict | None, p: dict | None, error: str, gold_value, predicted_value) -> tuple:
    source = g if g is not None else p
    return (
        source["article_id"],
        source.get("sentence_id"),
        error,
        None if g is None else g.get("surface"),
        None if p is None else p["surface"],
        None if gold_value is None else str(gold_value),
        None if predicted_value is None else str(predicted_value),
    )


# --------------------------------------------------------------------------------------------
# evaluate_phrases
# --------------------------------------------------------------------------------------------

_PHRASE_FIELDS = ("value", "low", "high", "qualifier", "kind", "unit")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _as_float(value) -> float | None:
    return None if _blank(value) else float(value)


def evaluate_phrases(cases: pl.DataFrame, *, lexicons=None) -> dict:
    """Score :func:`extract_figures` on short phrases, one expected figure each.

    ``cases`` has ``phrase`` and the expected ``value``, ``low``, ``high``, ``qualifier``,
    ``kind`` and ``unit`` (empty for null), and optionally ``surface``: the part of the phrase
    the figure must overlap (by default the whole phrase). An empty ``surface`` column value
    in a frame that has the column means that no figure is expected.

    ``lexicons`` is the lexicon set the figures are read with (see
    :func:`~toolkit.figures.extract_figures`).

    Returns
    -------
    dict
        Accuracies over the cases (``found``, ``value``, ``low``, ``high``, ``qualifier``,
        ``kind``, ``unit`` and ``all``, the share with every field right; a no-figure case
        counts as right in every field when nothing is found), ``cases`` (how many),
        ``phrases`` (one row per case with the predicted fields and an ``ok_<field>`` column
        for each), and the one result shape: ``tp`` (a figure expected and found), ``fp`` (a
        figure found where none is expected), ``fn`` (expected, not found), ``precision``,
        ``recall``, ``f1`` and ``errors`` (the rows of ``phrases`` not all right, with
        ``error``: ``miss``, ``false_positive`` or the first wrong field).

    Examples
    --------
    >>> import polars as pl
    >>> cases = pl.DataFrame({"phrase": ["نحو ثلاثة آلاف جندي"], "value": ["3000"],
    ...     "low": [""], "high": [""], "qualifier": ["approx"], "kind": ["troops"],
    ...     "unit": ["soldier"]})
    >>> scores = evaluate_phrases(cases)
    >>> scores["all"], scores["tp"], scores["phrases"]["predicted_value"].to_list()
    (1.0, 1, ['3000.0'])
    """
    has_surface = "surface" in cases.columns
    phrases = cases.with_row_index("_case").with_columns(
        article_id=pl.col("_case").cast(pl.String), text=pl.col("phrase")
    )
    figures = extract_figures(phrases.select("article_id", "text"), lexicons=lexicons)
    by_case: dict[str, list[dict]] = {}
    for row in figures.iter_rows(named=True):
        by_case.setdefault(row["article_id"], []).append(row)
    rows = []
    for case in phrases.iter_rows(named=True):
        found = by_case.get(case["article_id"], [])
        surface = case.get("surface") if has_surface else case["phrase"]
        expect_none = has_surface and _blank(surface)
        result: dict = {"phrase": case["phrase"], "expected_none": expect_none}
        if expect_none:
            ok = not found
            result |= {"surface": None, "ok_found": ok, **{f"ok_{f}": ok for f in _PHRASE_FIELDS}}
            result |= {f"predicted_{f}": None for f in _PHRASE_FIELDS}
            result["predicted_surface"] = found[0]["surface"] if found else None
            rows.append(result)
            continue
        at = case["phrase"].find(surface)
        at = 0 if at < 0 else at
        span = (at, at + len(surface))
        hits = [f for f in found if f["start"] < span[1] and span[0] < f["end"]]
        hits.sort(key=lambda f: not (f["number_start"] < span[1] and span[0] < f["number_end"]))
        pred = hits[0] if hits else None
        result["surface"] = surface
        result["predicted_surface"] = None if pred is None else pred["surface"]
        result["ok_found"] = pred is not None
        for field in _PHRASE_FIELDS:
            got = None if pred is None else pred[field]
            want = case.get(field)
            if field in {"value", "low", "high"}:
                want = _as_float(want)
                ok = pred is not None and _same_value(got, want)
            else:
                want = None if _blank(want) else str(want).strip()
                ok = pred is not None and got == want
            result[f"predicted_{field}"] = None if got is None else str(got)
            result[f"ok_{field}"] = ok
        rows.append(result)
    table = pl.DataFrame(rows, infer_schema_length=None)
    checks = ["found", *_PHRASE_FIELDS]
    table = table.with_columns(ok_all=pl.all_horizontal(f"ok_{c}" for c in checks))
    scores = {c: float(table[f"ok_{c}"].mean()) for c in [*checks, "all"]}
    expected = ~pl.col("expected_none")
    found = pl.col("predicted_surface").is_not_null()
    tp = table.filter(expected & pl.col("ok_found")).height
    fp = table.filter(~expected & found).height
    fn = table.filter(expected & ~pl.col("ok_found")).height
    errors = table.filter(~pl.col("ok_all")).select(
        pl.when(~expected)
        .then(pl.lit("false_positive"))
        .when(~pl.col("ok_found"))
        .then(pl.lit("miss"))
        .otherwise(pl.coalesce(pl.when(~pl.col(f"ok_{f}")).then(pl.lit(f)) for f in _PHRASE_FIELDS))
        .alias("error"),
        pl.all(),
    )
    return {
        **prf(tp, fp, fn),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        **scores,
        "cases": table.height,
        "phrases": table,
        "errors": errors,
    }
