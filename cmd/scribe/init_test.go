package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// TestPinnedVersion: the scribe that init's gate workflow installs is the
// running one, named as go install can fetch it.
func TestPinnedVersion(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	vcs := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: "true"}}
	for _, tc := range []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"release tag", "v1.2.3", nil, "v1.2.3"},
		{"pre-release tag", "v1.3.0-rc.1", vcs, "v1.3.0-rc.1"},
		{"clone of a tag with changes", "v1.2.3+dirty", vcs, rev},
		{"clone between tags", "v1.2.4-0.20260101120000-0123456789ab+dirty", vcs, rev},
		{"go build without a module version", "(devel)", vcs, rev},
		{"go install of a commit", "v0.0.0-20260101120000-0123456789ab", nil, "v0.0.0-20260101120000-0123456789ab"},
		{"pseudo-version after a tag", "v1.2.4-0.20260101120000-0123456789ab", nil, "v1.2.4-0.20260101120000-0123456789ab"},
		{"short or odd revision", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123abc"}}, "v" + version},
		{"upper-case revision", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: strings.ToUpper(rev)}}, "v" + version},
		{"revision of 41 digits", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: rev + "0"}}, "v" + version},
		{"SHA-256 revision", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: rev + rev[:24]}}, rev + rev[:24]},
		{"nothing known", "(devel)", nil, "v" + version},
		{"incompatible", "v2.0.0+incompatible", nil, "v" + version},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/scribe-transcription/scribe", Version: tc.version}, Settings: tc.settings}
			if got := pinnedVersion(bi, true); got != tc.want {
				t.Errorf("pinnedVersion(%q) = %q, want %q", tc.version, got, tc.want)
			}
		})
	}
	if got := pinnedVersion(nil, false); got != "v"+version {
		t.Errorf("without build information: %q, want %q", got, "v"+version)
	}
}

func TestGoVersion(t *testing.T) {
	for in, want := range map[string]string{
		"go1.26.8":              "1.26.8",
		"go1.27":                "1.27",
		"go1.27rc1":             "stable",
		"devel go1.27-abcdef01": "stable",
	} {
		if got := goVersion(in); got != want {
			t.Errorf("goVersion(%q) = %q, want %q", in, got, want)
		}
	}
}
