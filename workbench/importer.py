"""Import translations made elsewhere (Google, DeepL, a human) as a run.

The files are line-aligned like sacrebleu's input: line N of the source, the
pivot and the back-translation belong together.  An imported run is scored and
checked exactly like a local model's, so it enters the same comparisons.
"""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.roundtrip import Progress, analyse
from workbench.store import Store


def import_run(
    store: Store,
    system: str,
    source: str | Path,
    back: str | Path,
    pivot: str | Path | None = None,
    *,
    source_lang: str = "en",
    pivot_lang: str = "ar",
    detect: bool = True,
    progress: Progress | None = None,
) -> int:
    """Store line-aligned files as a run of ``system``; returns the run id."""
    from workbench.segment import segment_lines
    from workbench.texts import check_aligned, read_lines

    if not system.strip():
        raise InputError("--system must name the system that made the translations")
    files = {"source": Path(source), "back": Path(back)}
    if pivot is not None:
        files["pivot"] = Path(pivot)
    lines = {name: read_lines(path) for name, path in files.items()}
    check_aligned({str(files[name]): lines[name] for name in files})

    sources = lines["source"]
    segments = segment_lines(sources)
    text_id = store.add_text(
        files["source"].name,
        str(files["source"].resolve()),
        "\n".join(sources) + "\n",
        segments,
        lang=source_lang,
        segmentation="lines",
    )
    config = {
        "system": system,
        "files": {name: str(path.resolve()) for name, path in files.items()},
        "source_lang": source_lang,
        "pivot_lang": pivot_lang,
    }
    run_id, _ = store.start_run(text_id, system, "import", config)
    pivots: list[str | None] = list(lines["pivot"]) if pivot is not None else [None] * len(sources)
    store.save_run_segments(run_id, zip(range(len(sources)), pivots, lines["back"], strict=True))
    analyse(
        store,
        run_id,
        sources,
        lines["back"],
        pivots if pivot is not None else None,
        detect=detect,
        progress=progress,
        source_lang=source_lang,
        pivot_lang=pivot_lang,
    )
    store.finish_run(run_id)
    return run_id
