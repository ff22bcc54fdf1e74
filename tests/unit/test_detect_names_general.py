"""Name drift: the general behaviours added so that the detector carries over
to systems and lines it was not tuned on (issue 3).

Every case here is made up for the test (no corpus line is copied): each pins
one class of call, what is drift and what is not, from the label guidelines
in ``benchmarks/data/README.md``.
"""

from __future__ import annotations

import pytest

from workbench.detectors.base import SegmentPair
from workbench.detectors.entities import _acronym, dictionary_word
from workbench.detectors.names import NameDriftDetector, same_name
from workbench.results import Flag


def drift(source: str, back: str, pivot: str | None = None) -> list[Flag]:
    return NameDriftDetector().detect([SegmentPair(0, source, back, pivot)])


def spans(flags: list[Flag]) -> list[tuple[str | None, str | None]]:
    return [
        (f.source.text if f.source else None, f.target.text if f.target else None) for f in flags
    ]


# --- morphological relatives of a name are the same name -------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Botanic", "Botanical"),  # an adjective in -al of the name's word
        ("Horticulture", "Horticultural"),
        ("Argentine", "Argentina"),  # demonym in -ine, country in -ina
        ("Afghans", "Afghan"),  # a plain plural still is
    ],
)
def test_morphological_relatives_are_one_name(a: str, b: str) -> None:
    assert same_name(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Euripides", "Euripide"),  # a known name in -s cut to an unknown form
        ("Romanian", "Roman"),  # Roman is a word of its own
        ("Weise", "Weiss"),  # two different single letters
    ],
)
def test_respellings_are_not_relatives(a: str, b: str) -> None:
    assert not same_name(a, b)


def test_demonym_for_country_is_not_drift() -> None:
    assert drift("The Argentine team played well.", "The Argentina team played well.") == []


def test_adjective_form_of_a_name_word_is_not_drift() -> None:
    assert (
        drift("He studied at the Kew Botanic Gardens.", "He studied at Kew Botanical Gardens.")
        == []
    )


def test_name_in_s_cut_short_is_drift() -> None:
    flags = drift(
        "The plays of Euripides are still staged.", "The plays of Euripide are still staged."
    )
    assert spans(flags) == [("Euripides", "Euripide")]


# --- acronyms and aliases ----------------------------------------------------


def test_acronym_replaced_by_a_common_acronym_is_not_drift() -> None:
    assert (
        drift("Children with ADD struggle at school.", "Children with ADHD struggle at school.")
        == []
    )


def test_acronym_respelled_into_an_unknown_one_is_still_drift() -> None:
    flags = drift("The station WKBQ aired it.", "The station WKPQ aired it.")
    assert spans(flags) == [("WKBQ", "WKPQ")]


def test_name_beside_a_new_common_acronym_is_not_reported_missing() -> None:
    # The acronym may be the thing's other name: a loss cannot be told apart.
    assert drift("Fighters of the Kuomintang fled to Taiwan.", "KMT fighters fled to Taiwan.") == []


def test_missing_name_without_an_alias_is_still_reported() -> None:
    flags = drift("Fighters of the Kuomintang fled to Taiwan.", "The fighters fled to Taiwan.")
    assert spans(flags) == [("Kuomintang", None)]


# --- a misspelt source name put right ----------------------------------------


def test_source_typo_mended_by_the_translation_is_not_drift() -> None:
    assert drift("The Madnona tour began in Paris.", "The Madonna tour began in Paris.") == []


def test_rare_misspelling_put_right_is_not_drift() -> None:
    # English has seen "Nietzche" (a common slip) far less than "Nietzsche".
    assert drift("He read Nietzche as a student.", "He read Nietzsche as a student.") == []


def test_unknown_spelling_two_edits_from_a_known_one_is_still_drift() -> None:
    flags = drift("The Madnoxa tour began in Paris.", "The Madonna tour began in Paris.")
    assert [s for s, _ in spans(flags)] == ["Madnoxa"]


# --- terms and foreign names the pivot translated ----------------------------


def test_dictionary_words_are_told_from_proper_names() -> None:
    assert dictionary_word("horticultural")
    assert dictionary_word("Penitents")
    assert not dictionary_word("Oakland")  # a proper name in the lexicon
    assert not dictionary_word("Unión")  # not an English spelling
    assert not dictionary_word("Qzxwv")


def test_term_the_pivot_translated_is_not_reported_missing() -> None:
    source = "The Penitents marched through the town."
    back = "The repentant marched through the town."
    assert drift(source, back, "سار التائبون عبر البلدة.") == []
    # Without a pivot nothing says it was translated: a rare name lost.
    assert spans(drift(source, back)) == [("Penitents", None)]


def test_quoted_name_the_pivot_translated_is_still_drift() -> None:
    # A name in quotation marks (a machine, a ship, a title) is a name even
    # when it is a dictionary word, and a synonym in its place is drift.
    flags = drift(
        'He called the machine "Indefatigable" at the time.',
        'He called the machine "Tireless" at the time.',
        'أطلق على الآلة اسم "الذي لا يكل" في ذلك الوقت.',
    )
    assert [s for s, _ in spans(flags)] == ["Indefatigable"]


