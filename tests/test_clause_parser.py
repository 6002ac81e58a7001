"""The clause parser on its own: every numbering style it knows, and the
round trip on the repaired Japan accord."""

import pytest

from agreements.clause_parser import one_per_paragraph, paragraphs, parse
from agreements.seed import accord


def tree(text):
    return [(r.number, r.parent, r.heading, r.text) for r in parse(text).rows]


def test_the_repaired_accord_reads_back_into_its_96_curated_clauses():
    parsed = parse(accord.printed_text())
    assert parsed.title == accord.TITLE
    got = [(r.number, r.parent, r.heading, r.text, r.position) for r in parsed.rows]
    expected = [
        (c.number, c.parent, c.heading, c.text, position)
        for position, c in enumerate(accord.CLAUSES, start=1)
    ]
    assert len(got) == 96
    assert got == expected
    assert not [r.flags for r in parsed.rows if r.flags]


def test_the_accord_read_without_blank_lines_gives_the_same_clauses():
    one_line_each = accord.printed_text().replace("\n\n", "\n")
    assert tree(one_line_each) == tree(accord.printed_text())


def test_a_preamble_without_its_heading_and_a_title():
    text = "\n\n".join(
        [
            "Agreement on Security Cooperation",
            "The Parties,",
            "Recalling the Declaration;",
            "Article 1",
            "Purpose",
            "The aim is peace.",
        ]
    )
    parsed = parse(text)
    assert parsed.title == "Agreement on Security Cooperation"
    assert tree(text) == [
        ("Preamble", None, "Preamble", ""),
        ("Preamble ¶1", "Preamble", "", "The Parties,"),
        ("Preamble ¶2", "Preamble", "", "Recalling the Declaration;"),
        ("Article 1", None, "Purpose", ""),  # the heading on its own line
        ("Article 1 ¶1", "Article 1", "", "The aim is peace."),
    ]


def test_articles_written_art_and_their_numbered_paragraphs():
    text = "\n\n".join(
        [
            "Art. 5 Assistance",
            "1. Each Party will help.",
            "2. Help is given at once.",
            "Art. 6 Final provisions",
            "1. It enters into force on signature.",
        ]
    )
    assert tree(text) == [
        ("Article 5", None, "Assistance", ""),
        ("Article 5.1", "Article 5", "", "Each Party will help."),
        ("Article 5.2", "Article 5", "", "Help is given at once."),
        ("Article 6", None, "Final provisions", ""),
        ("Article 6.1", "Article 6", "", "It enters into force on signature."),
    ]


def test_sections_and_decimal_paragraphs():
    text = "\n\n".join(
        [
            "Section 1 Scope",
            "1.1 The Parties cooperate.",
            "1.2 They meet yearly.",
            "1.2.1 In Kyiv first.",
            "Section 2 Funding",
            "2.1 Money is pledged.",
        ]
    )
    assert tree(text) == [
        ("Section 1", None, "Scope", ""),
        ("Section 1.1.1", "Section 1", "", "The Parties cooperate."),
        ("Section 1.1.2", "Section 1", "", "They meet yearly."),
        ("Section 1.1.2.1", "Section 1.1.2", "", "In Kyiv first."),
        ("Section 2", None, "Funding", ""),
        ("Section 2.2.1", "Section 2", "", "Money is pledged."),
    ]


@pytest.mark.parametrize(
    ("first", "second", "number"),
    [
        ("(a)", "(b)", "I.(b)"),
        ("a)", "b)", "I.b)"),
        ("i.", "ii.", "I.ii"),
        ("(i)", "(ii)", "I.(ii)"),
    ],
)
def test_items_in_every_style(first, second, number):
    text = f"I. Scope\n\n{first} One thing;\n\n{second} Another thing."
    assert tree(text)[-1] == (number, "I", "", "Another thing.")


