"""The PDF handout with the shipped knowledge base: what it says for each decision of the safety
gate, the one-page letter of a blocked client, and that any name prints.

The content rules are tested as data with hand-made knowledge in tests/test_handout_content.py;
here the gate decides from findings and clearances built by hand on the shipped contraindications
(TestContent, TestPdf), or from the database after an intake (TestDownloads).
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
import zipfile
from datetime import date, timedelta
from io import StringIO

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import dateformat, timezone

from tests.conftest import make_client
from tests.test_intake import URL, intake_post
from triggerfinder.core import gate, planning
from triggerfinder.core.knowledge import PRESSURE_LIGHT, PRESSURE_NORMAL
from triggerfinder.handout.content import HandoutInput, Practice, handout_content
from triggerfinder.handout.render import LETTER_BODY_PT, render_pdf
from triggerfinder.models import Clearance, Client, Contraindication, Finding, Muscle, TreatmentPlan
from triggerfinder.selectors.knowledge import knowledge_snapshot
from triggerfinder.services import findings

HOSTILE = 'Łukasz Öztürk-Ğül & Söhne <GmbH> <img src="http://example.invalid/x.png"/>'
MONDAY = date(2026, 11, 30)
RECORDED = MONDAY - timedelta(days=2)
REGIONS = {"lower-back": 7, "hip-buttock": 5}
PRACTICE = Practice(name="Praxis Weber & Partner", address="Hauptstraße 5\n01067 Dresden", phone="0351 1234")

# Warning signs as the knowledge base will mark them (facts §5.7): the lower back's for a client
# with back pain, the neck's only for the neck.
LOWER_BODY_SIGNS = (
    "saddle-numbness",
    "bladder-bowel-dysfunction",
    "progressive-neurological-deficit",
    "severe-trauma",
    "fever-with-back-pain",
    "pulsating-abdominal-mass",
    "radiating-nerve-pain",
    "numbness",
    "leg-weakness",
    "cancer-history",
    "unexplained-weight-loss",
    "minor-trauma-osteoporosis",
    "infection-risk",
    "night-pain",
)
NECK_SIGNS = (
    "thunderclap-headache",
    "suspected-arterial-dissection",
    "brainstem-signs",
    "giant-cell-arteritis",
)
REFER_THREE = ("numbness", "leg-weakness", "radiating-nerve-pain")
EMERGENCY_THREE = ("saddle-numbness", "bladder-bowel-dysfunction", "numbness")


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def smallest_text_pt(pdf: bytes, *, above_mm: float = 20) -> float:
    """The smallest size any text is drawn at on the first page, the footer left out."""
    sizes = []

    def visit(text, cm, tm, font, size):
        matrix = [tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]]
        matrix += [tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip(" •\n") and y > above_mm / 25.4 * 72:  # bullets are no text to read
            sizes.append(size * math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return min(sizes)


def catalogue(snapshot):
    """The shipped contraindications, with the warning signs marked as the knowledge base will."""
    return [
        dataclasses.replace(
            c,
            client_warning=c.slug in LOWER_BODY_SIGNS + NECK_SIGNS,
            warning_regions=frozenset({"neck", "head"}) if c.slug in NECK_SIGNS else frozenset(),
        )
        for c in snapshot.contraindications.values()
    ]


def decision(snapshot, slugs=(), *, clearances=(), overrides=()) -> gate.Decision:
    """The gate's decision for findings of the shipped contraindications, recorded two days ago;
    ``overrides`` replace a contraindication (a caution's pressure or exclusions)."""
    changed = {c.slug: c for c in overrides}
    found = [
        gate.Finding(
            key=slug,
            contraindication=changed.get(slug, snapshot.contraindications[slug]),
            recorded_on=RECORDED,
        )
        for slug in slugs
    ]
    return gate.decide(
        found,
        clearances,
        today=MONDAY,
        rules=snapshot.escalation_rules,
        areas=snapshot.areas_of(REGIONS),
        warning_catalogue=catalogue(snapshot),
    )


def handout_input(
    *,
    language="de",
    contraindications=(),
    name="Erika Mustermann",
    clearances=(),
    overrides=(),
    snapshot=None,
) -> HandoutInput:
    snapshot = snapshot or knowledge_snapshot()
    made = decision(snapshot, contraindications, clearances=clearances, overrides=overrides)
    proposal = planning.propose(
        snapshot, regions=REGIONS, duration_months=18, factors=["prolonged-sitting"], today=MONDAY
    )
    sessions = planning.schedule(
        start=made.earliest_start(MONDAY),
        cycle_length=proposal.cycle_length,
        spacing=proposal.spacing,
        calendar=planning.PracticeCalendar(),
    )
    return HandoutInput(
        language=language,
        client_name=name,
        today=MONDAY,
        practice=PRACTICE,
        decision=made,
        focus=proposal.focus,
        factors=["prolonged-sitting"],
        sessions=sessions,
        session_time="09:00",
    )


def printed(**kwargs) -> tuple[HandoutInput, bytes, str]:
    data = handout_input(**kwargs)
    pdf = render_pdf(handout_content(knowledge_snapshot(), data))
    return data, pdf, flat(pdf_text(pdf))


def steps_of(muscle, language: str) -> list[str]:
    """Lines of the muscle's handout steps that a PDF would show whole."""
    return [line.split(". ", 1)[1] for line in muscle.handout_steps.get(language).splitlines()]


@pytest.mark.django_db
class TestContent:
    def test_clear_has_techniques_stretches_dates_and_warnings(self):
        handout = handout_content(knowledge_snapshot(), handout_input())
        assert not handout.letter and len(handout.muscles) == 3
        assert handout.more_muscles.startswith("Ebenfalls behandlungswürdig: ")
        assert all(
            m.technique_kind == gate.TECHNIQUE_FULL and m.technique and m.stretch for m in handout.muscles
        )
        assert not handout.notices
        assert len(handout.cycle_dates) >= 8 and len(handout.maintenance_dates) == 3
        labels = {slug: c.label.de for slug, c in knowledge_snapshot().contraindications.items()}
        assert "Taubheitsgefühl in Bein oder Fuß" in handout.warning_signs
        assert "Taubheit im Genital- oder Analbereich (Reithosenbereich)" in handout.emergency_signs
        assert set(handout.warning_signs + handout.emergency_signs) == {labels[s] for s in LOWER_BODY_SIGNS}
        assert labels["thunderclap-headache"] not in handout.emergency_signs  # the neck's, not the back's
        assert any("24 bis 48 Stunden" in line for line in handout.aftercare)
        assert handout.factor_advice and handout.factor_advice[0][0] == "Langes Sitzen"

    def test_a_caution_prints_its_advice_once_at_the_top(self):
        handout = handout_content(knowledge_snapshot(), handout_input(contraindications=["blood-thinners"]))
        advice = knowledge_snapshot().contraindications["blood-thinners"].client_advice.de
        assert handout.notices[0].startswith("Blutverdünner") and handout.notices[0].endswith(advice)
        assert sum(notice.count(advice) for notice in handout.notices) == 1
        assert not any("Blutverdünner" in step for m in handout.muscles for step in m.technique)

    @pytest.mark.parametrize("slugs", [REFER_THREE, EMERGENCY_THREE])
    def test_refer_and_emergency_make_a_letter(self, slugs):
        handout = handout_content(
            knowledge_snapshot(), handout_input(contraindications=[*slugs, "blood-thinners"])
        )
        assert (
            handout.letter and not handout.muscles and not handout.cycle_dates and not handout.general_rules
        )
        snapshot = knowledge_snapshot()
        found = {label for f in handout.findings for label in f.labels}
        assert found == {snapshot.contraindications[s].label.de for s in slugs}

    def test_refer_with_a_valid_clearance_gives_the_handout_back(self):
        clearance = gate.Clearance("c", cleared_on=MONDAY, covers=frozenset({"numbness"}))
        handout = handout_content(
            knowledge_snapshot(), handout_input(contraindications=["numbness"], clearances=[clearance])
        )
        assert not handout.letter and all(m.technique for m in handout.muscles)
        assert handout.notices == [
            "Ihre Ärztin oder Ihr Arzt hat die Behandlung am Mo, 30. Nov. 2026 freigegeben. Hören Sie "
            "trotzdem sofort auf, wenn sich Ihre Beschwerden verändern."
        ]

    def test_postpone_says_when_to_start(self):
        surgery = dataclasses.replace(
            knowledge_snapshot().contraindications["recent-surgery"], postpone_days=42
        )
        data = handout_input(contraindications=["recent-surgery"], overrides=[surgery])
        handout = handout_content(knowledge_snapshot(), data)
        not_before = data.decision.not_before
        assert not_before >= MONDAY + timedelta(days=40)
        assert handout.notices[0] == (
            f"Bitte beginnen Sie mit den Übungen erst am {dateformat.format(not_before, 'D, j. N Y')}, nicht früher."
        )
        assert all(m.technique for m in handout.muscles)

    def test_english(self):
        handout = handout_content(knowledge_snapshot(), handout_input(language="en"))
        assert handout.title == "Your self-care plan"
        assert handout.muscles[0].name in {m.name.en for m in knowledge_snapshot().muscles.values()}
        english_signs = {c.label.en for c in knowledge_snapshot().contraindications.values()}
        assert handout.warning_signs and set(handout.warning_signs) <= english_signs


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
class TestLetterPdf:
    @pytest.mark.parametrize("language", ["de", "en"])
    @pytest.mark.parametrize("slugs", [REFER_THREE, EMERGENCY_THREE], ids=["refer", "emergency"])
    def test_one_page_in_large_type_with_nothing_about_treating(self, language, slugs):
        data, pdf, text = printed(
            language=language, name=HOSTILE, contraindications=[*slugs, "blood-thinners"]
        )
        snapshot = knowledge_snapshot()
        assert pages(pdf) == 1
        assert smallest_text_pt(pdf) >= 12 and LETTER_BODY_PT >= 12
        title = {"de": "Bitte zuerst ärztlich abklären lassen", "en": "Please have this checked first"}
        if "saddle-numbness" in slugs:
            title = {
                "de": "Bitte holen Sie sich heute ärztliche Hilfe",
                "en": "Please get medical help today",
            }
            assert "112" in text and ("Notaufnahme" in text or "emergency department" in text)
        assert title[language] in text
        assert HOSTILE in text
        for slug in slugs:
            assert flat(snapshot.contraindications[slug].label.get(language)) in text
            assert flat(snapshot.contraindications[slug].client_advice.get(language))[:60] in text
        for sign in set(LOWER_BODY_SIGNS) - set(slugs):
            assert flat(snapshot.contraindications[sign].label.get(language))[:30] in text
        for line in ("Praxis Weber & Partner", "Hauptstraße 5", "01067 Dresden", "0351 1234"):
            assert line in text
        for muscle in snapshot.muscles.values():
            assert muscle.name.get(language) not in text and muscle.latin_name not in text
        for session in data.sessions:
            for form in ("j. N Y", "j N Y", "j.n.Y", "Y-m-d"):
                assert dateformat.format(session.day, form) not in text or session.day == MONDAY
        for absent in (
            "Nach jeder Sitzung",
            "After each session",
            "Sie brauchen:",
            "You need:",
            "Kann Ihre Schmerzen",
            "Can cause your pain",
            "Behandlungstermine",
            "treatment dates",
            "Blutverdünner",
            "blood thinners",
            "Dehnung: ",
            "Stretch: ",
            "Ihr Verlauf",
            "Your progress",
        ):
            assert absent not in text
        assert b"/URI" not in pdf and b"/XObject" not in pdf

    def test_many_findings_still_fit_one_page(self):
        many = [
            *EMERGENCY_THREE,
            "leg-weakness",
            "radiating-nerve-pain",
            "tingling",
            "cancer-history",
            "night-pain",
        ]
        for language in ("de", "en"):
            pdf = printed(language=language, contraindications=many)[1]
            assert pages(pdf) == 1


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


def make_plan(browser, **changes) -> TreatmentPlan:
    assert browser.post(URL, intake_post(**changes)).status_code == 302
    return TreatmentPlan.objects.latest("pk")


@pytest.mark.django_db
class TestDownloads:
    def test_download_headers_and_content(self, therapist_client):
        plan = make_plan(therapist_client)
        response = therapist_client.get(
            reverse("triggerfinder:client-handout", args=[plan.client.pk]), {"lang": "en"}
        )
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        assert "Öztürk & Söhne <GmbH>" in flat(pdf_text(response.content))
        assert "Your self-care plan" in flat(pdf_text(response.content))

    def test_refer_is_a_letter_until_a_doctor_clears_it(self, therapist_client, therapist):
        plan = make_plan(therapist_client, yes=["numbness"])
        url = reverse("triggerfinder:client-handout", args=[plan.client.pk])
        letter = therapist_client.get(url).content
        assert pages(letter) == 1 and "Bitte zuerst ärztlich abklären lassen" in flat(pdf_text(letter))
        finding = Finding.objects.get(client=plan.client)
        # A clearance dated before the finding was recorded does not cover it.
        stale = Clearance.objects.create(
            client=plan.client,
            cleared_on=timezone.localdate() - timedelta(days=1),
            note="alt",
            recorded_by=therapist,
        )
        stale.findings.set([finding])
        assert "Bitte zuerst ärztlich abklären lassen" in flat(pdf_text(therapist_client.get(url).content))
        findings.clearance_record(
            client=plan.client,
            user=therapist,
            cleared_on=timezone.localdate(),
            note="Dr. Roth",
            findings=[finding.pk],
        )
        text = flat(pdf_text(therapist_client.get(url).content))
        assert "Ihr Selbsthilfe-Plan" in text and "freigegeben" in text and "bis dahin" not in text.lower()

    def test_emergency_letter_in_english(self, therapist_client):
        plan = make_plan(therapist_client, yes=["saddle-numbness"])
        response = therapist_client.get(
            reverse("triggerfinder:client-handout", args=[plan.client.pk]), {"lang": "en"}
        )
        text = flat(pdf_text(response.content))
        assert pages(response.content) == 1
        assert "Please get medical help today" in text and "Call 112 now" in text
        assert "Your treatment dates" not in text and "After each session" not in text

    def test_no_plan_yet_is_a_message(self, therapist_client, therapist):
        client = make_client(therapist)
        response = therapist_client.get(
            reverse("triggerfinder:client-handout", args=[client.pk]), follow=True
        )
        assert "Es gibt noch keinen Behandlungsplan" in response.text

    def test_another_therapists_client_is_404(self, therapist_client, client, other_therapist):
        plan = make_plan(therapist_client)
        client.force_login(other_therapist)
        assert client.get(reverse("triggerfinder:client-handout", args=[plan.client.pk])).status_code == 404
        archive = client.get(reverse("triggerfinder:handout-batch"), {"client": plan.client.pk}, follow=True)
        assert archive.status_code == 200 and "nichts zu drucken" in archive.text

    def test_batch_of_chosen_clients_streams_a_zip(self, therapist_client):
        first = make_plan(therapist_client)
        second = make_plan(
            therapist_client, **{"client-last_name": "Ελένη", "client-preferred_language": "en"}
        )
        response = therapist_client.get(
            reverse("triggerfinder:handout-batch"), {"client": [first.client.pk, second.client.pk]}
        )
        assert response.streaming and "no-store" in response["Cache-Control"]
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        names = archive.namelist()
        assert len(names) == 2 and all(name.endswith(".pdf") for name in names)
        texts = [flat(pdf_text(archive.read(name))) for name in names]
        assert any("Ihr Selbsthilfe-Plan" in t for t in texts) and any(
            "Your self-care plan" in t for t in texts
        )

    def test_batch_for_a_day_takes_that_days_appointments(self, therapist_client, therapist):
        from triggerfinder.services import plans

        plan = make_plan(therapist_client)
        plans.plan_accept(plan=plan, user=therapist)
        make_plan(therapist_client, **{"client-last_name": "Ohne Termin"})
        day = plan.sessions.order_by("date").first().date
        response = therapist_client.get(reverse("triggerfinder:handout-batch"), {"day": day.isoformat()})
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        assert len(archive.namelist()) == 1
        bad = therapist_client.get(reverse("triggerfinder:handout-batch"), {"day": "morgen"}, follow=True)
        assert "kein Datum" in bad.text


@pytest.mark.django_db
class TestCommand:
    def test_writes_the_pdf_in_the_chosen_language(self, therapist_client, tmp_path):
        plan = make_plan(therapist_client)
        target = tmp_path / "handout.pdf"
        out = StringIO()
        call_command("handout", str(plan.client.pk), "--output", str(target), "--language", "en", stdout=out)
        assert "Wrote" in out.getvalue()
        assert "Your self-care plan" in flat(pdf_text(target.read_bytes()))

    def test_errors(self, therapist, tmp_path):
        with pytest.raises(CommandError, match="no client"):
            call_command("handout", "99999", "--output", str(tmp_path / "x.pdf"))
        client = make_client(therapist)
        with pytest.raises(CommandError, match="no treatment plan"):
            call_command("handout", str(client.pk), "--output", str(tmp_path / "x.pdf"))
        assert Client.objects.count() == 1


# Issue 14: what a lay reader gets printed, for every shipped muscle (facts §5.6, §5.8, §4).
NEVER_PRINTED = {
    "de": re.compile(
        r"oberhalb des Schlüsselbeins|Schlüsselbein|Zangengriff|10 Minuten|mehrere kurze Einheiten|"
        r"günstiger als eine lange|\b78\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"above the collarbone|collarbone|pincer|10 minutes|several short sessions|better than one long|"
        r"does more than|\b78\b",
        re.IGNORECASE,
    ),
}


def one_muscle(data: HandoutInput, muscle) -> HandoutInput:
    focus = planning.FocusMuscle(muscle=muscle, score=1, matches=(), intensities={}, factors=())
    return dataclasses.replace(data, focus=(focus,))


def printed_words(handout) -> str:
    parts = [*handout.notices, *handout.general_rules, *handout.aftercare]
    for m in handout.muscles:
        parts += [m.name, m.reason, m.technique_title, *m.technique, m.omitted]
        if m.stretch:
            parts += [m.stretch.name, m.stretch.instructions, m.stretch.dose, m.stretch.caution]
    return "\n".join(parts)


@pytest.mark.django_db
class TestLaySafeHandout:
    @pytest.mark.parametrize("language", ["de", "en"])
    @pytest.mark.parametrize("pressure", [PRESSURE_NORMAL, PRESSURE_LIGHT])
    def test_no_muscle_prints_an_unsafe_technique_or_an_unsupported_claim(self, language, pressure):
        snapshot = knowledge_snapshot()
        caution = dataclasses.replace(
            snapshot.contraindications["blood-thinners"],
            pressure=pressure,
            excluded_muscles=frozenset(),
            excluded_stretches=frozenset(),
        )
        data = handout_input(language=language, contraindications=["blood-thinners"], overrides=[caution])
        for muscle in snapshot.muscles.values():
            handout = handout_content(snapshot, one_muscle(data, muscle))
            text = printed_words(handout)
            assert not NEVER_PRINTED[language].search(text), (
                muscle.slug,
                NEVER_PRINTED[language].search(text),
            )
            (section,) = handout.muscles
            if section.technique_kind == gate.TECHNIQUE_FULL:
                assert muscle.handout_steps.get(language) in section.technique, muscle.slug
                assert muscle.self_treatment.steps.get(language) not in section.technique, muscle.slug
            elif section.technique_kind == gate.TECHNIQUE_LIGHT:
                assert section.technique[0] == muscle.light_steps.get(language), muscle.slug

    @pytest.mark.parametrize("language", ["de", "en"])
    @pytest.mark.parametrize("pressure", [PRESSURE_NORMAL, PRESSURE_LIGHT])
    def test_no_body_weight_on_a_ball_near_the_sciatic_nerve_nor_a_ball_at_the_kidney_angle(
        self, language, pressure
    ):
        """Facts §5.6: near the sciatic nerve only a wall (or the hand) takes the pressure."""
        from tests.test_knowledge_data import (
            KIDNEY_ANGLE,
            NEGATED,
            SCIATIC_AREA,
            body_weight_on_a_ball,
            sentences,
        )

        snapshot = knowledge_snapshot()
        caution = dataclasses.replace(
            snapshot.contraindications["blood-thinners"],
            pressure=pressure,
            excluded_muscles=frozenset(),
            excluded_stretches=frozenset(),
        )
        data = handout_input(language=language, contraindications=["blood-thinners"], overrides=[caution])
        for slug in (*SCIATIC_AREA, "quadratus-lumborum"):
            (section,) = handout_content(snapshot, one_muscle(data, snapshot.muscles[slug])).muscles
            technique = "\n".join(section.technique)
            assert technique.strip(), slug
            assert not body_weight_on_a_ball(technique, language), (slug, technique)
            for sentence in sentences(technique):
                assert not KIDNEY_ANGLE.search(sentence) or NEGATED.search(sentence), (slug, sentence)

    @pytest.mark.parametrize("language", ["de", "en"])
    def test_the_pdf_for_the_neck_and_kidney_muscles(self, language):
        snapshot = knowledge_snapshot()
        slugs = ["scalenes", "sternocleidomastoid", "quadratus-lumborum"]
        focus = tuple(
            planning.FocusMuscle(muscle=snapshot.muscles[s], score=1, matches=(), intensities={}, factors=())
            for s in slugs
        )
        data = dataclasses.replace(handout_input(language=language), focus=focus)
        text = flat(pdf_text(render_pdf(handout_content(snapshot, data))))
        assert not NEVER_PRINTED[language].search(text), NEVER_PRINTED[language].search(text)
        for slug in slugs:
            assert steps_of(snapshot.muscles[slug], language)[0] in text, slug
        therapist = {
            "de": "wie Ihre Therapeutin oder Ihr Therapeut es Ihnen gezeigt hat",
            "en": "as shown by your therapist",
        }
        assert text.count(therapist[language]) == 2