def test_foreign_word_of_a_name_the_pivot_translated_is_not_drift() -> None:
    source = "We walked along the Grachtengordel of Amsterdam."
    back = "We walked along the canal ring of Amsterdam."
    assert drift(source, back, "مشينا على طول حزام القنوات في أمستردام.") == []
    # With no pivot it reads as the name cut short.
    assert spans(drift(source, back)) == [("Grachtengordel of Amsterdam", "Amsterdam")]


def test_lost_word_saying_what_kind_of_place_is_not_drift() -> None:
    source = "Tourists flock to the Saqqara Necropolis every spring."
    assert drift(source, "Tourists flock to the Funerary City of Saqqara every spring.") == []
    assert drift(source, "Tourists flock to Saqqara every spring.") == []


# --- names read as common words, or replaced by another name ------------------


def test_name_read_as_a_description_is_drift() -> None:
    flags = drift(
        "They hiked through the Petrified Forest last year.",
        "They hiked through the stone forest last year.",
    )
    assert spans(flags) == [("Petrified Forest", "stone forest")]


def test_name_whose_kind_word_alone_is_left_after_an_article_is_not_flagged() -> None:
    assert drift("They sailed across the Atlantic Ocean.", "They sailed across the ocean.") == []


def test_name_replaced_by_another_name_of_the_sentence_is_drift() -> None:
    flags = drift(
        "Flights from Dublin to Cork were cancelled.",
        "Flights from Dublin to Dublin were cancelled.",
    )
    assert spans(flags) == [("Cork", "Dublin")]


def test_name_repeated_for_a_pronoun_is_not_drift() -> None:
    assert (
        drift(
            "Flights from Dublin were cancelled, and it closed its airport.",
            "Flights from Dublin were cancelled, and Dublin closed its airport.",
        )
        == []
    )


# --- a word a name repeats ----------------------------------------------------


def test_repeated_word_of_a_name_respelled_once_is_drift() -> None:
    flags = drift("The onions of Walla Walla are sweet.", "The onions of Walla Wala are sweet.")
    assert spans(flags) == [("Walla", "Wala")]
    assert flags[0].source is not None and flags[0].source.start == len("The onions of Walla ")


def test_repeated_word_of_a_name_kept_is_not_drift() -> None:
    assert drift("The onions of Walla Walla are sweet.", "Walla Walla onions are sweet.") == []


# --- round 2: acronyms that are no words, spelling conventions, short names --


@pytest.mark.parametrize("word", ["ISIL", "NATO", "UNICEF"])
def test_all_caps_word_no_dictionary_lists_is_an_acronym(word: str) -> None:
    # As common as a heading word, so frequency alone cannot tell them apart.
    assert _acronym(word)


@pytest.mark.parametrize("word", ["UNITED", "OBSERVATORY", "BREAKING"])
def test_all_caps_dictionary_word_is_a_heading_word(word: str) -> None:
    assert not _acronym(word)


def test_acronym_given_as_its_common_alias_is_not_drift() -> None:
    # ISIL read as an acronym: ISIS is its widely used other name, and the
    # Arabic name beside it may have become that alias.
    assert (
        drift(
            "Fighters of Daesh (ISIL) took the town of Qaryat.",
            "ISIS fighters took the town of Qaryat.",
        )
        == []
    )


@pytest.mark.parametrize(
    ("source", "back"),
    [
        # a doubled vowel written single, a spelling English also uses
        (
            "The Maasai herders moved their cattle near Kajiado.",
            "The Masai herders moved their cattle near Kajiado.",
        ),
        # w / v and y / i, the Slavic name in its other romanisation
        (
            "The council chose Waclaw Tobiasz as mayor.",
            "The council chose Vaclav Tobiasz as mayor.",
        ),
        # a classical name's Latin ending given in Greek
        ("The story is told by Herodotus in full.", "The story is told by Herodotos in full."),
    ],
)
def test_name_in_another_spelling_convention_is_not_drift(source: str, back: str) -> None:
    assert drift(source, back) == []


@pytest.mark.parametrize(
    ("source", "back", "expected"),
    [
        # the same change of letters, but to a form English never writes
        (
            "Coach Taavetti Lindqvist resigned.",
            "Coach Tavetti Lindqvist resigned.",
            ("Taavetti", "Tavetti"),
        ),
        # two different vowels are no convention: another name
        (
            "The report was written by Reid for the council.",
            "The report was written by Reed for the council.",
            ("Reid", "Reed"),
        ),
    ],
)
def test_convention_like_respelling_into_an_unused_form_is_drift(
    source: str, back: str, expected: tuple[str, str]
) -> None:
    assert spans(drift(source, back)) == [expected]


