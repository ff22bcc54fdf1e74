"""A short stretch of the article, its Arabic, and two models' back-translations.

The scripted translator plays a model: it returns the prepared Arabic for each
English sentence and the prepared back-translation for each Arabic one, so a
real ``round_trip`` (segmentation, cache, store, sacrebleu scores) runs without
any model and gives the same run every time.  The model cards are the real
``opus-mt`` and ``nllb-600m`` cards, so runs record real hub ids and revisions.

The flags are written by hand in the shape the detectors produce, so the
screenshots do not change whenever a detector is tuned; one test runs the real
detectors on the whole article.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.cards import ModelCard, resolve_model_arg
from workbench.results import Flag, Severity, Span, TranslatorInfo
from workbench.roundtrip import round_trip
from workbench.store import Store
from workbench.translators.base import ModelSpec, ProgressCallback, Translator

SOURCES = [
    "Haftar and Russia – a mercenary-led relationship",
    "The relationship of retired Libyan Major General Khalifa Haftar to Russia was not limited"
    " to his visits to Moscow since 2016.",
    "That relationship began in the 1970s during the Soviet Union.",
    "Haftar received military training in Moscow at the time.",
    "Haftar and the Russian mercenaries",
    "In 2018 Haftar visited Moscow and met with Minister of Defense Sergei Shoigu.",
    "The meeting included Russian businessman Yevgeny Prigozhin, who is said to fund the Wagner"
    " group.",
    "The press published photos showing Prigozhin in the delegation that met Haftar.",
    "Reliable reports revealed the presence of about two thousand Russian mercenaries of the"
    " Wagner group in Libya.",
]

#: The text file: headings and paragraphs as in the article (2+3 and 6+7 share one).
TEXT = (
    "\n\n".join(
        [
            SOURCES[0],
            SOURCES[1],
            f"{SOURCES[2]} {SOURCES[3]}",
            SOURCES[4],
            SOURCES[5],
            f"{SOURCES[6]} {SOURCES[7]}",
            SOURCES[8],
        ]
    )
    + "\n"
)

PIVOTS = [
    "حفتر وروسيا: علاقة يقودها المرتزقة",
    "لم تقتصر علاقة اللواء الليبي المتقاعد خليفة حفتر بروسيا على زياراته إلى موسكو منذ عام 2016.",
    "بدأت تلك العلاقة في سبعينيات القرن الماضي أيام الاتحاد السوفيتي.",
    "تلقى حفتر تدريبا عسكريا في موسكو في ذلك الوقت.",
    "حفتر والمرتزقة الروس",
    "في عام 2018 زار حفتر موسكو والتقى وزير الدفاع سيرغي شويغو.",
    "وشارك في الاجتماع رجل الأعمال الروسي يفغيني بريغوجين الذي يقال إنه يمول مجموعة فاغنر.",
    "ونشرت الصحافة صورا تظهر بريغوجين ضمن الوفد الذي التقى حفتر.",
    "كشفت تقارير موثوقة عن وجود نحو ألفي مرتزق روسي من مجموعة فاغنر في ليبيا.",
]

BACKS = {
    "opus-mt": [
        "Haftar and Russia: a mercenary-med relationship",
        "The relationship of retired Libyan Major General Khalifa Hifter with Russia was not"
        " limited to his visits to Moscow since 2016.",
        "That relationship began during the Soviet Union.",
        "Haftar received military training in Moscow at that time.",
        "Haftar and Russian mercenaries",
        "In 2017, Haftar visited Moscow and met Defense Minister Sergei Shoigu.",
        "The meeting was attended by Russian businessman Yevgeny Prezhugin, who is said to"
        " finance the Wagner group.",
        "The press published pictures showing Brigogen in the delegation that met Haftar.",
        "Reliable reports revealed the presence of about 2,000 Russian mercenaries from the"
        " Wagner group in Libya.",
    ],
    "nllb-600m": [
        "Haftar and Russia: a relationship led by mercenaries",
        "The relationship of the retired Libyan Major General Khalifa Haftar with Russia was not"
        " limited to his visits to Moscow since 2016.",
        "This relationship began in the seventies during the Soviet era.",
        "Haftar received military training in Moscow at the time.",
        "Haftar and the Russian mercenaries",
        "In 2018, Haftar visited Moscow and met with Defense Minister Sergey Shoigu.",
        "The meeting included Russian businessman Yevgeny Przogin, who is said to finance Wagner.",
        "The press published photos showing Prigozhin among the delegation that met Haftar.",
        "Reliable reports revealed the presence of nearly two thousand Russian mercenaries from"
        " the Wagner Group in Libya.",
    ],
}


class ScriptedTranslator(Translator):
    """Translates only the sentences above, the way model ``card`` is scripted to."""

    backend = "scripted"

    def __init__(self, spec: ModelSpec, card: str) -> None:
        self.spec = spec
        if spec.tgt_lang == "ar":
            self.table = dict(zip(SOURCES, PIVOTS, strict=True))
        else:
            self.table = dict(zip(PIVOTS, BACKS[card], strict=True))
        self.calls = 0

    @property
    def info(self) -> TranslatorInfo:
        return TranslatorInfo(
            "scripted",
            self.spec.model,
            self.spec.revision,
            self.spec.src_lang,
            self.spec.tgt_lang,
            (("num_beams", str(self.spec.num_beams)),),
        )

    def translate(
        self, texts: Sequence[str], *, progress: ProgressCallback | None = None
    ) -> list[str]:
        self.calls += 1
        return [self.table[t] for t in texts]


class ScriptedFactory:
    """A ``translator_factory`` for round_trip: which script depends on the card."""

    def __init__(self, card: str) -> None:
        self.card = card

    def __call__(self, spec: ModelSpec, backend: str) -> Translator:
        return ScriptedTranslator(spec, self.card)


def cards() -> list[ModelCard]:
    return [resolve_model_arg(name) for name in BACKS]


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _drift(kind_back: list[str], index: int, name: str, variant: str) -> Flag:
    return Flag(
        kind="name-drift",
        segment=index,
        source=_span(SOURCES[index], name),
        target=_span(kind_back[index], variant),
        severity=Severity.ERROR,
        detail=f'"{name}" came back as "{variant}"',
        detector="NameDriftDetector",
        suggestion=name,
        extra=(("variant", variant),),
    )


def flags_for(card: str) -> list[Flag]:
    """Flags in the shape the detectors give them, for one model's run."""
    back = BACKS[card]
    if card == "nllb-600m":
        return [_drift(back, 6, "Prigozhin", "Przogin")]
    spelled = '"Prezhugin" and "Brigogen" look like one name spelled two ways'
    return [
        Flag(
            kind="garbled-term",
            segment=0,
            source=None,
            target=_span(back[0], "mercenary-med"),
            severity=Severity.WARNING,
            detail='"mercenary-med" in the back-translation looks like a garbled compound;'
            ' perhaps "mercenary-led"',
            detector="GarbledTermDetector",
            suggestion="mercenary-led",
        ),
        _drift(back, 1, "Haftar", "Hifter"),
        Flag(
            kind="omission",
            segment=2,
            source=_span(SOURCES[2], "in the 1970s"),
            target=None,
            severity=Severity.WARNING,
            detail='"in the 1970s" is missing from the back-translation',
            detector="OmissionDetector",
        ),
        Flag(
            kind="number-mismatch",
            segment=5,
            source=_span(SOURCES[5], "2018"),
            target=_span(back[5], "2017"),
            severity=Severity.ERROR,
            detail="2018 came back as 2017",
            detector="NumberMismatchDetector",
            suggestion="2018",
        ),
        _drift(back, 6, "Prigozhin", "Prezhugin"),
        Flag(
            kind="name-inconsistency",
            segment=6,
            source=None,
            target=_span(back[6], "Prezhugin"),
            severity=Severity.WARNING,
            detail=spelled + " (Prezhugin ×1 in segment 6; Brigogen ×1 in segment 7)",
            detector="NameInconsistencyDetector",
            suggestion="Prigozhin",
            extra=(("variants", "Prezhugin, Brigogen"),),
        ),
        _drift(back, 7, "Prigozhin", "Brigogen"),
        Flag(
            kind="name-inconsistency",
            segment=7,
            source=None,
            target=_span(back[7], "Brigogen"),
            severity=Severity.WARNING,
            detail=spelled + " (Prezhugin ×1 in segment 6; Brigogen ×1 in segment 7)",
            detector="NameInconsistencyDetector",
            suggestion="Prigozhin",
            extra=(("variants", "Prezhugin, Brigogen"),),
        ),
    ]


def build_store(folder: Path) -> tuple[Path, Path, list[int]]:
    """A store with the opus-mt and nllb-600m runs of TEXT; returns store, text, run ids."""
    text = folder / "haftar-excerpt.en.txt"
    text.write_text(TEXT, encoding="utf-8")
    path = folder / "review.sqlite3"
    run_ids = []
    with Store(path) as store:
        for card in cards():
            result = round_trip(
                store, text, card, translator_factory=ScriptedFactory(card.name), detect=False
            )
            store.save_flags(result.run_id, flags_for(card.name))
            run_ids.append(result.run_id)
    return path, text, run_ids
