"""The PDF handout: what it says in each language and screening level, and that any name prints."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from io import StringIO

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import make_client
from tests.test_intake import URL, intake_post
from triggerfinder.core import planning
from triggerfinder.core.screening import screen
from triggerfinder.handout.content import HandoutInput, Practice, handout_content
from triggerfinder.handout.render import render_pdf
from triggerfinder.knowledge_cache import knowledge_snapshot
from triggerfinder.models import Client, TreatmentPlan

HOSTILE = 'Łukasz Öztürk-Ğül & Söhne <GmbH> <img src="http://example.invalid/x.png"/>'
MONDAY = date(2026, 11, 30)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def handout_input(
    *, language="de", contraindications=(), name="Erika Mustermann", cleared_on=None
) -> HandoutInput:
    snapshot = knowledge_snapshot()
    proposal = planning.propose(
        snapshot,
        regions={"lower-back": 7, "hip-buttock": 5},
        duration_months=18,
        factors=["prolonged-sitting"],
        contraindications=contraindications,
        today=MONDAY,
    )
    return HandoutInput(
        language=language,
        client_name=name,
        today=MONDAY,
        practice=Practice(
            name="Praxis Weber & Partner", address="Hauptstraße 5\n01067 Dresden", phone="0351 1234"
        ),
        verdict=screen(snapshot, contraindications),
        focus=proposal.focus,
        factors=["prolonged-sitting"],
        sessions=proposal.sessions,
        session_time="09:00",
        cleared_on=cleared_on,
    )


@pytest.mark.django_db
class TestContent:
    def test_clear_has_techniques_stretches_dates_and_warnings(self):
        handout = handout_content(knowledge_snapshot(), handout_input())
        assert len(handout.muscles) == 3
        assert handout.more_muscles.startswith("Ebenfalls behandlungswürdig: ")
        assert all(m.technique and m.stretch for m in handout.muscles)
        assert not handout.notices
        assert len(handout.cycle_dates) >= 8 and len(handout.maintenance_dates) == 3
        assert "Taubheitsgefühl in Bein oder Fuß" in handout.warning_signs
        assert "112" in handout.emergency_signs
        assert any("24 bis 48 Stunden" in line for line in handout.aftercare)
        assert handout.factor_advice and handout.factor_advice[0][0] == "Langes Sitzen"

    def test_caution_prints_its_advice_and_gentle_pressure_everywhere(self):
        handout = handout_content(knowledge_snapshot(), handout_input(contraindications=["blood-thinners"]))
        assert any("Blutverdünner" in notice for notice in handout.notices)
        assert all(any("Nur sanfter Druck" in step for step in m.technique) for m in handout.muscles)

    @pytest.mark.parametrize("level_slug", ["numbness", "saddle-numbness"])
    def test_refer_and_emergency_replace_every_pressure_technique(self, level_slug):
        handout = handout_content(
            knowledge_snapshot(), handout_input(contraindications=[level_slug, "blood-thinners"])
        )
        assert all(not m.technique and m.stretch is None and m.instead for m in handout.muscles)
        assert not handout.general_rules
        assert handout.notices and ("Ärztin" in handout.notices[0] or "Arzt" in handout.notices[0])

    def test_refer_with_recorded_clearance_gives_the_techniques_back(self):
        handout = handout_content(
            knowledge_snapshot(), handout_input(contraindications=["numbness"], cleared_on=MONDAY)
        )
        assert all(m.technique for m in handout.muscles)
        assert "freigegeben" in handout.notices[0]

    def test_postpone_says_when_to_start(self):
        data = handout_input(contraindications=["fever"])
        handout = handout_content(knowledge_snapshot(), data)
        start = next(s.day for s in data.sessions if s.kind == "cycle")
        assert start >= MONDAY + timedelta(days=14)
        assert any(f"{start.day}. " in notice and "beginnen" in notice for notice in handout.notices)
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
        for line in handout.cycle_dates + handout.maintenance_dates:
            assert flat(line) in text
        assert b"/URI" not in pdf and b"/XObject" not in pdf  # nothing linked, no image loaded
        assert 2 <= len(pypdf.PdfReader(io.BytesIO(pdf)).pages) <= 4

    @pytest.mark.parametrize(
        "name", ["Ελένη Παπαδοπούλου", "Дмитрий Достоевский", "Jürgen Weiß-Größe", "a & b < c > d"]
    )
    def test_any_alphabet_prints_as_text(self, name):
        text = flat(pdf_text(render_pdf(handout_content(knowledge_snapshot(), handout_input(name=name)))))
        assert name in text

    def test_metadata(self):
        pdf = render_pdf(handout_content(knowledge_snapshot(), handout_input(name="Anna Beispiel")))
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        assert reader.metadata.title == "Ihr Selbsthilfe-Plan: Anna Beispiel"
        assert reader.metadata.author == "Praxis Weber & Partner"
        assert reader.metadata.subject
        assert reader.trailer["/Root"]["/Lang"] == "de"

    def test_refer_pdf_has_no_technique(self):
        handout = handout_content(knowledge_snapshot(), handout_input(contraindications=["numbness"]))
        text = flat(pdf_text(render_pdf(handout)))
        assert "Bitte zuerst ärztlich abklären lassen; bis dahin kein Druck und keine Dehnung." in text
        assert "Sie brauchen:" not in text and "Sekunden halten" not in text

    def test_same_input_same_bytes(self):
        data = handout_input()
        assert render_pdf(handout_content(knowledge_snapshot(), data)) == render_pdf(
            handout_content(knowledge_snapshot(), data)
        )


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
        from triggerfinder import services

        plan = make_plan(therapist_client)
        services.plan_accept(plan=plan, user=therapist)
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
