"""The PDF of the handout (handout.render): any name prints, metadata, the same bytes each time, the
technique under a caution as printed."""

from __future__ import annotations

import dataclasses
import io

import pypdf
import pytest

from tests.handout.shipped import (
    HOSTILE,
    MONDAY,
    REFER_THREE,
    flat,
    handout_input,
    pages,
    pdf_text,
    printed,
    steps_of,
)
from triggerfinder.core import gate
from triggerfinder.core.knowledge import PRESSURE_LIGHT, PRESSURE_NORMAL
from triggerfinder.handout.content import handout_content
from triggerfinder.handout.render import render_pdf
from triggerfinder.models import Contraindication, Muscle
from triggerfinder.selectors.knowledge import knowledge_snapshot


@pytest.mark.django_db
class TestPdf:
    @pytest.mark.parametrize("language", ["de", "en"])
    def test_text_holds_name_muscles_and_dates(self, language):
        data = handout_input(language=language, name=HOSTILE)
        handout = handout_content(knowledge_snapshot(), data)
        pdf = render_pdf(handout)
        assert pdf.startswith(b"%PDF")
        text = flat(pdf_text(pdf))
        assert HOSTILE in text
        for muscle in handout.muscles:
            assert flat(muscle.name) in text
        for line in handout.cycle_dates + handout.maintenance_dates + handout.warning_signs:
            assert flat(line) in text
        assert b"/URI" not in pdf and b"/XObject" not in pdf  # nothing linked, no image loaded
        assert 2 <= pages(pdf) <= 4

    @pytest.mark.parametrize(
        "name", ["Ελένη Παπαδοπούλου", "Дмитрий Достоевский", "Jürgen Weiß-Größe", "a & b < c > d"]
    )
    def test_any_alphabet_prints_as_text(self, name):
        assert name in printed(name=name)[2]
        assert name in printed(name=name, contraindications=["numbness"])[2]

    def test_metadata(self):
        pdf = printed(name="Anna Beispiel")[1]
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        assert reader.metadata.title == "Ihr Selbsthilfe-Plan: Anna Beispiel"
        assert reader.metadata.author == "Praxis Weber & Partner"
        assert reader.metadata.subject
        assert reader.trailer["/Root"]["/Lang"] == "de"
        letter = pypdf.PdfReader(
            io.BytesIO(printed(name="Anna Beispiel", language="en", contraindications=["numbness"])[1])
        )
        assert letter.metadata.title == "Please have this checked first: Anna Beispiel"
        assert letter.metadata.author == "Praxis Weber & Partner"
        assert letter.metadata.subject == "What you told us and what to do now"
        assert letter.trailer["/Root"]["/Lang"] == "en"

    def test_same_input_same_bytes(self):
        for slugs in [(), ("numbness",)]:
            data = handout_input(contraindications=slugs)
            assert render_pdf(handout_content(knowledge_snapshot(), data)) == render_pdf(
                handout_content(knowledge_snapshot(), data)
            )


@pytest.mark.django_db
class TestCautionPdf:
    LIGHT = {
        "de": "Legen Sie eine Hand flach auf die Stelle und drücken Sie nur so sanft, dass es angenehm bleibt.",
        "en": "Rest one hand flat on the spot and press only so gently that it stays comfortable.",
    }

    def light_variant(self, with_variant, without):
        """Blood thinners mean light pressure; the first muscles have a light variant, the others none."""
        for muscle in Muscle.objects.filter(slug__in=[*with_variant, *without]):
            light = muscle.slug in with_variant
            muscle.light_steps_de = self.LIGHT["de"] if light else ""
            muscle.light_steps_en = self.LIGHT["en"] if light else ""
            muscle.save()
        blood_thinners = Contraindication.objects.get(slug="blood-thinners")
        blood_thinners.pressure = PRESSURE_LIGHT
        blood_thinners.save()
        blood_thinners.excluded_muscles.clear()
        blood_thinners.excluded_stretches.clear()

    @pytest.mark.parametrize("language", ["de", "en"])
    def test_blood_thinners_print_the_light_variant_and_never_the_normal_ceiling(self, language):
        focus = [f.muscle for f in handout_input().focus[:3]]
        self.light_variant([m.slug for m in focus[:2]], [focus[2].slug])
        data, _pdf, text = printed(language=language, contraindications=["blood-thinners"])
        assert data.decision.pressure == PRESSURE_LIGHT
        assert text.count(self.LIGHT[language]) == 2
        assert {"de": "Selbstbehandlung: sanfte Variante", "en": "Self-treatment: gentle variant"}[
            language
        ] in text
        assert "etwa 7 von 10" not in text and "about 7 out of 10" not in text
        assert "Steigern Sie den Druck" not in text and "Increase the pressure" not in text
        assert "nie stechen" not in text and "never sharp" not in text
        assert {"de": "etwa 3 von 10", "en": "about 3 of 10"}[language] in text
        assert flat(focus[2].name.get(language)) in text  # no light variant: named, technique left out
        assert {
            "de": "Vorerst kein Druck auf diesen Muskel",
            "en": "No self-pressure on this muscle for now",
        }[language] in text
        advice = flat(knowledge_snapshot().contraindications["blood-thinners"].client_advice.get(language))
        assert text.count(advice) == 1

    def test_an_excluded_muscle_has_no_technique(self):
        snapshot = knowledge_snapshot()
        excluded = handout_input().focus[0].muscle
        pregnancy = dataclasses.replace(
            snapshot.contraindications["pregnancy"],
            pressure=PRESSURE_NORMAL,
            excluded_muscles=frozenset({excluded.slug}),
            excluded_stretches=frozenset(),
        )
        data, _pdf, text = printed(contraindications=["pregnancy"], overrides=[pregnancy])
        assert data.decision.technique(excluded) == gate.TECHNIQUE_OMIT
        assert excluded.name.de in text
        assert (
            "Bitte behandeln Sie diesen Muskel nicht selbst, solange dies zutrifft: Schwangerschaft." in text
        )
        assert excluded.self_treatment.position.de[:40] not in text
        assert text.count("Sie brauchen:") == 2  # the two other muscles keep theirs
        for other in handout_input().focus[1:3]:
            assert steps_of(other.muscle, "de")[0] in text

    def test_an_excluded_stretch_is_left_out(self):
        snapshot = knowledge_snapshot()
        focus = handout_input().focus[0].muscle
        osteoporosis = dataclasses.replace(
            snapshot.contraindications["osteoporosis"],
            pressure=PRESSURE_NORMAL,
            excluded_muscles=frozenset(),
            excluded_stretches=frozenset(focus.stretches),
        )
        data, _pdf, text = printed(contraindications=["osteoporosis"], overrides=[osteoporosis])
        handout = handout_content(snapshot, data)
        assert handout.muscles[0].stretch is None
        for slug in focus.stretches:
            assert flat(snapshot.stretches[slug].instructions.de)[:50] not in text

    def test_a_cleared_handout_says_nothing_of_until_then(self):
        clearance = gate.Clearance("c", cleared_on=MONDAY, covers=frozenset(REFER_THREE))
        for language in ("de", "en"):
            _, pdf, text = printed(language=language, contraindications=REFER_THREE, clearances=[clearance])
            assert {"de": "freigegeben", "en": "cleared the treatment on"}[language] in text
            assert "bis dahin" not in text.lower() and "until then" not in text.lower()
            assert pages(pdf) >= 2
