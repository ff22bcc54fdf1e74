"""Meaning drift: the back-translation says something else, though words overlap.

Six checks, each reported as a ``meaning-drift`` flag (``extra["check"]``
names which):

- ``negation``: a negation ("not", "n't", "never", "no", "without", ...) on one
  side whose negated word comes back on the other side un-negated ("was not
  limited" / "was limited"); and a clause negated by "no"/"never" that comes
  back where the other side negates nothing at all ("no nation recognizes it"
  / "it was recognized by any state").  A privative word on the other side
  ("useless", "unwilling") counts as its negation.
- ``modality``: the modal verb in front of the same verb changed class:
  necessity ("must", "have to") against possibility or permission ("may",
  "can"), or future ("will") against possibility ("might").
- ``antonym``: a word on one side and its antonym in the same place on the
  other (rose/fell, accepted/rejected, before/after).  The antonym pairs are a
  curated table in this module (:data:`ANTONYM_PAIRS`): no maintained WordNet
  that ships its data in a wheel exists on PyPI (``nltk`` and ``wn`` download
  their data at run time).
- ``role-swap``: the nouns on either side of the same verb changed places
  ("Turkey attacked Russia" / "Russia attacked Turkey"), voice unchanged; or
  the patient of a passive came back as the agent of the same verb ("dogs
  could be used" / "dogs can use the drug").
- ``similarity``: the whole segment is far from the source: cosine similarity of
  all-MiniLM-L6-v2 sentence embeddings when that model is installed, else
  sacrebleu's sentence chrF.  Every flag records which in ``extra``.  A
  mangled name lowers the cosine, and that is the name detector's finding:
  a pair under the bar is let go when, with its names and acronyms masked on
  both sides, it agrees (:func:`names_explain_gap`), or when the name
  detector flags it and it is not another sentence altogether
  (:data:`ANOTHER_SENTENCE`): "Let's call her Amira" / "let's call it a
  princess" is one finding, the name's.

The lexical checks only fire when the word they hinge on is found on both
sides, so a paraphrase that rewords the clause stays silent: precision first.
Thresholds were calibrated on flores-dev/ar-en (see the constants).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from workbench.detectors.base import Detector, SegmentPair
from workbench.detectors.coverage import (
    STOPWORDS,
    Alignment,
    clean_tokens,
    is_negative_form,
    keys_match,
    lemma,
)
from workbench.detectors.embeddings import Embedder, get_embedder, unavailable_reason
from workbench.detectors.garbled import word_zipf
from workbench.detectors.tokens import CACHE_SIZE, SPEAKER_TAG, Token, tokenize
from workbench.results import Flag, Severity, Span

# Similarity thresholds, calibrated on flores-dev/ar-en (997 sentences x 7
# systems).  Below 0.40 cosine every pair but one was a real change of meaning
# (a mistranslated key term, a garbled clause, a misaligned line); faithful
# paraphrases bottom out around 0.43 ("seabed mapping" -> "bathymetry").  chrF
# separates far worse: paraphrases reach down to 18, so the fallback only flags
# what is almost certainly another sentence.
EMBEDDING_WARNING = 0.40
EMBEDDING_ERROR = 0.20
# No higher bar where every source name came back: one at 0.50 had 13 of its
# 14 extra flags right on FLORES news, but 8 of 29 on TED talks (IWSLT,
# blind round 10 included), where loose spoken paraphrase scores 0.41-0.50.
# A respelled name ("NextGen" -> "Nixedgin") or an acronym spelled out ("FAA"
# -> "Federal Aviation Administration") can pull a faithful sentence under the
# bar on its own.  With every run of names and acronyms replaced by one
# placeholder on both sides, such a pair scores 0.97-0.98 (flores-test), while
# the real changes of meaning flagged on the flores-dev samples score at most
# 0.70 with names masked: above this the gap is the names', which the name
# detector reports.
NAMES_MASKED_AGREEMENT = 0.80
CHRF_WARNING = 18.0
CHRF_ERROR = 10.0
#: the similarity check skips segments with fewer source words (headings and
#: one-word lines are all name, which the name detectors judge better)
MIN_WORDS_FOR_SIMILARITY = 3

#: how far (in tokens) a negation or modal reaches to find the word it governs
SCOPE = 4
_QUANTIFIERS = (("a", "lot", "of"), ("lots", "of"), ("plenty", "of"), ("a", "great", "deal", "of"))
#: how many tokens before a listed word a negation may stand and still cover
#: the list it opens ("they had no corn, tomatoes, potatoes or cocoa")
LIST_REACH = 12


def _untagged(text: str) -> str:
    """``text`` as the similarity check reads it: HTML entities decoded (they
    are the encoding detector's finding, and "isn&#39;t" alone costs a short
    sentence a tenth of its cosine) and no speaker tag at its start."""
    return SPEAKER_TAG.sub("", html.unescape(text), count=1)


def names_only(text: str) -> bool:
    """Whether ``text`` is two or more words, every one capitalised: a name
    and nothing else ("Rana Haddad."), as where a back-translation kept a
    speaker's name and lost what was said.  The loss is the omission's and
    the name's finding; there is no meaning left to have drifted."""
    words = [t.text for t in tokenize(text) if any(c.isalpha() for c in t.text)]
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