def test_i_after_h_is_a_letter_not_a_roman_numeral():
    items = "\n\n".join(f"({ch}) Item {ch};" for ch in "abcdefghij")
    rows = parse(f"I. List\n\n{items}").rows
    assert [r.number for r in rows][-3:] == ["I.(h)", "I.(i)", "I.(j)"]
    assert not [r.flags for r in rows if r.flags]


def test_an_item_with_a_heading_takes_the_next_paragraph_as_its_text():
    text = "\n\n".join(
        [
            "II. Areas",
            "3. Other areas",
            "(1) Cybersecurity",
            "The Parties will cooperate.",
            "They will also train.",
            "(2) Recovery such as:",
            "(a) Demining;",
            "And more, such as",
            "(b) Housing.",
        ]
    )
    assert tree(text) == [
        ("II", None, "Areas", ""),
        ("II.3", "II", "Other areas", ""),
        ("II.3.(1)", "II.3", "Cybersecurity", "The Parties will cooperate."),
        ("II.3.(1) ¶2", "II.3.(1)", "", "They will also train."),
        ("II.3.(2)", "II.3", "", "Recovery such as:"),
        ("II.3.(2)(a)", "II.3.(2)", "", "Demining;"),
        ("II.3.(2) ¶2", "II.3.(2)", "", "And more, such as"),
        ("II.3.(2)(b)", "II.3.(2)", "", "Housing."),
    ]


def test_lines_broken_inside_a_sentence_are_joined():
    text = (
        "I. Purpose\n"
        "The purpose of this Accord is to clarify the areas of support and\n"
        "cooperation between the Participants.\n"
        "II. Time frame\n"
        "This Accord is valid for ten years from the date of its\n"
        "signature.\n"
    )
    assert tree(text) == [
        ("I", None, "Purpose", ""),
        (
            "I ¶1",
            "I",
            "",
            "The purpose of this Accord is to clarify the areas of support and "
            "cooperation between the Participants.",
        ),
        ("II", None, "Time frame", ""),
        (
            "II ¶1",
            "II",
            "",
            "This Accord is valid for ten years from the date of its signature.",
        ),
    ]


def test_non_breaking_spaces_and_typographic_quotes():
    text = "\r\n\r\n".join(
        [
            "I.\xa0Purpose",
            "(1)\xa0“Participants” means the two States;",
            "(2)\xa0Ukraine’s forces.",
        ]
    )
    assert tree(text) == [
        ("I", None, "Purpose", ""),
        ("I.(1)", "I", "", "“Participants” means the two States;"),
        ("I.(2)", "I", "", "Ukraine’s forces."),
    ]


def test_signatures_close_the_text():
    text = "\n\n".join(
        [
            "I. End",
            "Done in Kyiv.",
            "For Ukraine: Volodymyr Zelenskyy",
            "For the Kingdom of Norway: Jonas Gahr Støre",
        ]
    )
    assert tree(text)[-3:] == [
        ("Signatures", None, "Signatures", ""),
        ("Signatures ¶1", "Signatures", "", "For Ukraine: Volodymyr Zelenskyy"),
        (
            "Signatures ¶2",
            "Signatures",
            "",
            "For the Kingdom of Norway: Jonas Gahr Støre",
        ),
    ]


def test_a_repeated_or_skipped_number_is_flagged_not_dropped():
    rows = parse("I. A\n\n(1) One.\n\n(1) Again.\n\n(3) Three.").rows
    flags = {r.number: r.flags for r in rows if r.flags}
    assert len(rows) == 4
    assert "used twice" in flags["I.(1)"][0]
    assert "does not follow" in flags["I.(3)"][0]


def test_text_without_structure_is_offered_one_clause_per_paragraph():
    text = "We agree to talk.\n\nWe agree to help."
    assert not parse(text).structured
    assert [(r.number, r.text) for r in one_per_paragraph(text).rows] == [
        ("¶1", "We agree to talk."),
        ("¶2", "We agree to help."),
    ]


def test_paragraphs_drop_blank_runs_and_keep_inner_text():
    assert paragraphs("\n\n  A  b.\n\n\n\nC.\n") == ["A  b.", "C."]
