# Every browser test (tests/browser/*.py) drives Debian's Chromium through Playwright (pip,
# requirements-test.txt); Playwright never downloads a browser of its own here.
.PHONY: browser-deps

browser-deps:
	tools/apt-ensure.sh chromium

TEST_PREREQS += browser-deps