# Words after "nothing", "no" or "none" that make it emphasis ("nothing short
# of", "no less than", "none other than").
_EMPHATIC = frozenset((("short", "of"), ("less", "than"), ("other", "than")))


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: word lists read as prose."""
    return frozenset(text.split())


NEGATORS: frozenset[str] = _words(
    "not no never none nothing nobody nowhere neither nor without cannot"
)
# Words that carry a negation without a negator: "failed to win" is a faithful
# rendering of "did not win", so a negated word near one of these is not flipped.
IMPLICIT_NEGATIVES: frozenset[str] = _words("""
    fail failure lack absence absent refuse refusal deny denial unable inability
    impossible prevent avoid stop cease instead free zero neglect ignore miss
    exclude except hardly barely scarcely seldom rarely little few less lose
    decline reject halt ban forbid prohibit nor difficult hard unlikely far
    """)
# ... and those that negate from behind: "its use should be avoided".
_TRAILING_NEGATIVES = _words("avoid ban forbid prohibit refuse reject deny prevent stop")

# Modal classes.  "would" and "should" are left out: "would" is as often a
# tense as a modal, and should/must swaps are routine in MT.
_MODALS: dict[str, str] = {
    "must": "necessity",
    "shall": "necessity",
    "may": "possibility",
    "might": "possibility",
    "could": "possibility",
    "possibly": "possibility",
    "perhaps": "possibility",
    "maybe": "possibility",
    "can": "ability",
    "cannot": "ability",
    "possible": "possibility",
    "probably": "possibility",
    "likely": "possibility",
    "chance": "possibility",
    "will": "future",
    "won't": "future",
}
_HEDGES = _words("possibly perhaps maybe probably likely")
_UNCLASSED_MODALS = _words("should would ought")
_CONFLICTS: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"necessity", "possibility"}),
        frozenset({"necessity", "ability"}),
        # Not future / possibility: "may continue" -> "will continue" and
        # "may think" -> "will think" were no change of meaning to any of the
        # reviewers (0 of 6 flags on FLORES dev and IWSLT round 10).
    }
)

#: Curated antonym pairs (dictionary forms).  Kept to words whose flip reverses
#: a news sentence's claim; senses that commonly mean something else ("left",
#: "right", "fall" the season) are left out, and so are pairs that paraphrase
#: each other in context ("a win over X" / "defeated X").
ANTONYM_PAIRS: tuple[tuple[str, str], ...] = (
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("increase", "decline"),
    ("increase", "drop"),
    ("rise", "fall"),
    ("rise", "drop"),
    ("rise", "decline"),
    ("raise", "lower"),
    ("grow", "shrink"),
    ("expand", "shrink"),
    ("expand", "contract"),
    ("gain", "lose"),
    ("win", "lose"),
    ("accept", "reject"),
    ("accept", "refuse"),
    ("approve", "reject"),
    ("approve", "veto"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("allow", "prohibit"),
    ("permit", "ban"),
    ("permit", "forbid"),
    ("permit", "prohibit"),
    ("legal", "illegal"),
    ("lift", "impose"),
    ("support", "oppose"),
    ("agree", "disagree"),
    ("confirm", "deny"),
    ("admit", "deny"),
    ("include", "exclude"),
    ("before", "after"),
    ("above", "below"),
    ("more", "less"),
    ("more", "fewer"),
    ("most", "least"),
    ("maximum", "minimum"),
    ("majority", "minority"),
    ("high", "low"),
    ("large", "small"),
    ("big", "small"),
    ("strong", "weak"),
    ("strengthen", "weaken"),
    ("rich", "poor"),
    ("cheap", "expensive"),
    ("early", "late"),
    ("first", "last"),
    ("begin", "end"),
    ("start", "finish"),
    ("open", "close"),
    ("enter", "leave"),
    ("arrive", "depart"),
    ("buy", "sell"),
    ("import", "export"),
    ("succeed", "fail"),
    ("success", "failure"),
    ("true", "false"),
    ("possible", "impossible"),
    ("guilty", "innocent"),
    ("convict", "acquit"),
    ("alive", "dead"),
    ("war", "peace"),
    ("attack", "defend"),
    ("friend", "enemy"),
    ("ally", "enemy"),
    ("north", "south"),
    ("east", "west"),
    ("public", "private"),
    ("domestic", "foreign"),
    ("positive", "negative"),
    ("safe", "dangerous"),
    ("easy", "difficult"),
    ("hot", "cold"),
    ("wet", "dry"),
    ("always", "never"),
    ("everyone", "nobody"),
    ("all", "none"),
    ("remember", "forget"),
    ("love", "hate"),
    ("appear", "disappear"),
    ("advantage", "disadvantage"),
    ("profit", "loss"),
    ("birth", "death"),
    ("male", "female"),
    ("minimum", "maximum"),
    ("inside", "outside"),
    ("internal", "external"),
    ("thin", "thick"),
    ("thin", "thicken"),
    ("wide", "narrow"),
    ("widen", "narrow"),
    ("deep", "shallow"),
    ("slow", "fast"),
    ("young", "old"),
    ("ancient", "modern"),
    ("full", "empty"),
    ("present", "absent"),
    ("presence", "absence"),
    ("similar", "different"),
    ("simple", "complex"),
    ("top", "bottom"),
    ("upper", "lower"),
    ("forward", "backward"),
    ("sink", "float"),
    ("freeze", "melt"),
    ("heat", "cool"),
    ("warm", "cool"),
    ("light", "dark"),
    ("reward", "punish"),
    ("praise", "criticize"),
    ("praise", "criticise"),
    ("encourage", "discourage"),
    ("increase", "lessen"),
    ("common", "rare"),
    ("frequent", "rare"),
    ("often", "rarely"),
    ("often", "seldom"),
    ("always", "rarely"),
)
# Irregular forms of the table's words, so the table works whether or not
# simplemma is installed (and where it reads "rose" as the flower).
_IRREGULAR: dict[str, str] = {
    "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "won": "win", "lost": "lose", "grew": "grow", "grown": "grow",
    "shrank": "shrink", "shrunk": "shrink", "sold": "sell", "bought": "buy",
    "began": "begin", "begun": "begin", "forbade": "forbid", "forbidden": "forbid",
    "forgot": "forget", "forgotten": "forget", "better": "good", "worse": "bad",
    "worst": "bad", "least": "least", "fewer": "fewer", "more": "more", "most": "most",
    "less": "less", "higher": "high", "highest": "high", "lower": "low", "lowest": "low",
    "larger": "large", "largest": "large", "smaller": "small", "smallest": "small",
    "bigger": "big", "biggest": "big", "stronger": "strong", "weaker": "weak",
    "richer": "rich", "poorer": "poor", "cheaper": "cheap", "earlier": "early",
    "later": "late", "easier": "easy", "hotter": "hot", "colder": "cold",
    "thinner": "thin", "thicker": "thick", "wider": "wide", "narrower": "narrow",
    "deeper": "deep", "shallower": "shallow", "slower": "slow", "faster": "fast",
    "younger": "young", "older": "old", "fuller": "full", "simpler": "simple",
    "sank": "sink", "sunk": "sink", "froze": "freeze", "frozen": "freeze",
    "lowered": "lower", "lowering": "lower", "lowers": "lower",
    "met": "meet", "fought": "fight", "drew": "draw",
}  # fmt: skip


def _antonym_table(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for a, b in pairs:
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in table.items()}


ANTONYMS: dict[str, frozenset[str]] = _antonym_table(ANTONYM_PAIRS)

# Predicates whose two participants can swap without changing the claim.
_SYMMETRIC = _words("""
    meet marry play fight talk negotiate compete draw tie clash agree sign join
    border neighbour neighbor resemble equal match face trade share
    """)
_FOCUS = _words("only just even merely simply")
_DETERMINERS = _words("the a an this that these those his her its their our my your")
_PASSIVE_AUX = _words("is are was were be been being get got gets")
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”]")


@dataclass(frozen=True, slots=True)
class _Side:
    text: str
    tokens: tuple[Token, ...]
    lows: tuple[str, ...]
    lemmas: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Side:
        return _side_of(text)

    def span(self, first: int, last: int | None = None) -> Span:
        end = self.tokens[first if last is None else last].end
        start = self.tokens[first].start
        return Span(start, end, self.text[start:end])

    def is_content(self, i: int) -> bool:
        w = self.lows[i]
        return (
            w not in STOPWORDS
            and w not in NEGATORS
            and not w.endswith("n't")
            and any(c.isalpha() for c in w)
        )

    def scope(self, i: int) -> int | None:
        """The first content token after token ``i``: the word a negation or modal governs.

        Only the first: also trying the second ("doesn't have a crust like the
        Earth") caught one more flip on flores-dev and raised fifty false ones.
        """
        for k in range(i + 1, min(i + 1 + SCOPE, len(self.tokens))):
            # "no longer present": the negated word is "present"
            if self.is_content(k) and self.lows[k] != "longer":
                return k
        return None

    def negations(self) -> list[int]:
        found = [
            i
            for i, w in enumerate(self.lows)
            if is_negator(w)
            and not self._number_sign(i)
            and not self._exclamation(i)
            and not self._suggestion(i)
            and not self._emphatic(i)
        ]
        if "neither" in self.lows:  # "neither ... nor" is one negation
            found = [i for i in found if self.lows[i] != "nor"]
        return found

    def _suggestion(self, i: int) -> bool:
        # "why don't we read it", "why not": a suggestion, not a denial
        return i > 0 and self.lows[i - 1] == "why" and self.lows[i] in ("don't", "not", "doesn't")

    def _exclamation(self, i: int) -> bool:
        # "No!" said or shouted, "no, thanks", "no -- I've got it": an answer,
        # not a negated clause
        if self.lows[i] != "no":
            return False
        after = self.text[self.tokens[i].end : self.tokens[i].end + 3].lstrip(" ")
        return after[:1] in ("!", ",", '"', "”", "-", "—", "–", "?")

    def _emphatic(self, i: int) -> bool:
        # "nothing short of miraculous", "no less than", "none other than":
        # emphasis that asserts, not a negation
        follow = tuple(self.lows[i + 1 : i + 3])
        return self.lows[i] in ("nothing", "no", "none") and follow in _EMPHATIC

    def _number_sign(self, i: int) -> bool:
        # "No. 11", "no 3": the abbreviation of "number", not a negation
        if self.lows[i] != "no":
            return False
        end = self.tokens[i].end
        after = self.text[end : end + 3].lstrip(". ")
        return self.text[end : end + 1] == "." or after[:1].isdigit()

    def matches(self, key: str) -> list[int]:
        """Content tokens that are ``key``, inflected or negated by affix."""
        return [
            j
            for j in range(len(self.tokens))
            if self.is_content(j)
            and (keys_match(self.lemmas[j], key) or is_negative_form(self.lemmas[j], key))
        ]

    def negated(self, i: int, key: str) -> bool:
        """Whether token ``i`` (matching ``key``) is negated, overtly or not."""
        if is_negative_form(self.lemmas[i], key) or is_negative_form(self.lows[i], key):
            return True
        for k in range(max(0, i - SCOPE - self._quantifier_words(i)), i):
            if (
                is_negator(self.lows[k])
                and not self._number_sign(k)
                and not self._exclamation(k)
                and not self._emphatic(k)
            ):
                return True
            if self.lemmas[k] in IMPLICIT_NEGATIVES:
                return True
        return any(
            self.lemmas[k] in _TRAILING_NEGATIVES
            for k in range(i + 1, min(len(self.tokens), i + SCOPE))
        )

    def _quantifier_words(self, i: int) -> int:
        """How many words of a quantifier stand right before token ``i`` ("a
        lot of", "plenty of"): the negation reaches past them ("didn't have a
        lot of friends")."""
        for phrase in _QUANTIFIERS:
            n = len(phrase)
            if i >= n and tuple(self.lows[i - n : i]) == phrase:
                return n
        return 0

    def clause_break(self, i: int, j: int) -> bool:
        """Whether punctuation separates tokens ``i`` < ``j``."""
        return bool(_CLAUSE_BREAK.search(self.text, self.tokens[i].end, self.tokens[j].start))


def is_negator(word: str) -> bool:
    """Whether a lower-cased token negates ("not", "never", "didn't", "cannot")."""
    return word in NEGATORS or word.endswith("n't")


def _modal(side: _Side, i: int) -> str | None:
    w = side.lows[i]
    if w in _HEDGES and i > 0 and side.lows[i - 1] in _UNCLASSED_MODALS:
        # "should probably start": the verb's modality, softened, not the
        # adverb's; and "should" is left unclassed (see _MODALS)
        return None
    if w in _MODALS:
        return _MODALS[w]
    if w.endswith("'ll"):
        return "future"
    if w in ("can't", "couldn't"):
        return "ability" if w == "can't" else "possibility"
    if w in ("have", "has", "had", "need", "needs") and i + 1 < len(side.lows):
        return "necessity" if side.lows[i + 1] == "to" else None
    return None


@lru_cache(maxsize=CACHE_SIZE)
def _side_of(text: str) -> _Side:
    # Cached: the source side is the same for every system checked against it.
    tokens = clean_tokens(text)
    lows = tuple(t.text.lower().replace("’", "'") for t in tokens)
    lemmas = tuple(_IRREGULAR.get(w) or lemma(w) for w in lows)
    return _Side(text, tokens, lows, lemmas)


@dataclass(frozen=True, slots=True)
class Finding:
    """One lexical meaning change, before it becomes a flag."""

    check: str
    source: Span | None
    target: Span | None
    detail: str
    severity: Severity


def _nearest(side: _Side, candidates: list[int], rel: float) -> int:
    n = max(len(side.tokens), 1)
    return min(candidates, key=lambda j: abs(j / n - rel))


#: a negated word and its un-negated twin must sit at most this far apart,
#: as fractions of their sentences, to be taken for the same word
MAX_SHIFT = 0.3


def _same_use(a: _Side, cue: int, b: _Side, j: int) -> bool:
    """Whether ``b[j]`` can be the un-negated reading of what ``a[cue]`` negated."""
    before = {b.lows[k] for k in range(max(0, j - SCOPE), j)}
    word = a.lows[cue]
    if word == "without":
        # "without permission" / "with permission"; "before the hotels" is no flip
        return "with" in before
    if word == "no" and cue + 1 < len(a.lows) and a.lows[cue + 1] != "longer":
        # "no established nation" (adjective) / "was established" (verb)
        return not before & _PASSIVE_AUX and not before & {"has", "have", "had"}
    return True


def _flip(a: _Side, b: _Side, cue: int, k: int) -> tuple[int, int] | None:
    """Token ``j`` of ``b`` that is ``a[k]`` (negated by ``a[cue]``) un-negated, if any."""
    key = a.lemmas[k]
    if any(is_negative_form(key, w) for w in b.lemmas):
        return None  # "not illegal" came back as "legal": the same claim
    hits = b.matches(key)
    plain = [j for j in hits if not b.negated(j, key) and _same_use(a, cue, b, j)]
    if not plain or len(hits) > len(plain):
        return None
    a_plain = [i for i in a.matches(key) if i != k and not a.negated(i, key)]
    if len(plain) <= len(a_plain):
        return None  # the un-negated twin is another mention of the word
    rel = k / max(len(a.tokens), 1)
    j = _nearest(b, plain, rel)
    if abs(j / max(len(b.tokens), 1) - rel) > MAX_SHIFT or not _shared_context(a, k, b, j):
        return None
    if _linked_elsewhere(a, k, b, j):
        return None
    return k, j


def _linked_elsewhere(a: _Side, k: int, b: _Side, j: int) -> bool:
    """Whether the content-word alignment links ``b[j]`` to another word of
    ``a`` than ``a[k]``: "working on your relationship or getting out of one
    that isn't working" / "working to develop your relationships, or cutting
    off bad ones", where the "working" that came back is the first one."""
    alignment = Alignment.of(a.text, b.text)
    s_unit = alignment.source_at(a.tokens[k].start)
    t_unit = alignment.target_at(b.tokens[j].start)
    if s_unit is None or t_unit is None:
        return False
    linked = alignment.t_links[t_unit]
    return linked is not None and linked != s_unit


def _negation_finding(negated: Span, plain: Span, forward: bool) -> Finding:
    """A negation lost (``forward``: the source's ``negated`` came back as
    ``plain``) or added (the source's ``plain`` came back ``negated``)."""
    if forward:
        detail = f"negation lost: “{negated.text}” came back as “{plain.text}”"
        return Finding("negation", negated, plain, detail, Severity.ERROR)
    detail = f"negation added: “{plain.text}” came back as “{negated.text}”"
    return Finding("negation", plain, negated, detail, Severity.ERROR)


#: the base of a privative word ("use" in "useless", "able" in "unable")
#: must be at least this common (wordfreq Zipf) for the word to count
PRIVATIVE_BASE_ZIPF = 3.0


def is_privative(word: str) -> bool:
    """Whether a lower-cased word negates a common word by affix: "useless",
    "pointless", "unable", "unless" (but not "under", "union", "bless")."""
    if word.endswith("less") and len(word) > 6:
        base = word[:-4]
    elif word.startswith("un") and len(word) > 5:
        base = word[2:].lstrip("-")
    else:
        return False
    return word_zipf(base) >= PRIVATIVE_BASE_ZIPF


def negation_flips(src: _Side, tgt: _Side) -> list[Finding]:
    """Negations present on one side whose negated word is un-negated on the other.

    Silent unless the negated word comes back, in the same context and about
    the same place, more often un-negated than it was: a reworded clause, a
    double negation ("not illegal" / "legal") or an implicit one ("did not
    win" / "failed to win") is no flip.
    """
    found: list[Finding] = []
    for a, b, forward in ((src, tgt, True), (tgt, src, False)):
        cues = a.negations()
        # A privative word ("unwilling", "useless") carries a negation too:
        # "no guard was willing" / "the guards were unwilling" lost none.
        negated_b = len(b.negations()) + sum(is_privative(w) for w in b.lows)
        if not cues or negated_b >= len(cues):
            continue
        for cue in cues:
            if cue + 1 < len(a.lows) and a.lows[cue + 1] in _FOCUS:
                continue  # "not only X but Y", "not even X": no claim is negated
            if "but" in a.lows[cue + 1 : cue + 3]:
                continue  # "no one but the pilot", "nothing but": "only"
            scope = a.scope(cue)
            flip = None if scope is None else _flip(a, b, cue, scope)
            if flip is None:
                continue
            k, j = flip
            if a.lows[cue] == "nor" and any(
                is_negator(w) for w in b.lows[max(0, j - LIST_REACH) : j]
            ):
                # "they didn't have corn, nor cocoa" / "they had no corn or
                # cocoa": one negation before the list covers all of it.
                continue
            found.append(_negation_finding(a.span(cue, k), b.span(j), forward))
            break  # one flip per direction is enough to send a reviewer there
    return found


#: how many content words a determiner-like negation ("no", "never") reaches
#: when the other side has no negation at all
WIDE_SCOPE = 3
# Negations whose scope is the whole clause rather than the next word: "no
# established nation officially recognizes it".  "not" and "without" are left
# to :func:`negation_flips`: paraphrase turns them into implicit negatives
# ("don't forget" / "remember") too often for a wider reach to pay.
_WIDE_NEGATORS = _words("no never none nothing nobody neither")
# "not until 1990" / "only in 1990", "no smaller than": a comparison or a
# focus, not a denial; "no doubt", "no need": idioms.
_NOT_DENIALS = _words("until till but than yet longer more less secret doubt need matter wonder")
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s")


def _negation_free(side: _Side) -> bool:
    """Whether ``side`` negates nothing, overtly, implicitly (a negative verb
    such as "failed", or an affix: "it is useless to look" for "there is no
    point in looking") or with "only"."""
    if side.negations() or any(w in IMPLICIT_NEGATIVES for w in side.lemmas):
        return False
    if any(is_privative(w) for w in side.lows):
        return False
    return not any(w in _FOCUS for w in side.lows)


def negation_dropped(src: _Side, tgt: _Side) -> list[Finding]:
    """A clause negated by "no"/"never" that came back with no negation anywhere.

    :func:`negation_flips` only looks at the first word after the negation,
    which misses "no established nation officially recognizes it" / "it was
    officially recognized by any state".  When the other side negates nothing
    at all (no negator, no implicit negative such as "failed", no "only"), any
    of the first content words of the negated clause that comes back in the
    same context and place is taken for the flipped claim.
    """
    found: list[Finding] = []
    for a, b, forward in ((src, tgt, True), (tgt, src, False)):
        cues = [i for i in a.negations() if a.lows[i] in _WIDE_NEGATORS]
        if not cues or not _negation_free(b):
            continue
        for cue in cues:
            hit = _wide_flip(a, b, cue)
            if hit is None:
                continue
            k, j = hit
            found.append(_negation_finding(a.span(cue, k), b.span(j), forward))
            break
    return found


def _wide_flip(a: _Side, b: _Side, cue: int) -> tuple[int, int] | None:
    window: list[int] = []
    for k in range(cue + 1, len(a.tokens)):
        if _SENTENCE_BREAK.search(a.text, a.tokens[cue].end, a.tokens[k].start + 1):
            break
        if a.lows[k] in ("than", "until", "till") or (
            k == cue + 1 and (a.lows[k] in _NOT_DENIALS or a.lows[k] in _FOCUS)
        ):
            return None
        if a.is_content(k) and not a.tokens[k].text[:1].isupper():  # names aside
            window.append(k)
            if len(window) == WIDE_SCOPE:
                break
    for n, k in enumerate(window):
        key = a.lemmas[k]
        if any(is_negative_form(w, key) for w in b.lemmas):
            continue
        # Only the word right after the negation can be its adjective reading
        # ("no established nation" / "was established").
        hits = [j for j in b.matches(key) if n > 0 or _same_use(a, cue, b, j)]
        rel = k / max(len(a.tokens), 1)
        for j in hits:
            if abs(j / max(len(b.tokens), 1) - rel) <= MAX_SHIFT and _shared_context(a, k, b, j):
                return k, j
    return None


def modality_changes(src: _Side, tgt: _Side) -> list[Finding]:
    """A modal in front of the same verb that changed to a conflicting class."""
    s_modals = {i: m for i in range(len(src.tokens)) if (m := _modal(src, i))}
    t_modals = {j: m for j in range(len(tgt.tokens)) if (m := _modal(tgt, j))}
    s_classes, t_classes = set(s_modals.values()), set(t_modals.values())
    found: list[Finding] = []
    for i, x in s_modals.items():
        if x in t_classes:
            continue
        k = src.scope(i + 1 if src.lows[i] in ("have", "has", "had", "need", "needs") else i)
        if k is None:
            continue
        for j, y in t_modals.items():
            if y in s_classes or frozenset({x, y}) not in _CONFLICTS:
                continue
            kt = tgt.scope(j + 1 if tgt.lows[j] in ("have", "has", "had", "need", "needs") else j)
            if kt is None or not keys_match(src.lemmas[k], tgt.lemmas[kt]):
                continue
            s_span, t_span = src.span(i), tgt.span(j)
            detail = (
                f"modality changed from {x} to {y}: “{src.span(i, k).text}” "
                f"came back as “{tgt.span(j, kt).text}”"
            )
            found.append(Finding("modality", s_span, t_span, detail, Severity.WARNING))
            return found
    return found


def _context(side: _Side, i: int, width: int = 3) -> set[str]:
    """Lemmas of the content words within ``width`` content words of token ``i``."""
    before = [k for k in range(i - 1, -1, -1) if side.is_content(k)][:width]
    after = [k for k in range(i + 1, len(side.tokens)) if side.is_content(k)][:width]
    return {side.lemmas[k] for k in (*before, *after)}


def _shared_context(a: _Side, i: int, b: _Side, j: int) -> bool:
    """Whether tokens ``a[i]`` and ``b[j]`` have a content neighbour in common."""
    ctx_b = _context(b, j)
    return any(keys_match(x, y) for x in _context(a, i) for y in ctx_b)


def _idiom(side: _Side, i: int) -> bool:
    """Whether token ``i`` is part of a set phrase, not the word of the
    antonym table: "at least" and "at most" hedge, they do not count."""
    return i > 0 and side.lows[i] in ("least", "most") and side.lows[i - 1] == "at"


def _elsewhere(src: _Side, i: int, tgt: _Side, j: int) -> bool:
    """Whether target token ``j`` stands in the place of other source words
    than token ``i``: "from really big sharks to dainty ones" / "from huge
    sharks to small ones", where "small" renders "dainty", not "big".  The
    place is read from the content-word alignment (:meth:`Alignment.facing`);
    where it is unknown (reordered anchors), nothing is ruled out."""
    alignment = Alignment.of(src.text, tgt.text)
    s_unit = alignment.source_at(src.tokens[i].start)
    t_unit = alignment.target_at(tgt.tokens[j].start)
    if s_unit is None or t_unit is None:
        return False
    facing = alignment.facing(t_unit)
    return facing is not None and s_unit not in facing


def antonym_swaps(src: _Side, tgt: _Side) -> list[Finding]:
    """A word on one side and its antonym, in the same context, on the other."""
    s_set, t_set = set(src.lemmas), set(tgt.lemmas)
    found: list[Finding] = []
    for i, a in enumerate(src.lemmas):
        opposites = ANTONYMS.get(a)
        if not opposites or a in t_set or (i > 0 and src.tokens[i].text[:1].isupper()):
            continue  # a capital inside the sentence is a name: "Victoria Falls"
        for b in opposites:
            if b not in t_set or b in s_set:
                continue
            for j in (j for j, w in enumerate(tgt.lemmas) if w == b):
                if _idiom(src, i) or _idiom(tgt, j) or src.negated(i, a) or tgt.negated(j, b):
                    continue
                if not _shared_context(src, i, tgt, j) or _elsewhere(src, i, tgt, j):
                    continue
                s_span, t_span = src.span(i), tgt.span(j)
                detail = f"antonym: “{s_span.text}” came back as “{t_span.text}”"
                found.append(Finding("antonym", s_span, t_span, detail, Severity.ERROR))
                return found
    return found


def _nominal(side: _Side, i: int) -> bool:
    if not side.is_content(i):
        return False
    tok = side.tokens[i].text
    if tok[:1].isupper() and tok.isalpha():
        return True
    return any(k >= 0 and side.lows[k] in _DETERMINERS for k in (i - 1, i - 2))


def _passive(side: _Side, w: int) -> bool:
    before = {side.lows[k] for k in range(max(0, w - 2), w)}
    return bool(before & _PASSIVE_AUX) or (w + 1 < len(side.lows) and side.lows[w + 1] == "by")


def _unique(side: _Side, key: str) -> int | None:
    hits = [k for k, w in enumerate(side.lemmas) if w == key]
    return hits[0] if len(hits) == 1 else None


def role_swaps(src: _Side, tgt: _Side) -> list[Finding]:
    """The nouns before and after the same verb changed places (voice unchanged)."""
    for w, verb in enumerate(src.lemmas):
        if (
            not src.is_content(w)
            or verb in _SYMMETRIC
            or src.tokens[w].text[:1].isupper()
            or (w > 0 and src.lows[w - 1] in _DETERMINERS)
            or _unique(src, verb) is None
        ):
            continue
        x = next((k for k in range(w - 1, max(-1, w - 1 - SCOPE), -1) if _nominal(src, k)), None)
        y = next(
            (k for k in range(w + 1, min(len(src.tokens), w + 1 + SCOPE)) if _nominal(src, k)), None
        )
        if x is None or y is None or src.clause_break(x, y):
            continue
        wt, xt, yt = _unique(tgt, verb), _unique(tgt, src.lemmas[x]), _unique(tgt, src.lemmas[y])
        if wt is None or xt is None or yt is None or _unique(src, src.lemmas[x]) is None:
            continue
        if not (yt < wt < xt and xt - yt <= 2 * SCOPE + 1) or tgt.clause_break(yt, xt):
            continue
        if _passive(src, w) != _passive(tgt, wt):
            continue
        if _after_adjective_to(src, w) or _after_adjective_to(tgt, wt):
            # "it's easy to find places" / "places are easy to find": the
            # object raised to subject, the roles unchanged.
            continue
        s_span, t_span = src.span(x, y), tgt.span(yt, xt)
        detail = (
            f"roles swapped around “{src.tokens[w].text}”: “{s_span.text}” "
            f"came back as “{t_span.text}”"
        )
        return [Finding("role-swap", s_span, t_span, detail, Severity.WARNING)]
    return []


def _after_adjective_to(side: _Side, w: int) -> bool:
    """Whether the verb at ``w`` follows "<adjective> to" (easy to find, hard to
    read, ready to eat)."""
    return w >= 2 and side.lows[w - 1] == "to" and side.lows[w - 2] in _TOUGH_ADJECTIVES


_TOUGH_ADJECTIVES = _words("""
    easy hard difficult tough simple impossible possible ready fun pleasant
    expensive cheap safe dangerous quick slow convenient
    """)
_BE = _words("is are was were be been being")
_VERB_FILLERS = _words("can could may might must will would shall should also then still not")
# Irregular past participles (regular ones end in -ed, -en or -wn).
_PARTICIPLES = _words("""
    built made held sold told found kept left lost paid put set sent spent taught
    thought brought bought caught fought sought won done seen run hit cut shut led
    met hung struck stuck dug begun understood stood felt heard meant
    """)
_SENTENCE_END = re.compile(r"[.!?]")
# Not objects, though not stopwords either: "the risk increases when ..."
_NOT_OBJECTS = _words("when where while whenever wherever how why then there here once")
# Verbs that take the same subject in both voices ("the bridge was closed" /
# "the bridge closed the road" is rare; "prices were increased" / "prices
# increase" is routine): a change of voice with them is no reversal.
_ERGATIVE = _words("""
    increase decrease grow change close open end start begin stop improve reduce
    rise drop move break burn melt spread develop return sell shut split
    """)


def _participle(side: _Side, i: int) -> bool:
    w = side.lows[i]
    return w != side.lemmas[i] and (w.endswith(("ed", "en", "wn")) or w in _PARTICIPLES)


def _passive_at(side: _Side, i: int) -> bool:
    """Whether token ``i`` is a past participle right after a form of "be"
    (an adverb may sit between: "was quickly taken"), with no "by" agent."""
    if not _participle(side, i) or (i + 1 < len(side.lows) and side.lows[i + 1] == "by"):
        return False
    k = i - 1
    if k >= 0 and side.lows[k].endswith("ly"):
        k -= 1
    return k >= 0 and side.lows[k] in _BE


def _subject_before(side: _Side, i: int) -> int | None:
    """The content word just before token ``i`` (auxiliaries, modals, adverbs skipped)."""
    for k in range(i - 1, max(-1, i - 1 - SCOPE), -1):
        if side.lows[k] in _BE or side.lows[k] in _VERB_FILLERS or side.lows[k].endswith("ly"):
            continue
        if side.clause_break(k, i):
            return None
        return k if side.is_content(k) else None
    return None


def _subject_words(side: _Side, i: int, width: int = 3) -> list[int]:
    """The subject of the verb at ``i`` and the content words of its noun phrase
    before it ("the Kyoto climate accord isolates": accord, climate, Kyoto)."""
    head = _subject_before(side, i)
    if head is None:
        return []
    words = [head]
    for k in range(head - 1, -1, -1):
        if len(words) == width or side.clause_break(k, head):
            break
        if _SENTENCE_END.search(side.text, side.tokens[k].end, side.tokens[k + 1].start):
            break
        if side.is_content(k):
            words.append(k)
        elif side.lows[k] not in _DETERMINERS and side.lows[k] not in ("of", "on", "for"):
            break
    return words


def _object_after(side: _Side, j: int) -> int | None:
    """The noun right after token ``j`` (one determiner may come first)."""
    k = j + 1
    if k < len(side.lows) and side.lows[k] in _DETERMINERS:
        k += 1
    if k >= len(side.tokens) or not side.is_content(k) or side.clause_break(j, k):
        return None
    if _SENTENCE_END.search(side.text, side.tokens[j].end, side.tokens[k].start):
        return None
    word = side.tokens[k].text
    if (
        any(c.isdigit() for c in word)
        or word.lower().endswith("ly")
        or word.lower() in _NOT_OBJECTS
    ):
        return None
    return k


def voice_reversals(src: _Side, tgt: _Side) -> list[Finding]:
    """The patient of a passive came back as the agent of the same verb.

    "drug-sniffing dogs could be used" / "sniffer dogs can use the drug": the
    noun in front of a passive ("dogs ... be used", no "by" agent) stands in
    front of the same verb in the active, with an object after it, on the
    other side (either way round).  A faithful change of voice puts that noun
    after the verb ("the police used dogs") or keeps the verb intransitive
    ("the bridge closed"), so neither is taken for a reversal; nor is the same
    participle on both sides ("tubes are called arteries" / "tubes called
    arteries"), which is a reduced relative clause.
    """
    for a, b in ((src, tgt), (tgt, src)):
        for w in range(1, len(a.tokens)):
            if not a.is_content(w) or not _passive_at(a, w) or a.lemmas[w] in _ERGATIVE:
                continue
            verb = a.lemmas[w]
            xs = _subject_words(a, w)
            if not xs:
                continue
            for j, lem in enumerate(b.lemmas):
                if lem != verb or b.lows[j] == a.lows[w] or _passive(b, j):
                    continue
                ys = _subject_words(b, j)
                obj = _object_after(b, j)
                if not ys or obj is None:
                    continue
                if not any(keys_match(b.lemmas[y], a.lemmas[x]) for x in xs for y in ys):
                    continue
                passive, active = a.span(min(xs), w), b.span(min(ys), obj)
                s_span, t_span = (passive, active) if a is src else (active, passive)
                detail = f"roles reversed: “{s_span.text}” came back as “{t_span.text}”"
                return [Finding("role-swap", s_span, t_span, detail, Severity.WARNING)]
    return []


def lexical_findings(source: str, target: str) -> list[Finding]:
    """Every lexical meaning change between ``source`` and ``target``."""
    return list(_lexical_findings(source, target))


# Cached: systems often give the same back-translation of a segment.
@lru_cache(maxsize=CACHE_SIZE)
def _lexical_findings(source: str, target: str) -> tuple[Finding, ...]:
    src, tgt = _Side.of(source), _Side.of(target)
    return (
        *(negation_flips(src, tgt) or negation_dropped(src, tgt)),
        *modality_changes(src, tgt),
        *antonym_swaps(src, tgt),
        *(role_swaps(src, tgt) or voice_reversals(src, tgt)),
    )


#: what :func:`mask_names` puts in place of each run of names
NAME_PLACEHOLDER = "Name"
#: a capitalised word that starts a sentence is masked as a name only when it
#: is rarer than this as an English word (Zipf): lower than the usual bar for
#: common words, because masking a mistranslated opening word ("Mysticism" ->
#: "Depiction", 3.1 and 3.5) would hide a real change of meaning
INITIAL_NAME_ZIPF = 3.0
_OPENERS = " \"'“‘("


def mask_names(text: str) -> str:
    """``text`` with each run of names and acronyms replaced by :data:`NAME_PLACEHOLDER`.

    A name is a capitalised word, except a word that only starts a sentence
    and is English vocabulary (:data:`INITIAL_NAME_ZIPF`: "The", "Visitors",
    "Mysticism"); acronyms are names wherever they stand.  Adjacent names,
    hyphenated or not, are one run, so "FAA" and "Federal Aviation
    Administration" both become one placeholder.
    """
    runs: list[list[int]] = []
    for tok in tokenize(text):
        word = tok.text
        if not word[:1].isupper():
            continue
        before = text[: tok.start].rstrip(_OPENERS)
        initial = not before or before[-1] in ".!?:"
        acronym = len(word) > 1 and word.isupper()
        if initial and not acronym and word_zipf(word) >= INITIAL_NAME_ZIPF:
            continue
        if runs and not text[runs[-1][1] : tok.start].strip(" -"):
            runs[-1][1] = tok.end
        else:
            runs.append([tok.start, tok.end])
    parts: list[str] = []
    last = 0
    for start, end in runs:
        parts += [text[last:start], NAME_PLACEHOLDER]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def names_explain_gap(source: str, target: str, embedder: Embedder) -> bool:
    """Whether ``source`` and ``target`` agree once their names are masked
    (:data:`NAMES_MASKED_AGREEMENT`): a low cosine owed to names alone."""
    masked_s, masked_t = mask_names(source), mask_names(target)
    if masked_s == source and masked_t == target:
        return False  # no names: the raw score stands
    (score,) = embedder.similarities([masked_s], [masked_t])
    return score >= NAMES_MASKED_AGREEMENT


#: Below this cosine a back-translation is another sentence altogether (the
#: misaligned lines of flores-dev score -0.01 to 0.14), flagged whatever its
#: names did; above it, a pair the name detector flags is let go: the
#: drifted name is the finding, and on the held-out samples reviewers did not
#: also call such a pair a change of meaning.
ANOTHER_SENTENCE = 0.2


def _names_drifted(pairs: Sequence[SegmentPair], wanted: set[int]) -> set[int]:
    """Which of the ``wanted`` segments the name detector flags."""
    from workbench.detectors.names import name_drift_in

    return {f.segment for f in name_drift_in(pairs, wanted)}


@dataclass(frozen=True, slots=True)
class Similarity:
    """How similar a back-translation is to its source, and how that was measured."""

    method: str  # "embedding:all-MiniLM-L6-v2" or "chrf:sacrebleu"
    score: float  # cosine (-1..1) or chrF (0..100)
    warning: float  # the thresholds it was judged against
    error: float
    signature: str = ""  # sacrebleu's signature for chrF

    @property
    def severity(self) -> Severity | None:
        if self.score < self.error:
            return Severity.ERROR
        if self.score < self.warning:
            return Severity.WARNING
        return None

    @property
    def shown(self) -> str:
        """The score as flags show it: cosine to 3 places, chrF to 1."""
        return f"{self.score:.3f}" if self.method.startswith("embedding") else f"{self.score:.1f}"

    def extra(self) -> tuple[tuple[str, str], ...]:
        pairs = [("similarity", self.method), ("score", self.shown)]
        if self.signature:
            pairs.append(("signature", self.signature))
        return tuple(pairs)


def similarities(
    sources: Sequence[str], targets: Sequence[str], embedder: Embedder | None
) -> list[Similarity]:
    """Similarity of each pair: embeddings when given an embedder, else chrF."""
    if embedder is not None:
        scores = embedder.similarities(sources, targets)
        return [Similarity(embedder.label, s, EMBEDDING_WARNING, EMBEDDING_ERROR) for s in scores]
    result = [
        Similarity("chrf:sacrebleu", _chrf(s, t), CHRF_WARNING, CHRF_ERROR)
        for s, t in zip(sources, targets, strict=True)
    ]
    signature = str(_chrf_metric().get_signature())
    return [Similarity(r.method, r.score, r.warning, r.error, signature) for r in result]


@lru_cache(maxsize=1)
def _chrf_metric() -> Any:
    from sacrebleu.metrics.chrf import CHRF

    return CHRF()


# Cached: systems often give the same back-translation of a segment.
@lru_cache(maxsize=CACHE_SIZE)
def _chrf(source: str, target: str) -> float:
    return float(_chrf_metric().sentence_score(target, [source]).score)


class MeaningDriftDetector(Detector):
    """Negation, modality, antonym and role changes, and low overall similarity."""

    kind = "meaning-drift"
    description = "meaning changed: negation, modality, antonym, roles, or a different sentence"

    def __init__(
        self, *, use_embeddings: bool | None = None, embedder: Embedder | None = None
    ) -> None:
        """``use_embeddings``: None (default) uses the model when installed,
        False forces the chrF fallback, True requires the model (falls back,
        saying why in each flag, when it cannot be loaded).  ``embedder``
        injects a ready one (tests, or a caller that already loaded it)."""
        self.use_embeddings = use_embeddings
        self._embedder = embedder
        self.fallback_reason: str | None = None

    def embedder(self) -> Embedder | None:
        """The embedder this detector will use, or None for the chrF fallback."""
        if self.use_embeddings is False:
            self.fallback_reason = "embeddings turned off"
            return None
        if self._embedder is None:
            self._embedder = get_embedder()
            if self._embedder is None:
                self.fallback_reason = unavailable_reason()
        return self._embedder

    def detect(self, pairs: Sequence[SegmentPair]) -> list[Flag]:
        checked = [p for p in pairs if p.target and p.target.strip() and p.source.strip()]
        if not checked:
            return []
        embedder = self.embedder()
        sims = similarities(
            [_untagged(p.source) for p in checked],
            [_untagged(p.target or "") for p in checked],
            embedder,
        )
        flags: list[Flag] = []
        far: list[tuple[SegmentPair, Similarity, Severity, tuple[tuple[str, str], ...]]] = []
        for pair, sim in zip(checked, sims, strict=True):
            target = pair.target or ""
            base = sim.extra()
            if self.fallback_reason and not sim.method.startswith("embedding"):
                base = (*base, ("fallback", self.fallback_reason))
            for f in _lexical_findings(pair.source, target):
                flags.append(
                    self._flag(pair, f.source, f.target, f.severity, f.detail, f.check, base)
                )
            severity = sim.severity
            words = len(clean_tokens(pair.source))
            if (
                severity is not None
                and embedder is not None
                and sim.method.startswith("embedding")
                and names_explain_gap(pair.source, target, embedder)
            ):
                severity = None
            if (
                severity is not None
                and words >= MIN_WORDS_FOR_SIMILARITY
                and not names_only(_untagged(target))
            ):
                far.append((pair, sim, severity, base))
        # A pair whose name drifted is far from its source for that reason
        # already: the name detector's flag is the finding ("Let's call her
        # Amira" / "let's call it a princess").
        named = _names_drifted(
            pairs,
            {
                pair.index
                for pair, sim, *_ in far
                if sim.method.startswith("embedding") and sim.score >= ANOTHER_SENTENCE
            },
        )
        for pair, sim, severity, base in far:
            if pair.index in named:
                continue
            target = pair.target or ""
            what = "cosine" if sim.method.startswith("embedding") else "chrF"
            bar = sim.error if severity is Severity.ERROR else sim.warning
            detail = (
                f"back-translation is far from the source "
                f"({what} {sim.shown} < {bar:g}, {sim.method})"
            )
            whole_s = Span(0, len(pair.source), pair.source)
            whole_t = Span(0, len(target), target)
            flags.append(self._flag(pair, whole_s, whole_t, severity, detail, "similarity", base))
        return flags

    def _flag(
        self,
        pair: SegmentPair,
        source: Span | None,
        target: Span | None,
        severity: Severity,
        detail: str,
        check: str,
        extra: tuple[tuple[str, str], ...],
    ) -> Flag:
        return self.flag(
            pair.index,
            source,
            target,
            severity,
            detail,
            extra=(("check", check), *extra),
        )


__all__ = [
    "ANTONYMS",
    "ANTONYM_PAIRS",
    "Finding",
    "MeaningDriftDetector",
    "Similarity",
    "antonym_swaps",
    "is_negator",
    "is_privative",
    "lexical_findings",
    "mask_names",
    "modality_changes",
    "names_explain_gap",
    "names_only",
    "negation_flips",
    "role_swaps",
    "similarities",
]
