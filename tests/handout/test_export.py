"""Handouts as files (handout.export): the download, the batch ZIP, the management command."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_client
from tests.handout.shipped import flat, make_plan, pages, pdf_text
from triggerfinder.handout.export import LEFT_OUT_NAME, _Sink, handout_filename, handouts_zip
from triggerfinder.models import Clearance, Client, Finding
from triggerfinder.services import findings, plans


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


class TestSink:
    def test_hands_out_what_was_written_since_the_last_take(self):
        sink = _Sink()
        assert sink.write(b"abc") == 3 and sink.write(memoryview(b"de")) == 2
        assert sink.tell() == 5 and sink.take() == b"abcde" and sink.take() == b""
        sink.write(b"f")
        sink.flush()
        sink.close()
        assert sink.tell() == 6 and sink.take() == b"f"


@pytest.mark.django_db
class TestFiles:
    def test_the_filename_names_the_client_number_and_language(self, therapist):
        client = make_client(therapist, last_name="Öztürk & Söhne")
        assert handout_filename(client, "de") == f"handout-{client.pk}-ozturk-sohne-de.pdf"
        client.last_name = "???"
        assert handout_filename(client, "en") == f"handout-{client.pk}-client-en.pdf"

    def test_the_zip_says_which_handouts_are_missing_and_why(self, therapist):
        client = make_client(therapist)
        exported = []
        archive = zipfile.ZipFile(
            io.BytesIO(
                b"".join(
                    handouts_zip(
                        [client],
                        today=timezone.localdate(),
                        left_out=["Klient 7: gesperrt"],
                        no_plan_text="Klient %(id)s: kein Plan",
                        on_exported=exported.append,
                    )
                )
            )
        )
        assert archive.namelist() == [LEFT_OUT_NAME] and exported == []
        assert archive.read(LEFT_OUT_NAME).decode() == f"Klient 7: gesperrt\nKlient {client.pk}: kein Plan\n"
