# Part IV's browser test (tests/test_stepthrough_browser.py) drives Debian's Chromium.
.PHONY: part4-browser
part4-browser:
	@tools/apt-ensure.sh chromium

TEST_PREREQS += part4-browser
