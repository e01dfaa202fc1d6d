"""The public finder, logged out, in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, click_region, screenshot


def test_click_regions_on_the_body_map_ranks_muscles(page, site):
    page.goto(f"{site}/finder/")
    check_accessibility(page, "finder, empty")
    click_region(page, "lower-back")
    expect(page.locator("#tf-region-lower-back")).to_be_checked()
    results = page.locator("#tf-finder-results")
    expect(results.locator("article.tf-muscle").first).to_be_visible()
    click_region(page, "hip-buttock")
    expect(page.locator("#tf-region-hip-buttock")).to_be_checked()
    expect(page).to_have_url(re.compile(r"region=hip-buttock"))
    titles = results.locator("article.tf-muscle h3")
    expect(titles.first).to_contain_text("1.")
    assert titles.count() >= 3
    expect(page.locator('.tf-bodymap [data-region="lower-back"].is-selected').first).to_be_attached()
    check_accessibility(page, "finder with results")
    screenshot(page, "finder")
