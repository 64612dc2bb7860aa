# Every browser test (tests/test_browser_*.py, tests/test_stepthrough_browser.py,
# tests/test_site_a11y.py) drives Debian's Chromium through Playwright (pip,
# requirements-test.txt); Playwright never downloads a browser of its own here.
.PHONY: browser-deps

browser-deps:
	tools/apt-ensure.sh chromium

TEST_PREREQS += browser-deps
