"""Model cards: what the workbench knows about a translation model.

A card (``models/*.toml``) names a model pair for one round trip: the forward
model (source -> pivot), the backward model (pivot -> source), each family's
language codes, a pinned revision, generation settings and the license.  A user
adds a model by adding a card (to ``models/``, to the user config folder, or a
folder named in ``WORKBENCH_MODELS``) or by naming a hub id or local folder on
the command line; ``resolve_model_arg`` turns any of these into a ``ModelCard``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbench.errors import InputError, ModelUnavailableError
from workbench.translators.base import ModelSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on 3.10
    import tomli as tomllib

#: NLLB-200 names languages with script tags; M2M100 uses plain ISO codes.
NLLB_CODES: dict[str, str] = {
    "ar": "arb_Arab",
    "de": "deu_Latn",
    "en": "eng_Latn",
    "es": "spa_Latn",
    "fa": "pes_Arab",
    "fr": "fra_Latn",
    "he": "heb_Hebr",
    "hi": "hin_Deva",
    "it": "ita_Latn",
    "ja": "jpn_Jpan",
    "ko": "kor_Hang",
    "pt": "por_Latn",
    "ru": "rus_Cyrl",
    "tr": "tur_Latn",
    "uk": "ukr_Cyrl",
    "ur": "urd_Arab",
    "zh": "zho_Hans",
}
#: Marian multi-target models want a ``>>xxx<<`` token in ISO 639-3.
ISO639_3: dict[str, str] = {
    "ar": "ara",
    "de": "deu",
    "en": "eng",
    "es": "spa",
    "fa": "fas",
    "fr": "fra",
    "he": "heb",
    "hi": "hin",
    "it": "ita",
    "ja": "jpn",
    "ko": "kor",
    "pt": "por",
    "ru": "rus",
    "tr": "tur",
    "uk": "ukr",
    "ur": "urd",
    "zh": "zho",
}

_GENERATION_KEYS = ("num_beams", "max_new_tokens", "max_input_tokens", "batch_size")
_OPUS_ID = re.compile(
    r"^(?P<org>[^/]+)/opus-mt-(?P<big>tc-big-)?(?P<src>[a-z]{2,3})-(?P<tgt>[a-z]{2,3})$"
)


@dataclass(frozen=True, slots=True)
class ModelCard:
    """A model pair for one round trip (source -> pivot -> source)."""

    name: str
    description: str
    backend: str
    license: str
    source_lang: str
    pivot_lang: str
    forward: ModelSpec
    backward: ModelSpec
    path: str = ""  # where the card came from ("" for one made from a command-line id)

    def with_device(self, device: str) -> ModelCard:
        return replace(
            self,
            forward=replace(self.forward, device=device),
            backward=replace(self.backward, device=device),
        )


def card_dirs() -> list[Path]:
    """Folders searched for ``*.toml`` cards, first match wins."""
    dirs = [Path(p) for p in os.environ.get("WORKBENCH_MODELS", "").split(os.pathsep) if p]
    try:
        from platformdirs import user_config_dir

        dirs.append(Path(user_config_dir("workbench")) / "models")
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        pass
    here = Path(__file__).resolve().parent
    dirs.append(here.parent / "models")  # a source checkout or editable install
    dirs.append(here / "_models")  # a wheel carries the cards inside the package
    return dirs


def iter_cards() -> Iterator[ModelCard]:
    """Every card found, one per name (earlier folders shadow later ones)."""
    seen: set[str] = set()
    for folder in card_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            card = load_card(path)
            if card.name not in seen:
                seen.add(card.name)
                yield card


def load_card(path: Path) -> ModelCard:
    """Parse one card file; a malformed card is an ``InputError`` naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"{path}: not a readable model card: {err}") from err
    return card_from_mapping(data, str(path))