def test_lone_two_letter_name_the_pivot_spells_is_drift_when_lost() -> None:
    flags = drift(
        "Voters in Tainan said that Ma would win the runoff.",
        "Voters in Tainan said that what would win the runoff.",
        "قال الناخبون في تاينان إن ما سيفوز في جولة الإعادة.",
    )
    assert spans(flags) == [("Ma", None)]


def test_lone_two_letter_name_is_not_reported_without_the_pivot_spelling_it() -> None:
    flags = drift(
        "Voters in Tainan said that Ma would win the runoff.",
        "Voters in Tainan said that he would win the runoff.",
        "قال الناخبون في تاينان إنه سيفوز في جولة الإعادة.",
    )
    assert flags == []


def test_abbreviation_of_two_letters_is_no_lone_name() -> None:
    # "Co." is cut short by its full stop; "Company" is its expansion.
    assert (
        drift(
            "Tanaka Steel Co. closed its plant in Gifu.",
            "Tanaka Steel Company closed its plant in Gifu.",
        )
        == []
    )


def test_other_name_from_nearby_lines_is_not_an_alternate_spelling() -> None:
    # Both reduce to d-n-b-r-k in Arabic letters, but no reader takes the
    # second for another spelling of the first.
    doc = [
        SegmentPair(
            0, "She trained as a nurse in Edinburgh.", "She trained as a nurse in Edinburgh."
        ),
        SegmentPair(
            1,
            "The patient was moved to the Adenbrook Clinic overnight.",
            "The patient was moved to the Edinburgh Clinic overnight.",
        ),
    ]
    flags = NameDriftDetector().detect(doc)
    assert spans(flags) == [("Adenbrook", "Edinburgh")]


def test_nearby_alternate_spelling_still_excuses_a_respelling() -> None:
    doc = [
        SegmentPair(0, "Envoys met Qaddafi in Sirte.", "Envoys met Qaddafi in Sirte."),
        SegmentPair(1, "Later Gaddafi spoke on radio.", "Later Qaddafi spoke on radio."),
    ]
    assert NameDriftDetector().detect(doc) == []


def test_dictionary_word_name_translated_by_a_related_word_is_not_drift() -> None:
    # The pivot has no transliteration: it translated the adjective, and
    # the back-translation chose a related English word.
    assert (
        drift(
            "Tourists should pack for the Nordic winter.",
            "Tourists should pack for the Norse winter.",
            "يجب على السياح الاستعداد للشتاء الشمالي.",
        )
        == []
    )


def test_particle_changed_before_a_name_is_drift() -> None:
    flags = drift(
        "Police named Lo Bianco as the new boss.", "Police named Le Bianco as the new boss."
    )
    assert spans(flags) == [("Lo Bianco", "Le Bianco")]


@pytest.mark.parametrize(
    "back",
    [
        "Police named Bianco as the new boss.",  # particle dropped
        "Police named Lo Bianco as the new boss.",  # kept
        "Police named Mr Bianco as the new boss.",  # an honorific, no particle
    ],
)
def test_particle_dropped_or_kept_is_not_drift(back: str) -> None:
    assert drift("Police named Lo Bianco as the new boss.", back) == []


def test_title_whose_quotes_close_early_is_cut_short() -> None:
    flags = drift(
        "The studio shelved the film Nights at Morrow Bay last year.",
        'The studio shelved the film "Nights" at Morrow Bay last year.',
    )
    assert spans(flags) == [("Nights at Morrow Bay", "Nights")]


@pytest.mark.parametrize(
    "back",
    [
        # the whole title quoted
        'The studio shelved the film "Nights at Morrow Bay" last year.',
        # no quotation marks: nothing says where the title ends
        "The studio shelved the film Nights at Morrow Bay last year.",
    ],
)
def test_title_quoted_whole_or_not_at_all_is_not_cut_short(back: str) -> None:
    assert drift("The studio shelved the film Nights at Morrow Bay last year.", back) == []


def test_quoted_title_the_source_also_ends_there_is_not_cut_short() -> None:
    assert (
        drift(
            'The band played "Blue Rivers" in Oslo on Friday.',
            'The band played "Blue Rivers" in Oslo on Friday.',
        )
        == []
    )


def test_common_word_opening_the_sentence_is_no_part_of_the_name() -> None:
    # "Visiting" is taken in only because a name follows; it is the name
    # after it that changed, a region become the country.
    flags = drift(
        "Visiting Southern Sudan by road is slow.", "Travel to South Sudan by road is slow."
    )
    assert spans(flags) == [("Southern Sudan", "South Sudan")]


def test_name_after_an_opening_word_that_came_back_whole_is_not_drift() -> None:
    assert (
        drift(
            "Visiting Southern Sudan by road is slow.", "Travel to Southern Sudan by road is slow."
        )
        == []
    )


# --- rules added after the first fresh held-out run (issue 3, round 4) ------


def test_species_name_given_its_common_name_is_not_a_lost_name() -> None:
    # A genus and epithet rendered by the animal's common name is a
    # translation; the genus is not reported missing.
    source = "Hikers found the beetle Carabus zornicus near the summit."
    assert drift(source, "Hikers found the ground beetle near the summit.") == []


