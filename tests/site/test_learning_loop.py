"""The learner's loop on every chapter page of Parts I-V.

Each chapter opens with 2-4 learning objectives and ends with a summary and 2-4 "check your
understanding" questions (predict, explain, spot the error), each answer hidden in a closed
dropdown until the reader asks for it. The conventions are in CONTRIBUTING.md.
"""

from __future__ import annotations

import re

import pytest
import yaml
from booktest import ROOT
from bs4 import BeautifulSoup

pytestmark = pytest.mark.site

KINDS = ("Predict.", "Explain.", "Spot the error.")


def chapters() -> list[str]:
    """The files of the parts whose caption starts with "Part " in _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [
        chapter["file"]
        for part in toc["parts"]
        if part["caption"].startswith("Part ")
        for chapter in part["chapters"]
    ]


def soup(site, chapter: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")


def test_the_parts_have_chapters():
    assert len(chapters()) >= 20


@pytest.mark.parametrize("chapter", chapters())
def test_the_chapter_opens_with_learning_objectives(site, chapter):
    article = soup(site, chapter).find("article")
    box = article.select_one("div.admonition.learning-objectives")
    assert box is not None, f"{chapter}: no 'Learning objectives' admonition"
    assert "Learning objectives" in box.select_one(".admonition-title").get_text()
    items = box.find_all("li")
    assert 2 <= len(items) <= 4, f"{chapter}: {len(items)} objectives"
    first_h2 = article.find("h2")
    assert first_h2 is None or box.sourceline < first_h2.sourceline, (
        f"{chapter}: the objectives come after the first section"
    )


@pytest.mark.parametrize("chapter", chapters())
def test_the_chapter_ends_with_a_summary_and_questions(site, chapter):
    article = soup(site, chapter).find("article")
    titles = [re.sub(r"[#¶\s]+$", "", h.get_text()).strip() for h in article.find_all("h2")]
    titles = [re.sub(r"^(\d+\.)+\s*", "", title) for title in titles]  # "21.6. Summary"
    assert titles[-2:] == ["Summary", "Check your understanding"], f"{chapter}: {titles}"
    summary = article.find("h2", string=re.compile("Summary")) or article.find_all("h2")[-2]
    assert summary.find_parent("section").find_all("li"), f"{chapter}: the summary is empty"


@pytest.mark.parametrize("chapter", chapters())
def test_the_questions_hide_their_answers(site, chapter):
    article = soup(site, chapter).find("article")
    section = article.find_all("h2")[-1].find_parent("section")
    answers = section.select("details.sd-dropdown")
    assert 2 <= len(answers) <= 4, f"{chapter}: {len(answers)} questions"
    kinds = set()
    for details in answers:
        assert not details.has_attr("open"), f"{chapter}: an answer is shown before it is asked"
        assert "Answer" in details.find("summary").get_text()
        question = details.find_previous_sibling("p")
        assert question is not None, f"{chapter}: an answer without its question"
        kind = next((k for k in KINDS if question.get_text().strip().startswith(k)), None)
        assert kind, (
            f"{chapter}: a question must start with one of {KINDS}: {question.get_text()[:60]}"
        )
        kinds.add(kind)
    assert len(kinds) >= 2, f"{chapter}: use at least two kinds of question, not only {kinds}"
