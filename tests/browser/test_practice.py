"""A therapist's day in a real browser: intake with the body map and live preview, plan, handout,
session and progress; the admin's knowledge edit; the intake by keyboard alone and on a tablet."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import SCREENSHOTS, check_accessibility, click_region, log_in, screenshot
from tests.conftest import PASSWORD, make_user
from triggerfinder.models import Client, Intake, TreatmentPlan
from triggerfinder.security import roles

LONG_LAST_NAME = "Schmidt-Großkopf-Wiesenthal-Oberhausen"


@pytest.fixture
def lena(transactional_db):
    return make_user("lena", role=roles.THERAPIST, first_name="Lena", last_name="Hartmann")


def fill_client(page, first_name: str, last_name: str) -> None:
    page.get_by_label(_("first name")).fill(first_name)
    page.get_by_label(_("last name")).fill(last_name)


def test_intake_preview_plan_and_handout(page, site, lena):
    log_in(page, site, "lena", PASSWORD)
    check_accessibility(page, "overview")
    page.get_by_role("link", name=_("Clients"), exact=True).click()
    check_accessibility(page, "client list, empty")
    page.get_by_role("link", name=_("New client and intake")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(_("New client and intake"))
    check_accessibility(page, "intake, empty")

    fill_client(page, "Jörg", LONG_LAST_NAME)
    preview = page.locator("#tf-intake-preview")
    click_region(page, "lower-back")
    expect(page.locator("#tf-region-lower-back")).to_be_checked()
    expect(page.locator("#id_intensity-lower-back")).to_have_value("5")  # a middle intensity to start
    page.locator("#id_intensity-lower-back").fill("8")
    click_region(page, "hip-buttock")
    page.locator("#id_intensity-hip-buttock").fill("4")
    page.get_by_label(_("Pain for (months)")).fill("18")
    page.get_by_label(_("Pain for (months)")).blur()
    # The screening asks the general and the back's questions: blood thinners yes, the rest no.
    expect(page.locator('.tf-question-group[data-area="neck"]')).to_be_hidden()
    page.locator('.tf-question[data-question="blood-thinners"]').get_by_label(_("Yes")).check()
    for button in page.locator(".tf-question-group:not([hidden]) .tf-none-of-these").all():
        button.click()
    expect(
        page.locator('.tf-question[data-question="blood-thinners"]').get_by_label(_("Yes"))
    ).to_be_checked()

    # Before anything is saved, the preview shows verdict, focus muscles and dates.
    expect(preview.locator(".tf-verdict")).to_have_attribute("data-level", "caution")
    expect(preview.locator(".tf-verdict")).to_contain_text("Blutverdünner")
    expect(preview.locator("#tf-focus-title + ol > li").first).to_contain_text("Unterer Rücken")
    expect(preview).to_contain_text("Chronisch")
    expect(preview.locator("[data-open-questions]")).to_have_count(0)
    page.locator("#tf-contraindications").evaluate("el => el.scrollIntoView()")
    screenshot(page, "intake-screening")
    expect(preview.locator(".tf-dates li").first).to_have_text(re.compile(r"\d\d\.\d\d\.\d{4}"))
    assert Client.objects.count() == 0
    check_accessibility(page, "intake with preview")
    page.locator("#tf-regions").evaluate("el => el.scrollIntoView()")
    screenshot(page, "intake")

    # Saving without the overall pain: the error summary names it and links to the field, and
    # nothing typed is lost.
    page.get_by_role("button", name=_("Save intake and plan")).click()
    summary = page.locator("#tf-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile(re.escape(_("Overall pain today (0–10)")))).click()
    expect(page.get_by_label(_("Overall pain today (0–10)"))).to_be_focused()
    expect(page.locator("#id_intensity-lower-back")).to_have_value("8")
    expect(page.get_by_label(_("last name"))).to_have_value(LONG_LAST_NAME)
    check_accessibility(page, "intake with errors")
    page.get_by_label(_("Overall pain today (0–10)")).fill("6")
    page.get_by_label(
        _("The client consents to the processing of their health data for the treatment.")
    ).check()
    page.get_by_role("button", name=_("Save intake and plan")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        _("Treatment plan for %(name)s") % {"name": "Jörg " + LONG_LAST_NAME}
    )
    check_accessibility(page, "proposed plan")
    page.get_by_role("button", name=_("Accept plan")).click()
    expect(page.locator("h1 .badge")).to_have_text(_("accepted"))
    assert TreatmentPlan.objects.get().status == "accepted"

    page.get_by_role("navigation", name=_("Breadcrumb")).get_by_role("link", name=re.compile("Jörg")).click()
    check_accessibility(page, "client page")
    screenshot(page, "client")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=_("Handout (PDF, German)")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf)).pages)
    assert "Jörg" in text and "Schmidt-Großkopf" in text

    # The handout's first page as the client sees it, for the README and the CI artefacts.
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "handout.pdf"
        source.write_bytes(pdf)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(SCREENSHOTS / "handout-page1"),
            ],
            check=True,
        )
    assert (SCREENSHOTS / "handout-page1.png").stat().st_size > 10_000


@pytest.fixture
def konrad(transactional_db):
    from django_otp.plugins.otp_static.models import StaticDevice

    user = make_user("konrad", role=roles.KNOWLEDGE_EDITOR, is_staff=True)
    device = StaticDevice.objects.create(user=user, name="printed codes")
    device.token_set.create(token="424242")
    return user


def test_admin_edits_a_muscles_german_name_and_the_finder_shows_it(page, site, konrad):
    page.goto(f"{site}/admin/")
    page.locator("#id_username").fill("konrad")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_otp_token").fill("424242")
    page.locator("#id_otp_token").press("Enter")
    page.locator('#content-main a[href$="/admin/triggerfinder/muscle/"]').first.click()
    page.get_by_role("searchbox").fill("gluteus medius")
    page.get_by_role("searchbox").press("Enter")
    page.get_by_role("link", name="Mittlerer Gesäßmuskel").click()
    page.locator("#id_name_de").fill("Mittlerer Gesäßmuskel (Gluteus medius)")
    page.get_by_role("button", name=_("Save"), exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto(f"{site}/finder/?region=hip-buttock")
    expect(page.locator("#tf-finder-results")).to_contain_text("Mittlerer Gesäßmuskel (Gluteus medius)")


@pytest.fixture
def accepted_plan(lena):
    from tests.conftest import VerifiedClient as DjangoClient
    from tests.test_intake import URL, intake_post
    from triggerfinder.services import plans

    http_client = DjangoClient()
    http_client.force_login(lena)
    changes = {"client-first_name": "Maria", "client-last_name": "Nowak"}
    assert http_client.post(URL, intake_post(yes=(), **changes)).status_code == 302
    # The client came in two days ago (a session's time is entered to the minute: one recorded in
    # the intake's own minute would count as before it).
    Intake.objects.update(recorded_at=timezone.now() - datetime.timedelta(days=2))
    plan = TreatmentPlan.objects.get()
    plans.plan_accept(plan=plan, user=lena)
    return plan


def test_switch_language_record_a_session_and_see_progress(page, site, accepted_plan):
    log_in(page, site, "lena", PASSWORD)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/en/$"))
    page.get_by_role("link", name="Clients", exact=True).click()
    page.get_by_role("link", name="Nowak, Maria").click()
    expect(page.locator("#tf-progress-title + p")).to_contain_text("No session recorded yet")
    page.get_by_role("link", name="Record a session").click()
    check_accessibility(page, "session form")
    page.get_by_label("Pain since the last visit").fill("7")
    page.get_by_label("Pain right after the session").fill("4")
    page.get_by_role("button", name="Save session").click()

    expect(page.get_by_role("heading", name="Progress")).to_be_visible()
    chart = page.locator("svg.tf-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.tf-dot")).to_have_count(1)
    check_accessibility(page, "client page with progress, English")

    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", name=_("Progress"))).to_be_visible()
    screenshot(page, "client")

    # The batch export: the list says it is preparing the ZIP until the file is there.
    page.get_by_role("navigation", name=_("Main navigation")).get_by_role("link", name=_("Clients")).click()
    page.get_by_label(_("Choose %(name)s for handouts") % {"name": "Maria Nowak"}).check()
    status = page.locator("#tf-batch-status")
    expect(status).to_be_hidden()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=_("Handouts for the chosen clients (ZIP)")).click()
    download = download_info.value
    assert download.suggested_filename == "handouts.zip"
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        assert len(names) == 1 and names[0].endswith(".pdf")
        assert archive.read(names[0]).startswith(b"%PDF-")
    expect(status).to_be_hidden()
    expect(page.get_by_role("button", name=_("Handouts for the chosen clients (ZIP)"))).not_to_have_attribute(
        "aria-disabled", "true"
    )
    check_accessibility(page, "client list")


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element matching selector has the focus: it is reachable, in order."""
    for _step in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
        assert not page.evaluate("() => Boolean(document.activeElement.closest('svg'))")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_whole_intake_with_the_keyboard_alone(page, site, lena):
    log_in(page, site, "lena", PASSWORD)
    page.goto(f"{site}/intake/")
    expect(page.get_by_label(_("first name"))).to_be_focused()  # the page starts where typing does
    page.keyboard.type("Kira")
    page.keyboard.press("Tab")
    page.keyboard.type("Tastatur")
    tab_to(page, "#tf-region-neck")
    # The figure shows where the focused region is.
    expect(page.locator('.tf-bodymap [data-region="neck"]').first).to_have_class(re.compile("is-focused"))
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator("#id_intensity-neck")).to_be_focused()
    expect(page.locator("#id_intensity-neck")).to_have_value("5")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    tab_to(page, "#id_overall_pain")
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    # The screening: the neck questions appeared with the neck; the low back's stay hidden.
    neck = page.locator('.tf-question-group[data-area="neck"]')
    expect(neck).to_be_visible()
    expect(page.locator('.tf-question-group[data-area="lower-back"]')).to_be_hidden()
    tab_to(page, '.tf-question-group[data-area=""] .tf-none-of-these')
    page.keyboard.press("Enter")  # every general question: no
    expect(page.locator("#id_answer-pregnancy_1")).to_be_checked()
    tab_to(page, "#id_answer-pregnancy_1")  # a radio group is one tab stop, at its checked answer
    page.keyboard.press("ArrowLeft")  # pregnancy: yes
    expect(page.locator("#id_answer-pregnancy_0")).to_be_checked()
    tab_to(page, '.tf-question-group[data-area="neck"] .tf-none-of-these')
    page.keyboard.press("Enter")
    expect(page.locator("#tf-intake-preview .tf-verdict")).to_have_attribute("data-level", "caution")
    expect(page.locator("#tf-intake-preview")).to_contain_text("Nacken")
    expect(page.locator("#tf-intake-preview [data-open-questions]")).to_have_count(0)
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].btn-lg")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kira Tastatur")
    intake = Client.objects.get(last_name="Tastatur").intakes.get()
    assert {r.region.slug: r.intensity for r in intake.regions.all()} == {"neck": 7}
    answers = {
        a.contraindication.slug: a.answer for a in intake.screening_answers.select_related("contraindication")
    }
    assert answers["pregnancy"] is True and answers["neck-vascular-risk"] is False
    assert "saddle-numbness" not in answers  # a low-back question, not asked for the neck
    assert [c.slug for c in intake.contraindications.all()] == ["pregnancy"]


