# Browser tests (tests/test_browser_diagrams.py): Playwright (pip, requirements-test.txt)
# drives Debian's Chromium; Playwright never downloads a browser of its own here.
.PHONY: browser-deps

browser-deps:
	tools/apt-ensure.sh chromium

TEST_PREREQS += browser-deps
