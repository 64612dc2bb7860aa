"""Sphinx extension: references to exercises in other chapters resolve in the PDF.

sphinx-exercise turns a reference to a numbered exercise into a LaTeX hyperlink only when
the exercise is in the same chapter (the reference has a ``refid``). A reference from
another chapter keeps Sphinx's ``\\ref`` to a label that sphinx-exercise never writes,
and the PDF shows "Exercise ??". This post-transform, for the LaTeX builder only, points
such references at the exercise by ``refid`` too, before sphinx-exercise's own transform;
a second one, after it, escapes the link text that sphinx-exercise writes raw (an
exercise title such as "initialize_parameters" otherwise stops LaTeX).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.texescape import escape
from sphinx_exercise.nodes import exercise_latex_number_reference


class ExerciseRefsAcrossChapters(SphinxPostTransform):
    default_priority = 21  # sphinx-exercise's reference transform runs at 22
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for node in self.document.findall(nodes.reference):
            uri = node.get("refuri", "")
            label = uri.rsplit("#", 1)[-1] if "#" in uri else ""
            if label in registry and not node.get("refid"):
                node["refid"] = label
                del node["refuri"]


class EscapedExerciseRefs(SphinxPostTransform):
    default_priority = 23
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for node in list(self.document.findall(exercise_latex_number_reference)):
            target = node.get("refid", "")
            latex = rf"\hyperref[exercise:{target}]{{{escape(node.astext())}}}"
            node.replace_self(nodes.raw("", latex, format="latex"))


def setup(app: Sphinx) -> dict[str, object]:
    app.add_post_transform(ExerciseRefsAcrossChapters)
    app.add_post_transform(EscapedExerciseRefs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