def test_intake_on_a_tablet(page, site, lena):
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page, site, "lena", PASSWORD)
    page.goto(f"{site}/intake/")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    click_region(page, "shoulders")
    page.get_by_label(_("Pain for (months)")).fill("2")
    page.get_by_label(_("Pain for (months)")).blur()
    preview = page.locator("#tf-intake-preview")
    expect(preview.locator(".tf-verdict")).to_be_visible()
    # Beside the form, not below it: the therapist sees the preview while ticking regions.
    form_box = page.locator("#tf-regions").bounding_box()
    preview_box = preview.bounding_box()
    assert preview_box["x"] > form_box["x"] + form_box["width"] - 1
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    check_accessibility(page, "intake at 768 px")
    page.locator("#tf-regions").evaluate("el => el.scrollIntoView()")
    screenshot(page, "intake-768")


def test_the_other_main_pages_pass_axe(page, site, accepted_plan):
    page.goto(f"{site}/accounts/login/")
    check_accessibility(page, "log-in")
    page.goto(f"{site}/en/finder/?region=neck")
    check_accessibility(page, "finder, English")
    page.goto(f"{site}/finder/embed/?region=upper-back")
    check_accessibility(page, "embedded finder")
    log_in(page, site, "lena", PASSWORD)
    client = accepted_plan.client
    for path, name in [
        (f"/clients/{client.pk}/", "client page without sessions"),
        (f"/plans/{accepted_plan.pk}/", "accepted plan"),
        (f"/clients/{client.pk}/edit/", "client form"),
        ("/clients/new/", "new client"),
        ("/clients/?q=nobody", "client search without a match"),
        ("/outcomes/", "outcomes"),
        ("/accounts/password/", "password change"),
        ("/account/calendar-feed/", "calendar feed"),
    ]:
        page.goto(site + path)
        expect(page.locator("h1")).to_be_visible()
        check_accessibility(page, name)
