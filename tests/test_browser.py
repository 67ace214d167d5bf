"""End to end in a real browser (headless Chromium driven by Selenium): paste an article
into the service's page, submit, and see the reused passage highlighted; and the HTML
report file (no script from article text runs, the pairs table sorts).

Needs Debian's ``chromium`` and ``chromium-driver`` (``scripts/bootstrap`` installs
them). Without them the tests skip with the reason, unless ``WIRETRACE_REQUIRE_BROWSER=1``
(``.ci/run`` sets it), in which case they fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from report_samples import sample_report
from service_helpers import demo_documents, make_archive, serve
from wiretrace.report.html_report import render_html
from wiretrace.service.app import create_app

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def instant_scrolling(driver: Any) -> None:
    """The page scrolls smoothly; WebDriver clicks need the element where it computed it."""
    driver.execute_script("document.documentElement.style.scrollBehavior = 'auto';")


def _missing_browser_reason() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install 'wiretrace[dev]')"
    if not any(shutil.which(b) for b in BROWSERS):
        return "Chromium not found (Debian: apt-get install chromium chromium-driver)"
    if not shutil.which("chromedriver"):
        return "chromedriver not found (Debian: apt-get install chromium-driver)"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    reason = _missing_browser_reason()
    if reason is not None:
        if os.environ.get("WIRETRACE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"WIRETRACE_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = next(str(shutil.which(b)) for b in BROWSERS if shutil.which(b))
    profile = tempfile.mkdtemp(prefix="wiretrace-chromium-")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    browser = webdriver.Chrome(options=options,
                               service=Service(executable_path=shutil.which("chromedriver")))
    browser.set_page_load_timeout(60)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_paste_an_article_and_see_the_passage(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    docs = demo_documents()
    db = make_archive(tmp_path / "archive.db", [docs["wire-original"], docs["unrelated"]])
    reprint, wire = docs["reprint-trimmed"].text, docs["wire-original"].text
    with serve(create_app(db)) as url:
        driver.get(url + "/")
        box = driver.find_element(By.CSS_SELECTOR, "form#check-form textarea[name=text]")
        box.send_keys(reprint)
        driver.find_element(By.ID, "title").send_keys("A <b>pasted</b> reprint")
        driver.find_element(By.CSS_SELECTOR, "form#check-form button[type=submit]").click()
        WebDriverWait(driver, 120).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".col[data-side] .psg")
            or d.find_elements(By.CSS_SELECTOR, "#error.on"))
        assert not driver.find_elements(By.CSS_SELECTOR, "#error.on")
        assert "Check: A <b>pasted</b> reprint" in driver.title
        spans = driver.find_elements(By.CSS_SELECTOR, ".col[data-side] .psg")
        assert len(spans) >= 2
        for span in spans:
            col = span.find_element(By.XPATH, "ancestor::div[@data-side]")
            text = reprint if col.get_attribute("data-doc") == "submitted" else wire
            start, end = int(span.get_attribute("data-start")), int(span.get_attribute("data-end"))
            assert span.get_attribute("textContent") == text[start:end]
            assert span.is_displayed() or span.get_attribute("textContent")
        # clicking a passage on one side brings its counterpart into view, flashing
        submitted_side = driver.find_element(By.CSS_SELECTOR, ".col[data-doc=submitted] .psg")
        k = submitted_side.get_attribute("data-passage")
        instant_scrolling(driver)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", submitted_side)
        submitted_side.click()
        counterpart = driver.find_element(
            By.CSS_SELECTOR, f".col[data-doc=wire-original] .psg[data-passage='{k}']")
        WebDriverWait(driver, 10).until(
            lambda _d: "flash" in (counterpart.get_attribute("class") or ""))
        assert driver.find_elements(By.CSS_SELECTOR, "a.back[href='./']")


def test_report_file_scripts_and_sorting(driver: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    page = tmp_path / "report.html"
    page.write_text(render_html(sample_report()), "utf-8")
    driver.get(page.as_uri())
    assert driver.execute_script("return window.__pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 — no alert() from the article text
    assert driver.find_elements(By.CSS_SELECTOR, ".col[data-side] .psg")

    def order() -> list[str]:
        return [row.get_attribute("data-pair-row") for row in
                driver.find_elements(By.CSS_SELECTOR, "#pairs-table tbody tr")]

    assert order() == ["0", "1"]
    header = driver.find_element(By.XPATH, "//table[@id='pairs-table']//th[.='Similarity']")
    instant_scrolling(driver)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", header)
    header.click()  # numeric columns sort high to low first
    assert header.get_attribute("aria-sort") == "descending" and order() == ["0", "1"]
    header.click()
    assert header.get_attribute("aria-sort") == "ascending" and order() == ["1", "0"]


def test_api_docs_render_without_internet(driver: Any, tmp_path: Path) -> None:
    # The machines that run this have no internet access, so Swagger UI only renders if
    # the service serves its script and stylesheet itself.
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    db = make_archive(tmp_path / "archive.db", [demo_documents()["wire-original"]])
    with serve(create_app(db)) as url:
        driver.get(url + "/docs")
        WebDriverWait(driver, 60).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"))
        paths = {e.get_attribute("data-path") or e.text
                 for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
        assert "/check" in paths, paths
