// Package sitetest holds the browser tests of the site that scribe site
// generates: headless Chromium, driven through the DevTools protocol,
// loads the pages from files and checks them against the DOM contract of
// the site (rows, variants, decisions, links, search, highlighting, no
// request off the page, no console error, no horizontal overflow).
//
// The tests run on the site in the folder named by SCRIBE_SITE_DIR, or,
// when it is unset, on the hand-made site in testdata/site, which also
// fixes the facts that the tests expect of it. Without Chromium they skip;
// with SCRIBE_REQUIRE_CHROMIUM=1 they fail instead. Screenshots go to the
// folder named by SCRIBE_SCREENSHOTS, or to a temporary folder.
package sitetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Environment variables that the tests read.
const (
	// SiteDirEnv names the folder of a generated site to test.
	SiteDirEnv = "SCRIBE_SITE_DIR"
	// ScreenshotsEnv names the folder that receives the screenshots.
	ScreenshotsEnv = "SCRIBE_SCREENSHOTS"
	// RequireChromiumEnv, set to 1, makes a missing Chromium a failure.
	RequireChromiumEnv = "SCRIBE_REQUIRE_CHROMIUM"
	// ChromiumEnv names the browser's executable, when it is not on PATH
	// under one of the usual names.
	ChromiumEnv = "SCRIBE_CHROMIUM"
)

// FixtureDir is the hand-made site, relative to this package's folder.
var FixtureDir = filepath.Join("testdata", "site")

// SiteDir returns the absolute folder of the site under test, and whether
// it is the hand-made fixture.
func SiteDir() (dir string, fixture bool, err error) {
	dir, fixture = os.Getenv(SiteDirEnv), false
	if dir == "" {
		dir, fixture = FixtureDir, true
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false, err
	}
	if _, err := os.Stat(filepath.Join(abs, "index.html")); err != nil {
		return "", false, fmt.Errorf("%s is not a site: %w", abs, err)
	}
	return abs, fixture, nil
}

// Chromium returns the path of the browser, found through ChromiumEnv or
// on PATH as chromium (Debian), chromium-browser or google-chrome.
func Chromium() (string, error) {
	if p := os.Getenv(ChromiumEnv); p != "" {
		return exec.LookPath(p)
	}
	var first error
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		p, err := exec.LookPath(name)
		if err == nil {
			return p, nil
		}
		if first == nil {
			first = err
		}
	}
	return "", first
}