def test_species_name_respelled_is_still_drift() -> None:
    source = "Hikers found the beetle Carabus zornicus near the summit."
    back = "Hikers found the beetle Karapus Zornikus near the summit."
    assert ("Carabus", "Karapus") in spans(drift(source, back))


def test_acronym_spelled_out_beside_its_name_does_not_hide_a_lost_name() -> None:
    # WHO and NBA are the short forms of names the back-translation spells
    # out, not aliases standing in for the vanished Pelorin.
    source = (
        "The charity Pelorin, the National Basketball Association and the "
        "World Health Organization met."
    )
    back = (
        "The charity, the National Basketball Association (NBA) and the "
        "World Health Organization (WHO) met."
    )
    assert spans(drift(source, back)) == [("Pelorin", None)]


def test_repeated_name_respelled_once_is_drift() -> None:
    source = "Tarlo founded the club, and Tarlo still runs it."
    assert spans(drift(source, "Tarlo founded the club, and Tarloo still runs it.")) == [
        ("Tarlo", "Tarloo")
    ]


def test_repeated_name_replaced_by_a_pronoun_is_not_drift() -> None:
    source = "Tarlo founded the club, and Tarlo still runs it."
    assert drift(source, "Tarlo founded the club, and he still runs it.") == []


def test_people_for_their_deeds_is_not_name_drift() -> None:
    # Crusaders -> Crusades: the plural agent noun and its deed, both words.
    source = "Traders from the coast met the Crusaders at the port."
    assert drift(source, "Traders from the coast met the Crusades at the port.") == []


def test_sentence_initial_word_the_pivot_transliterated_is_a_name() -> None:
    # "Heron" opens the sentence, so capitals say nothing; the pivot spelled
    # it out (هيرون), so it was a name, and "Hiron" is its respelling.
    source = "Heron wrote that the plan had failed."
    back = "Hiron wrote that the plan had failed."
    assert spans(drift(source, back, "كتب هيرون أن الخطة فشلت.")) == [("Heron", "Hiron")]
    # Without a pivot, or where the pivot translated the word, no call is made.
    assert drift(source, back) == []
    pivot = "كتب مالك الحزين أن الخطة فشلت."
    assert drift(source, "The heron wrote that the plan had failed.", pivot) == []


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("The ruins of Chan-Tahou lie to the north.", [("Chan-tahu", "Chan-Tahou")]),
        ("The ruins of Chan Tahou lie to the north.", [("Chan-tahu", "Chan Tahou")]),
        ("The ruins of Chan-Tahu lie to the north.", []),  # case only
        ("The ruins of Chan Tahu lie to the north.", []),  # hyphen only
    ],
)
def test_lowercase_part_after_a_hyphen_is_compared(
    back: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(drift("The ruins of Chan-tahu lie to the north.", back)) == expected


def test_a_word_joined_to_a_name_is_not_its_tail() -> None:
    assert drift("The Kremlin-backed group left.", "The Kremlin-supported group left.") == []


# --- calls from the offset-3 and offset-7 held-out samples -------------------
# (each made-up sentence pins a class of false positive the first run on those
# samples showed; the matching drift cases keep the rule from going too far)


@pytest.mark.parametrize(("a", "b"), [("Poland", "Polish"), ("Finland", "Finnish")])
def test_country_in_land_and_its_adjective_are_one_name(a: str, b: str) -> None:
    assert same_name(a, b)


def test_country_in_land_is_not_any_word_sharing_its_start() -> None:
    assert not same_name("Poland", "Police")


def test_country_given_as_its_adjective_is_not_missing() -> None:
    back = "The Polish champion Wiktor Malinowski won the race."
    assert drift("Poland's champion Wiktor Malinowski won the race.", back) == []


def test_letters_nfkd_cannot_take_apart_are_folded() -> None:
    assert drift("In 1956 Słania moved to Sweden.", "In 1956 Slania moved to Sweden.") == []
    assert spans(drift("In 1956 Słania moved to Sweden.", "In 1956 Selania moved to Sweden.")) == [
        ("Słania", "Selania")
    ]


def test_plural_name_made_singular_before_a_noun_is_the_same_name() -> None:
    source = "The Northern Marianas emergency office said there was no damage."
    back = "The Northern Mariana Emergency Office said there was no damage."
    assert drift(source, back) == []


def test_singular_name_made_plural_is_still_drift() -> None:
    source = "He read The Fire of Anatolia last year."
    assert spans(drift(source, "He read The Fires of Anatolia last year.")) == [
        ("Fire of Anatolia", "Fires of Anatolia")
    ]


def test_foreign_words_of_a_name_given_in_english_are_not_missing() -> None:
    source = "She spoke on Sveriges Radio in Stockholm on Monday."
    back = "She spoke on Swedish Radio in Stockholm on Monday."
    pivot = "تحدثت على راديو السويد في ستوكهولم يوم الاثنين."
    assert drift(source, back, pivot) == []


def test_a_foreign_word_english_uses_is_still_part_of_the_name() -> None:
    # Prix is French, but English writes it in Grand Prix: Prize is drift.
    source = "Vettel won the Malaysian Grand Prix in the rain."
    back = "Vettel won the Malaysian Grand Prize in the rain."
    pivot = "فاز فيتل بسباق جائزة ماليزيا الكبرى تحت المطر."
    assert spans(drift(source, back, pivot)) == [("Malaysian Grand Prix", "Malaysian Grand Prize")]


def test_entity_apostrophe_is_a_possessive_not_a_word() -> None:
    source = "Nobles gathered around the Imperial Court every spring."
    back = "Nobles gathered around the emperor&#39;s court every spring."
    assert [t for _, t in spans(drift(source, back))] == []


def test_common_word_of_a_name_translated_in_place_is_not_lost() -> None:
    source = "The heart of the practice is the Deity Yoga of the school."
    assert drift(source, "The heart of the practice is the god Yoga of the school.") == []
    # ... but cut off with nothing in its place, the name lost a word.
    assert spans(drift(source, "The heart of the practice is the Yoga of the school.")) == [
        ("Deity Yoga", "Yoga")
    ]


# --- calls from the offset-1 and offset-9 held-out samples -------------------


def test_a_title_before_a_name_swapped_for_another_is_not_drift() -> None:
    source = "The guests were received by Madam Elizabeth Lenoir at noon."
    assert drift(source, "The guests were received by Mrs. Elizabeth Lenoir at noon.") == []
    assert spans(drift(source, "The guests were received by Mrs. Elisabeta Lenoir at noon.")) != []


def test_adjective_in_ial_is_its_nouns_form() -> None:
    assert same_name("Ministerial", "Minister")
    assert not same_name("Minister", "Ministry")


def test_an_arabic_function_word_is_no_rendering_of_a_short_name() -> None:
    from workbench.detectors.names import find_in_pivot

    assert find_in_pivot("Oli", "ذهب إلى السوق") is None
    assert find_in_pivot("Ma", "قال ما إن الاقتصاد ينمو") is not None  # ما spells Ma


def test_a_common_noun_of_a_name_the_pivot_translated_is_not_lost() -> None:
    source = "Crowds gather for the Easter Vigil at the cathedral."
    back = "Crowds gather for Easter night prayers at the cathedral."
    pivot = "تتجمع الحشود لصلاة ليلة عيد الفصح في الكاتدرائية."
    assert drift(source, back, pivot) == []


# --- respellings found on the seen devtest labels after the offset-4/8 run ---


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bachmann", "Bachman"),
        ("Glen", "Glenn"),
        ("Latin", "Latina"),
        ("Alden", "Aldean"),
        ("Argentine", "Argentinea"),
    ],
)
def test_a_letter_added_after_a_consonant_is_a_respelling(a: str, b: str) -> None:
    assert not same_name(a, b)


