"""A comparison as one self-contained HTML page: inline CSS, inline SVG plots.

Nothing is fetched when the page opens (no scripts, fonts, stylesheets or
images from elsewhere), so it can be mailed or archived as one file.  Every
piece of text from the data (segments, system names, flag details) is escaped.
"""

from __future__ import annotations

from html import escape

from workbench.compare import Bucket, CompareResult, LegResult
from workbench.report.data import DISPLAY, fmt_score
from workbench.report.svg import box_plot, colour, grouped_bars

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; vertical-align: top; }
th { background: #f3f3f3; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.sig { font-weight: bold; color: #0a6b2b; } .nsig { color: #a33; }
.ci, .sigline { color: #666; font-size: 0.85em; }
code { font-size: 0.85em; background: #f6f6f6; padding: 0 0.2em; }
.plots { display: flex; flex-wrap: wrap; gap: 1.5em; }
.seg { margin: 1em 0; padding: 0.6em 1em; border-left: 4px solid #ccc; background: #fafafa; }
.seg td { border: none; padding: 0.15em 0.6em; } .flag { color: #a33; font-size: 0.9em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.3em; }
"""


def _e(text: object) -> str:
    return escape(str(text))


def _score_cell(result: CompareResult, leg: LegResult, system: str, metric: str) -> str:
    score = leg.system(system).scores[metric]
    parts = [f"{score.value:.1f}"]
    bs = score.test("bs")
    if bs is not None and bs.mean is not None and bs.ci is not None:
        parts.append(f'<span class="ci">({bs.mean:.1f} ± {bs.ci:.1f})</span>')
    for p in score.paired:
        if p.p_value is None:
            continue
        cls = "sig" if p.p_value < result.alpha else "nsig"
        label = "p" if len(score.paired) == 1 else f"p<sub>{_e(p.test)}</sub>"
        star = "*" if p.p_value < result.alpha else ""
        parts.append(f'<br><span class="{cls}">{label} = {p.p_value:.4f}{star}</span>')
    return f'<td class="num">{" ".join(parts)}</td>'


def _scores_table(result: CompareResult, leg: LegResult) -> str:
    head = "".join(f"<th>{_e(DISPLAY[m])}</th>" for m in result.metrics)
    rows = []
    for i, s in enumerate(leg.systems):
        base = " (baseline)" if s.system == result.baseline else ""
        flags = sum(result.flag_counts.get(s.system, {}).values())
        cells = "".join(_score_cell(result, leg, s.system, m) for m in result.metrics)
        rows.append(
            f'<tr><td><span class="swatch" style="background:{colour(i)}"></span>'
            f'<b>{_e(s.system)}</b>{_e(base)}</td>{cells}<td class="num">{flags}</td></tr>'
        )
    sigs = []
    first = leg.systems[0]
    for m in result.metrics:
        score = first.scores[m]
        sigs.append(f"<li>{_e(score.name)}: <code>{_e(score.signature)}</code>")
        sigs += [f"<br>{_e(p.test)}: <code>{_e(p.signature)}</code>" for p in score.paired]
        sigs.append(f"<br>per segment: <code>{_e(leg.segment_signatures.get(m, ''))}</code></li>")
    return (
        f"<table><tr><th>system</th>{head}<th>flags</th></tr>{''.join(rows)}</table>"
        f'<ul class="sigline">{"".join(sigs)}</ul>'
    )


def _bucket_table(result: CompareResult, buckets: tuple[Bucket, ...], metric: str) -> str:
    head = "".join(f"<th>{_e(n)}</th>" for n in result.systems)
    rows = []
    for b in buckets:
        counts = "/".join(str(b.segments[n]) for n in result.systems)
        if len({b.segments[n] for n in result.systems}) == 1:
            counts = str(b.segments[result.systems[0]])
        cells = "".join(
            f'<td class="num">{fmt_score(b.scores.get(n, {}).get(metric))}</td>'
            for n in result.systems
        )
        rows.append(f'<tr><td>{_e(b.label)}</td><td class="num">{_e(counts)}</td>{cells}</tr>')
    return f"<table><tr><th>bucket</th><th>segments</th>{head}</tr>{''.join(rows)}</table>"


def _leg_section(result: CompareResult, leg: LegResult) -> str:
    metric = "chrf" if "chrf" in result.metrics else result.metrics[0]
    parts = [
        f"<h2>{_e(leg.title)}</h2>",
        f"<p>Reference: <code>{_e(leg.reference_name)}</code>.</p>",
        _scores_table(result, leg),
        '<div class="plots">',
        box_plot(
            f"Sentence {DISPLAY[metric]} per system",
            [(s.system, s.segment_scores[metric]) for s in leg.systems],
        ),
    ]
    if leg.length_buckets:
        parts.append(
            grouped_bars(
                f"Corpus {DISPLAY[metric]} by source length",
                [b.label for b in leg.length_buckets],
                [
                    (n, [b.scores.get(n, {}).get(metric) for b in leg.length_buckets])
                    for n in result.systems
                ],
                y_label=DISPLAY[metric],
            )
        )
    parts.append("</div>")
    if leg.length_buckets:
        parts += [
            f"<h3>Corpus {_e(DISPLAY[metric])} by source length (words)</h3>",
            _bucket_table(result, leg.length_buckets, metric),
        ]
    if leg.flag_buckets:
        parts += [
            f"<h3>Corpus {_e(DISPLAY[metric])} on the segments carrying each flag kind</h3>",
            "<p>Segments: how many of each system's segments carry the flag.</p>",
            _bucket_table(result, leg.flag_buckets, metric),
        ]
    return "\n".join(parts)


def _drift_section(result: CompareResult) -> str:
    kinds = list(result.flag_kinds)
    parts = [f"<h2>Drift flags per kind</h2><p>{_e(result.flags_from)}.</p>"]
    if not kinds:
        return parts[0]
    head = "".join(f"<th>{_e(k)}</th>" for k in kinds)
    rows = []
    for n in result.systems:
        counts = result.flag_counts.get(n, {})
        cells = "".join(f'<td class="num">{counts.get(k, 0)}</td>' for k in kinds)
        rows.append(
            f'<tr><td>{_e(n)}</td>{cells}<td class="num">{sum(counts.values())}</td>'
            f'<td class="num">{result.unique_flags.get(n, 0)}</td></tr>'
        )
    parts.append(
        f"<table><tr><th>system</th>{head}<th>total</th><th>only this system</th></tr>"
        f"{''.join(rows)}</table>"
    )
    parts.append(
        grouped_bars(
            "Flags per kind",
            kinds,
            [
                (n, [float(result.flag_counts.get(n, {}).get(k, 0)) for k in kinds])
                for n in result.systems
            ],
            y_label="flags",
        )
    )
    return "\n".join(parts)


def _disagreement_section(result: CompareResult) -> str:
    parts = []
    if result.disagreements:
        metric = DISPLAY.get(result.disagreements[0].metric, result.disagreements[0].metric)
        parts.append(f"<h2>Where the systems disagree most (sentence {_e(metric)})</h2>")
        for d in result.disagreements:
            flags = dict(d.flags)
            rows = [f"<tr><th>source</th><td></td><td>{_e(d.source)}</td></tr>"]
            if d.reference != d.source:
                rows.append(f"<tr><th>reference</th><td></td><td>{_e(d.reference)}</td></tr>")
            for system, text, value in d.outputs:
                kinds = ", ".join(flags.get(system, ()))
                flag_html = f' <span class="flag">[{_e(kinds)}]</span>' if kinds else ""
                rows.append(
                    f'<tr><th>{_e(system)}</th><td class="num">{value:.1f}</td>'
                    f"<td>{_e(text)}{flag_html}</td></tr>"
                )
            parts.append(
                f'<div class="seg"><b>Segment {d.index}</b> (spread {d.spread:.1f})'
                f"<table>{''.join(rows)}</table></div>"
            )
    if result.flag_differences:
        parts.append("<h2>Flags some systems have and others do not</h2>")
        for f in result.flag_differences:
            details = dict(f.details)
            rows = [f"<tr><th>source</th><td>{_e(f.source)}</td></tr>"]
            for system, text in f.outputs:
                note = (
                    f' <span class="flag">{_e(f.kind)}: {_e(details[system])}</span>'
                    if system in details
                    else ""
                )
                rows.append(f"<tr><th>{_e(system)}</th><td>{_e(text)}{note}</td></tr>")
            parts.append(
                f'<div class="seg"><b>Segment {f.index}</b>: {_e(f.kind)} in '
                f"{_e(', '.join(f.present))}; not in {_e(', '.join(f.absent))}"
                f"<table>{''.join(rows)}</table></div>"
            )
    return "\n".join(parts)


def to_html(result: CompareResult) -> str:
    tests = {"bs": "paired bootstrap resampling", "ar": "approximate randomization"}
    test_text = " and ".join(tests[t] for t in result.tests) if result.tests else "no paired test"
    origins = "".join(
        f"<li><b>{_e(n)}</b>: {_e(o)}</li>"
        for n, o in zip(result.systems, result.origins, strict=True)
    )
    body = [
        f"<h1>Comparison of {len(result.systems)} systems on {_e(result.source_name)}</h1>",
        f"<p>{result.segments} segments; baseline <b>{_e(result.baseline)}</b>. Significance: "
        f"{_e(test_text)} as sacrebleu implements it; p &lt; {result.alpha} is marked "
        '<span class="sig">*</span>. Scores read <i>score (bootstrap mean ± 95% CI)</i>.</p>',
        f"<ul>{origins}</ul>",
        *(_leg_section(result, leg) for leg in result.legs),
        _drift_section(result),
        _disagreement_section(result),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e('Comparison: ' + ', '.join(result.systems))}</title>"
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
