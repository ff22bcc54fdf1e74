"""How long `workbench review RUN` takes to show its first screen on the article.

Builds a store holding a run of the article under review
(``texts/haftar-russia.en.txt`` as the back-translation of a corrected source,
with an Arabic pivot on every line, flags from the real name and garbled-term
detectors), then opens the review app on it in a fresh Python process attached
to a pseudo-terminal of 120x40, as a user's terminal would be, and times from
the process's first line (before any workbench or Textual import) to the first
frame written to the terminal with the segments in it.  Each measurement is a
new process, so imports are cold as for a user.

    python benchmarks/tui_open.py [--runs 5]

Prints one line per run and the median; the target is under one second.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "texts" / "haftar-russia.en.txt"
TARGET_SECONDS = 1.0

# Arabic of about the article's sentence length, cycled over the lines so the
# pivot column costs what a real pivot costs (shaping and bidi on every row).
ARABIC = (
    "لم تقتصر علاقة اللواء الليبي المتقاعد خليفة حفتر بروسيا على زياراته إلى موسكو منذ عام 2016.",
    "بدأت تلك العلاقة في سبعينيات القرن الماضي أيام الاتحاد السوفيتي.",
    "وثقت تقارير عدة علاقات تعاون بين حفتر والمرتزقة الروس ومن يقود عملياتهم.",
    "كشفت تقارير موثوقة عن وجود نحو ألفي مرتزق روسي من مجموعة فاغنر في ليبيا.",
    "اضطر حفتر في التسعينيات إلى اللجوء إلى الولايات المتحدة بعد خلافه مع معمر القذافي.",
)

CHILD = r"""
import time
t0 = time.perf_counter()
import json, sys
from workbench.store import Store
from workbench.tui.app import create_app, related_runs
from workbench.tui.screens.review import ReviewScreen
t_import = time.perf_counter()

store = Store(sys.argv[1])
app = create_app(store, run_ids=related_runs(store, int(sys.argv[2])))
times = {"import": t_import - t0}
mounted = ReviewScreen.on_mount

def on_mount(self):
    mounted(self)
    times["mounted"] = time.perf_counter() - t0

    def check():
        # Painted once the table has laid out its rows and a refresh followed.
        if self.table._rows:
            self.call_after_refresh(done)
        else:
            self.call_after_refresh(check)

    def done():
        times["first_screen"] = time.perf_counter() - t0
        times["rows"] = len(self.table._rows)
        app.exit()

    self.call_after_refresh(check)

ReviewScreen.on_mount = on_mount
app.run()
with open(sys.argv[3], "w", encoding="utf-8") as out:
    json.dump(times, out)
"""


def build_store(folder: Path) -> tuple[Path, int]:
    from workbench.detectors import SegmentPair, detect
    from workbench.importer import import_run
    from workbench.store import Store

    back = ARTICLE.read_text(encoding="utf-8")
    source = (
        re.sub(r"Prezhugin|Brigogen|Przogin", "Prigozhin", back)
        .replace("Hifter", "Haftar")
        .replace("mercenary-med", "mercenary-led")
    )
    lines = back.splitlines()
    pivot = [ARABIC[i % len(ARABIC)] if line.strip() else "" for i, line in enumerate(lines)]
    (folder / "src.en").write_text(source, encoding="utf-8")
    (folder / "back.en").write_text(back, encoding="utf-8")
    (folder / "pivot.ar").write_text("\n".join(pivot) + "\n", encoding="utf-8")
    path = folder / "bench.sqlite3"
    with Store(path) as store:
        run_id = import_run(
            store,
            "article",
            folder / "src.en",
            folder / "back.en",
            folder / "pivot.ar",
            detect=False,
        )
        rows = store.load_run(run_id).rows
        pairs = [
            SegmentPair(r.segment.index, r.segment.text, r.back, r.pivot)
            for r in rows
            if r.back is not None
        ]
        kinds = ["name-drift", "name-inconsistency", "garbled-term"]
        store.save_flags(run_id, detect(pairs, kinds))
    return path, run_id


def open_once(store: Path, run_id: int) -> dict[str, float]:
    """One cold start in a pseudo-terminal; the child's own timings."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "HF_HUB_OFFLINE": "1"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    report = store.with_suffix(".times.json")
    report.unlink(missing_ok=True)
    start = time.perf_counter()
    # Textual draws on stderr: all three streams are the terminal.
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store), str(run_id), str(report)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
    )
    os.close(slave)
    # Drain the terminal so the app never blocks writing to it; keep the tail
    # to show if something goes wrong.
    screen = b""
    while child.poll() is None:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                screen = (screen + os.read(master, 65536))[-4000:]
            except OSError:  # the child closed the terminal: it is exiting
                break
    child.wait(timeout=30)
    wall = time.perf_counter() - start
    os.close(master)
    if child.returncode != 0 or not report.exists():
        tail = screen.decode("utf-8", "replace")
        raise SystemExit(f"the app did not start (exit {child.returncode}):\n{tail}")
    times: dict[str, float] = json.loads(report.read_text(encoding="utf-8"))
    times["process_wall"] = wall
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, run_id = build_store(Path(tmp))
        results = []
        for n in range(args.runs):
            t = open_once(store, run_id)
            results.append(t)
            print(
                f"run {n + 1}: first screen {t['first_screen']:.3f} s after the first line "
                f"(imports {t['import']:.3f} s, screen mounted {t['mounted']:.3f} s, "
                f"{int(t['rows'])} rows laid out); whole process incl. interpreter start "
                f"and exit {t['process_wall']:.3f} s"
            )
    median = statistics.median(r["first_screen"] for r in results)
    worst = max(r["first_screen"] for r in results)
    verdict = "under" if median < TARGET_SECONDS else "OVER"
    print(
        f"first screen of the article run: median {median:.3f} s, worst {worst:.3f} s "
        f"over {len(results)} cold starts ({verdict} the {TARGET_SECONDS:.0f} s target)"
    )


if __name__ == "__main__":
    main()