@pytest.mark.parametrize(("a", "b"), [("Russia", "Russian"), ("Somali", "Somalia")])
def test_n_or_a_after_a_vowel_still_makes_a_demonym_or_country(a: str, b: str) -> None:
    assert same_name(a, b)


def test_a_respelled_surname_is_flagged_in_a_sentence() -> None:
    source = "Bachmann, who won the straw poll in August, ended her campaign."
    back = "Bachman, who won the straw poll in August, ended her campaign."
    assert spans(drift(source, back)) == [("Bachmann", "Bachman")]


def test_w_between_vowels_may_spell_a_vowel_of_the_pivot() -> None:
    from workbench.detectors.arabic import name_similarity

    # لويس reads "luis": Lewis is its spelling as much as Louis.
    assert name_similarity("Lewis", "luis", b_is_reading=True) >= 0.8
    source = "It was a stop in Henry Louis Gates' series."
    back = "It was a stop in Henry Lewis Gates' series."
    pivot = "كانت محطة في مسلسل هنري لويس غيتس."
    assert spans(drift(source, back, pivot)) == [("Louis", "Lewis")]


def test_a_name_opening_with_a_diacritic_is_still_a_name() -> None:
    source = "The plane was denied a landing in Ürümqi last night."
    assert spans(drift(source, "The plane was denied a landing in Orumchi last night.")) == [
        ("Ürümqi", "Orumchi")
    ]
    assert drift(source, "The plane was denied a landing in Urumqi last night.") == []


# --- calls from the offset-2 and offset-6 held-out samples -------------------


def test_a_name_come_back_as_a_word_spelling_the_pivots_consonants_is_drift() -> None:
    source = "Later that year Wales said the decision had been his alone."
    back = "Later that year Wells said the decision had been his alone."
    pivot = "وفي وقت لاحق من ذلك العام قال ويلز إن القرار كان قراره وحده."
    assert spans(drift(source, back, pivot)) == [("Wales", "Wells")]


def test_es_for_s_is_a_respelling_unless_after_a_hiss() -> None:
    assert not same_name("Sundarbans", "Sundarbanes")
    assert same_name("Marches", "Marchs")


