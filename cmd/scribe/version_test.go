package main

import (
	"context"
	"runtime/debug"
	"testing"
)

func TestRunVersion(t *testing.T) {
	for _, tt := range []struct {
		name  string
		build func() (*debug.BuildInfo, bool)
		want  string
	}{
		{"a clone's build", func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}}}, true
		}, "scribe " + version + "+0123456789ab\n"},
		{"no revision", func() (*debug.BuildInfo, bool) { return &debug.BuildInfo{}, true }, "scribe " + version + "\n"},
		{"no build information", func() (*debug.BuildInfo, bool) { return nil, false }, "scribe " + version + "\n"},
	} {
		a, out, _ := testApp("", "")
		if err := runVersion(context.Background(), &versionOptions{app: a, build: tt.build}); err != nil || out.String() != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, out, err, tt.want)
		}
	}
}