def card_from_mapping(data: Mapping[str, Any], origin: str) -> ModelCard:
    def need(table: Mapping[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value:
            raise InputError(f"{origin}: model card needs a text value for '{where}{key}'")
        return value

    generation = data.get("generation", {})
    if not isinstance(generation, Mapping):
        raise InputError(f"{origin}: [generation] must be a table")
    gen: dict[str, int] = {}
    for key in _GENERATION_KEYS:
        if key in generation:
            value = generation[key]
            if not isinstance(value, int) or value < 1:
                raise InputError(f"{origin}: generation.{key} must be a positive integer")
            gen[key] = value
    source_lang = need(data, "source_lang", "")
    pivot_lang = need(data, "pivot_lang", "")

    def leg(key: str, src: str, tgt: str) -> ModelSpec:
        table = data.get(key)
        if not isinstance(table, Mapping):
            raise InputError(f"{origin}: model card needs a [{key}] table")
        model = need(table, "model", f"{key}.")
        if not _looks_like_hub_id(model):
            # A relative folder in a card is relative to the card itself.
            folder = Path(model).expanduser()
            if not folder.is_absolute() and origin:
                folder = Path(origin).parent / folder
            model = str(folder.resolve())
        return ModelSpec(
            model=model,
            revision=str(table.get("revision", "main")),
            src_lang=src,
            tgt_lang=tgt,
            src_code=table.get("src_code"),
            tgt_code=table.get("tgt_code"),
            prefix=str(table.get("prefix", "")),
            **gen,  # type: ignore[arg-type]
        )

    return ModelCard(
        name=need(data, "name", ""),
        description=str(data.get("description", "")),
        backend=str(data.get("backend", "transformers")),
        license=str(data.get("license", "unknown")),
        source_lang=source_lang,
        pivot_lang=pivot_lang,
        forward=leg("forward", source_lang, pivot_lang),
        backward=leg("backward", pivot_lang, source_lang),
        path=origin,
    )


def _looks_like_hub_id(text: str) -> bool:
    # "org/name" with no leading ./ ~ / and which is not an existing folder
    if text.startswith((".", "/", "~")) or (os.sep == "\\" and ":" in text):
        return False
    return bool(re.fullmatch(r"[\w.-]+/[\w.-]+", text)) and not Path(text).exists()


def find_card(name: str) -> ModelCard | None:
    for card in iter_cards():
        if card.name == name:
            return card
    return None


def resolve_model_arg(
    arg: str, *, source_lang: str = "en", pivot_lang: str = "ar", backend: str | None = None
) -> ModelCard:
    """Turn a ``--model`` value into a card.

    Accepted: a card name (``opus-mt``); a card file (``my.toml``); a hub id of a
    many-to-many model (NLLB, M2M100) or of an OPUS-MT model whose reverse
    direction follows the naming scheme; a local model folder of a many-to-many
    model; or ``FORWARD,BACKWARD`` naming two hub ids or folders explicitly.
    """
    arg = arg.strip()
    card: ModelCard | None
    if not arg:
        raise InputError("--model is empty")
    if arg.endswith(".toml"):
        path = Path(arg).expanduser()
        if not path.is_file():
            raise InputError(f"{arg}: model card file does not exist")
        card = load_card(path)
    elif (card := find_card(arg)) is None:
        if "," in arg:
            fwd, _, back = arg.partition(",")
            card = _card_for(fwd.strip(), back.strip(), arg, source_lang, pivot_lang)
        else:
            card = _card_for_single(arg, source_lang, pivot_lang)
    if backend:
        card = replace(card, backend=backend)
    return card


def _card_for_single(arg: str, source_lang: str, pivot_lang: str) -> ModelCard:
    m = _OPUS_ID.match(arg)
    if m:
        if m["src"] != source_lang or m["tgt"] != pivot_lang:
            raise InputError(
                f"{arg}: translates {m['src']}->{m['tgt']}, but the round trip goes "
                f"{source_lang}->{pivot_lang}->{source_lang}"
            )
        back = f"{m['org']}/opus-mt-{m['big'] or ''}{m['tgt']}-{m['src']}"
        return _card_for(arg, back, arg, source_lang, pivot_lang)
    family = _family_of(arg)
    if family in ("nllb", "m2m100"):
        return _card_for(arg, arg, arg, source_lang, pivot_lang)
    if family == "marian":
        raise InputError(
            f"{arg}: a Marian model translates one direction only; name both, "
            f"as --model FORWARD,BACKWARD"
        )
    if _looks_like_hub_id(arg) or Path(arg).expanduser().is_dir():
        raise InputError(
            f"{arg}: cannot tell which model family this is; name both directions as "
            f"--model FORWARD,BACKWARD or write a model card (see models/opus-mt.toml)"
        )
    known = ", ".join(sorted(c.name for c in iter_cards()))
    raise ModelUnavailableError(
        f"unknown model '{arg}': not a card ({known}), a hub id (org/name) or a local folder"
    )


def _family_of(ref: str) -> str | None:
    """'nllb', 'm2m100', 'marian' or None, from a local folder's files or a hub id's name."""
    folder = Path(ref).expanduser()
    if folder.is_dir():
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        model_type = config.get("model_type")
        if model_type == "marian":
            return "marian"
        if model_type == "m2m_100":
            tok_cfg = folder / "tokenizer_config.json"
            try:
                tok_class = json.loads(tok_cfg.read_text(encoding="utf-8")).get(
                    "tokenizer_class", ""
                )
            except (OSError, ValueError):
                tok_class = ""
            return "nllb" if "Nllb" in str(tok_class) else "m2m100"
        return None
    lowered = ref.lower()
    if "nllb" in lowered:
        return "nllb"
    if "m2m100" in lowered or "m2m_100" in lowered:
        return "m2m100"
    if "opus-mt" in lowered or "marian" in lowered:
        return "marian"
    return None


def _codes(family: str | None, lang: str) -> str | None:
    if family == "nllb":
        return NLLB_CODES.get(lang, lang)
    if family == "m2m100":
        return lang
    return None


def _marian_prefix(ref: str, tgt_lang: str) -> str:
    """The ``>>xxx<<`` token a multi-target Marian model needs, or ''."""
    token = f">>{ISO639_3.get(tgt_lang, tgt_lang)}<<"
    folder = Path(ref).expanduser()
    if folder.is_dir():
        try:
            vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        return token if token in vocab else ""
    m = _OPUS_ID.match(ref)
    # Helsinki-NLP's en->ar models cover several Arabic variants and need the token.
    return token if m and m["tgt"] == "ar" else ""


def _card_for(fwd: str, back: str, name: str, source_lang: str, pivot_lang: str) -> ModelCard:
    legs = []
    for ref, src, tgt in ((fwd, source_lang, pivot_lang), (back, pivot_lang, source_lang)):
        if not ref:
            raise InputError(f"--model {name}: give both directions as FORWARD,BACKWARD")
        path = Path(ref).expanduser()
        if not _looks_like_hub_id(ref):
            if not path.is_dir():
                raise ModelUnavailableError(f"model folder '{ref}' does not exist")
            ref = str(path.resolve())
        family = _family_of(ref)
        legs.append(
            ModelSpec(
                model=ref,
                revision="main",
                src_lang=src,
                tgt_lang=tgt,
                src_code=_codes(family, src),
                tgt_code=_codes(family, tgt),
                prefix=_marian_prefix(ref, tgt) if family == "marian" else "",
            )
        )
    return ModelCard(
        name=name,
        description="named on the command line",
        backend="transformers",
        license="unknown",
        source_lang=source_lang,
        pivot_lang=pivot_lang,
        forward=legs[0],
        backward=legs[1],
    )