def test_ssion_is_read_as_sh() -> None:
    from workbench.detectors.arabic import name_similarity

    assert name_similarity("Mission", "Michen") >= 0.8


def test_a_combining_form_given_as_its_country_is_not_lost() -> None:
    source = "The First Sino-Japanese War ended in 1895."
    assert drift(source, "The First Chinese-Japanese War ended in 1895.") == []
    assert spans(drift(source, "The First Korean-Japanese War ended in 1895.")) != []


def test_a_street_kind_or_an_acting_title_translated_is_not_drift() -> None:
    assert (
        drift("The beaches of Tamaki Drive are busy.", "The beaches of Tamaki Road are busy.") == []
    )
    source = "Acting Director Sara Holm announced the closure."
    assert drift(source, "Director Sara Holm announced the closure.") == []
    source = "The photo ran in Tahiti Geographic Magazine last year."
    assert drift(source, "The photo ran in Tahiti Geographic last year.") == []


# --- calls from the IWSLT (TED talk) held-out samples -------------------------


def test_a_name_of_everyday_words_the_text_keeps_using_is_looked_for() -> None:
    source = [
        "The Panic Monster sleeps most of the time.",
        "Then the Panic Monster wakes up.",
        "Everyone fears the Panic Monster in the end.",
        "And the Panic Monster chased him up the tree.",
    ]
    back = [
        "The Panic Monster sleeps most of the time.",
        "Then the Panic Monster wakes up.",
        "Everyone fears the Panic Monster in the end.",
        "And the terror monster chased him up the tree.",
    ]
    pivot = [
        "وحش الذعر ينام معظم الوقت.",
        "ثم يستيقظ وحش الذعر.",
        "الجميع يخشى وحش الذعر في النهاية.",
        "وطارده وحش الذعر إلى أعلى الشجرة.",
    ]
    pairs = [
        SegmentPair(i, *texts) for i, texts in enumerate(zip(source, back, pivot, strict=True))
    ]
    flags = NameDriftDetector().detect(pairs)
    assert [f.segment for f in flags] == [3]
    # Said once, the same words are a term the pivot translated, not a name lost.
    assert NameDriftDetector().detect(pairs[3:]) == []


def test_a_name_of_a_place_kind_is_no_coinage() -> None:
    from workbench.detectors.entities import extract_names
    from workbench.detectors.names import _coined_names

    said = [extract_names(f"They flew to the United States in {y}.") for y in (1990, 1995, 2001)]
    assert _coined_names(said) == frozenset()


def test_ha_of_the_pivot_never_joins_the_letter_before_it() -> None:
    from workbench.detectors.arabic import phonetic_key, romanize

    # صحراء: ص then ح, not ش
    assert phonetic_key(romanize("صحراء")) == phonetic_key("Sahara")
    assert phonetic_key(romanize("شاه")) == phonetic_key("Shah")


def test_a_demonym_in_ite_is_its_place_and_a_talk_a_kind_of_thing() -> None:
    assert same_name("Seattlites", "Seattle")
    assert same_name("Israelites", "Israel")
    source = "Her Moxa Talk was watched a million times."
    assert drift(source, "Her Moxa was watched a million times.") == []


# --- names read as words, titles, replaced words, short names -----------------


def test_a_name_of_everyday_words_that_vanished_whole_is_drift() -> None:
    # Read as words and translated: the team the name stands for is lost.
    source = "Fans in the square cheered the Golden Arrows after the final."
    back = "Fans in the square cheered the shining darts after the final."
    assert spans(drift(source, back)) == [("Golden Arrows", None)]
    pivot = "هتف المشجعون في الساحة للسهام اللامعة بعد النهائي."
    assert spans(drift(source, back, pivot)) == [("Golden Arrows", None)]


@pytest.mark.parametrize(
    "back",
    [
        "Prices in the US rose again.",  # its initials
        "Prices in the U.S. rose again.",
        "Prices in America rose again.",  # the short name English gives it
    ],
)
def test_a_name_given_by_its_initials_or_short_name_is_not_drift(back: str) -> None:
    assert drift("Prices in the United States rose again.", back) == []


def test_a_name_of_everyday_words_with_a_word_of_it_kept_is_left_alone() -> None:
    # One word kept, the other translated lower-case beside it, and the pivot
    # did not transliterate it: a term the pivot translated (Easter Vigil ->
    # "Easter prayers"), not a name lost.
    source = "They met at the Easter Vigil last year."
    back = "They met at Easter prayers last year."
    pivot = "التقيا في صلوات عيد الفصح العام الماضي."
    assert drift(source, back, pivot) == []


def test_a_title_kept_does_not_vouch_for_the_name_after_it() -> None:
    source = "This project is Professor Dana Quillfeather's glass model."
    back = "This project is the professor's glass model."
    pivot = "هذا المشروع هو نموذج البروفيسور الزجاجي."
    assert ("Dana Quillfeather", None) in spans(drift(source, back, pivot))


def test_an_everyday_word_of_a_name_replaced_by_a_new_capitalised_word_is_drift() -> None:
    source = "The city joined the Open Road Project in May."
    assert spans(drift(source, "The city joined the Free Road Project in May.")) == [
        ("Open Road Project", "Free Road Project")
    ]
    # Translated lower-case beside the words kept: a term, as in the test above.
    assert drift(source, "The city joined the free Road Project in May.") == []


def test_one_letter_of_a_short_name_makes_another_name() -> None:
    # Oka is commoner than Uka, but a three-letter name one letter off is
    # another name, not a misspelling put right (Khrushcev -> Khrushchev).
    assert spans(drift("Later Uka's rifle jammed.", "Later Oka's rifle jammed.")) == [
        ("Uka", "Oka")
    ]


def test_an_acronyms_first_letter_arabic_writes_alike_is_a_respelling() -> None:
    assert spans(drift("She watched the PBS news.", "She watched the BBS news.")) == [
        ("PBS", "BBS")
    ]
    # A first letter Arabic script keeps apart makes another acronym.
    assert drift("She watched the PBS news.", "She watched the CBS news.") == []


def test_a_compounds_parts_as_words_in_any_order_are_the_name() -> None:
    source = "Take the MetroRail to the harbour."
    assert drift(source, "Take the Rail Metro to the harbour.") == []
    assert drift(source, "Take the Metro Rail to the harbour.") == []


def test_a_latin_family_name_given_by_its_common_name_is_not_lost() -> None:
    source = "It belongs to the family Velocisauridae, like its cousin."
    assert drift(source, "It belongs to the fast lizards, like its cousin.") == []


def test_a_misplaced_letter_put_right_is_not_drift() -> None:
    # The same letters, one moved, and English writes the back-translation's
    # spelling far more: the source's typo mended.
    source = "In 1772 they burned Phnom Phen to the ground."
    assert drift(source, "In 1772 they burned Phnom Penh to the ground.") == []


def test_ch_after_a_vowel_reads_as_kh_even_in_a_name_with_sch() -> None:
    # German ch is خ in Arabic: the pivot's شوماخر is the name's rendering,
    # so the sentence's first word is taken for a name, and its respelling
    # is drift.
    source = "Schumacher drove for the team in 2006."
    pivot = "قاد شوماخر للفريق في عام 2006."
    assert spans(drift(source, "Shumacher drove for the team in 2006.", pivot)) == [
        ("Schumacher", "Shumacher")
    ]
    assert drift(source, "Schumacher drove for the team in 2006.", pivot) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Derses", "Dersis"),  # e and i are one letter in Arabic script
        ("Mancunian", "Mancuni"),  # a known form cut to one English never wrote
    ],
)
def test_an_ending_swapped_for_a_lookalike_is_a_respelling(a: str, b: str) -> None:
    assert not same_name(a, b)


def test_e_for_i_in_a_names_ending_is_drift() -> None:
    # The singer's surname came back with i for e: a respelling.
    source = "The concert closed with the singer Ayla Derses on stage."
    back = "The concert closed with the singer Ayla Dersis on stage."
    assert ("Derses", "Dersis") in spans(drift(source, back))


def test_a_name_given_as_another_name_of_its_own_is_drift() -> None:
    source = "The probe flew past Venus before it turned back."
    back = "The probe flew past Jupiter before it turned back."
    assert spans(drift(source, back)) == [("Venus", "Jupiter")]
    # The short name English gives the place is no other name.
    source = "He moved to the United States in the spring."
    assert drift(source, "He moved to America in the spring.") == []


def test_an_exonym_is_no_excuse_where_the_back_translation_also_keeps_the_name() -> None:
    # Bolonia -> Bologna is an exonym; but a translation that writes Kenema
    # once as the source does and once as Kenya has swapped the place.
    source = "We flew to Kenema, and every case came to Kenema in the end."
    back = "We flew to Kenema, and every case came to Kenya in the end."
    assert spans(drift(source, back)) == [("Kenema", "Kenya")]


def test_a_word_of_a_title_given_in_another_form_of_its_family_is_not_drift() -> None:
    source = "She spoke at the Sustainable Farming Forum last year."
    back = "She spoke at the Sustainability Farming Forum last year."
    assert drift(source, back) == []


def test_a_compass_words_form_matters_only_where_it_makes_a_place_of_its_own() -> None:
    source = "The drought reached Northern Nevada by June."
    assert drift(source, "The drought reached North Nevada by June.") == []
    # South Africa is a country, Southern Africa a region: another place.
    source = "The drought reached Southern Africa by June."
    assert spans(drift(source, "The drought reached South Africa by June.")) == [
        ("Southern Africa", "South Africa")
    ]


def test_a_fairly_common_proper_name_dropped_is_missing_even_where_the_pivot_dropped_it() -> None:
    # Harlem is no dictionary word: it was dropped, not translated, though
    # the pivot has no transliteration of it (its translator dropped it).
    source = "We walked through Harlem on a cold night in 2011."
    back = "We walked through the neighbourhood on a cold night in 2011."
    pivot = "مشينا عبر الحي في ليلة باردة عام 2011."
    assert spans(drift(source, back, pivot)) == [("Harlem", None)]
    # A capitalised word a dictionary lists (Clay, a nickname) is translated.
    source = "They called him the King of Clay after the final."
    back = "They called him the king of the dirt after the final."
    assert ("Clay", None) not in spans(drift(source, back, "لقبوه ملك التراب بعد النهائي."))


def test_month_abbreviations_are_no_names() -> None:
    source = "The dry season runs Nov-Feb in the north."
    assert drift(source, "The dry season runs from November to February in the north.") == []


def test_a_country_and_its_adjective_in_ish_are_one_name() -> None:
    assert same_name("Sweden", "Swedish")
    assert same_name("Britain", "British")
    source = "He printed stamps for Sweden and ten other countries."
    assert drift(source, "He printed Swedish stamps and ten other countries.") == []


def test_a_land_in_ica_and_its_adjective_are_one_name() -> None:
    assert same_name("Antarctica", "Antarctic")
    assert not same_name("Erica", "Eric")  # two given names


# --- a transcript's speaker tags ----------------------------------------------


@pytest.mark.parametrize(
    ("source", "back", "found"),
    [
        ("KW: Totally the real thing.", "Certainly.", ("KW", None)),  # lost
        ("KW: Totally the real thing.", ": Certainly.", ("KW", None)),  # emptied
        ("DR: We checked every piece.", "D: We examined every piece.", ("DR", "D")),  # cut
        ("DR: We checked every piece.", "Kind: We examined it.", ("DR", "Kind")),  # translated
        ("DR: We checked every piece.", "DA: We examined it.", ("DR", "DA")),
        # another speaker's name in its place
        ("DR: Yes, they vary.", "Omar Kassem: Yes, they vary.", ("DR", "Omar Kassem")),
        ("Jonas Berglund: Help me here.", ": Tell me this.", ("Jonas Berglund", None)),
    ],
)
def test_a_speaker_tag_lost_or_changed_is_name_drift(
    source: str, back: str, found: tuple[str, str | None]
) -> None:
    flags = drift(source, back)
    assert spans(flags) == [found]
    assert "speaker tag" in flags[0].detail


@pytest.mark.parametrize(
    ("source", "back"),
    [
        ("DR: We checked every piece.", "DR: We examined every piece."),
        ("DR: We checked every piece.", "Dalia Rahman: We examined every piece."),  # spelled out
        ("DR: We checked every piece.", "Dalia: We examined every piece."),  # first name
        ("DR: We checked every piece.", "Rahman: We examined every piece."),  # surname
        ("DR: We checked every piece.", "Rahman Dalia: We examined every piece."),
        ("DR: We checked every piece.", "DALIA: We examined every piece."),
        ("DR: We checked every piece.", "Dalia, we examined every piece."),
        ("DR: We checked every piece.", ". Dalia Rahman: We examined every piece."),
        ("Note: the museum is closed.", "The museum is closed."),  # no speaker
        ("Warning: hot water.", "Caution: hot water."),
    ],
)
def test_a_speaker_tag_kept_or_spelled_out_is_no_drift(source: str, back: str) -> None:
    assert drift(source, back) == []


def test_a_speakers_everyday_name_lost_is_reported() -> None:
    # "Ray" is an English word; that a speaker of the transcript is tagged
    # with it makes it a name, so losing it mid-sentence is drift
    source = [
        "My partner Ray will call in a moment.",
        "Good to see you, Ray.",
        "Ray: Glad to be here.",
        "Thanks, Ray.",
        "Ray, what a day it has been.",  # at a sentence start too
    ]
    back = [
        "My partner will call in a moment.",
        "Nice to see you.",
        "Ray: Happy to be here.",
        "Thanks.",
        "What a day it has been.",
    ]
    pairs = [SegmentPair(i, s, b) for i, (s, b) in enumerate(zip(source, back, strict=True))]
    flags = NameDriftDetector().detect(pairs)
    assert sorted((f.segment, f.source.text if f.source else None) for f in flags) == [
        (0, "Ray"),
        (1, "Ray"),
        (3, "Ray"),
        (4, "Ray"),
    ]
    # the same where a pivot dropped the name too (the transcript's, by its
    # translator)
    pivot = ["شريكي سيتصل بعد لحظة.", "سعيد برؤيتك.", "راي: سعيد بوجودي.", "شكرا.", "يا له من يوم."]
    with_pivot = [
        SegmentPair(i, s, b, p) for i, (s, b, p) in enumerate(zip(source, back, pivot, strict=True))
    ]
    assert [f.segment for f in NameDriftDetector().detect(with_pivot)] == [0, 1, 3, 4]
    # Without the speaker tag, a capitalised everyday word is no name by itself.
    untagged = [p for p in pairs if p.index != 2]
    assert NameDriftDetector().detect(untagged) == []
