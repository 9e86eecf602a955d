package main

import (
	"os"
	"strings"
	"testing"
)

func writeFile(name, text string) error { return os.WriteFile(name, []byte(text), 0o644) }

func testScope() *scope {
	return &scope{status: "success", contexts: map[string]any{
		"github": map[string]any{
			"event_name": "pull_request_target",
			"sha":        "abc",
			"token":      refused("no token"),
			"event": map[string]any{
				"number":       float64(7),
				"pull_request": map[string]any{"head": map[string]any{"sha": "def"}, "user": map[string]any{"login": "alice-gh"}},
			},
		},
		"env":    map[string]any{"GO_VERSION": "1.26.8"},
		"runner": map[string]any{"temp": "/tmp/r"},
	}}
}

func TestInterpolate(t *testing.T) {
	s := testScope()
	for in, want := range map[string]string{
		"${{ github.sha }}": "abc",
		"${{ github.event.pull_request.head.sha || github.sha }}": "def",
		"${{ github.event.pull_request.base.sha || github.sha }}": "abc",
		"x-${{ github.event.number }}-${{ runner.temp }}":         "x-7-/tmp/r",
		"${{ env.GO_VERSION }}":                                   "1.26.8",
		"${{ github['event_name'] == 'PULL_REQUEST_TARGET' }}":    "true",
		"${{ !(github.event_name != 'push') && 'a' || 'b' }}":     "b",
		"${{ github.event.nothing.here }}":                        "",
		"${{ 'it''s' }}":                                          "it's",
		"${{ null == null && true != false && 1 == '1' }}":        "true",
		"no expression": "no expression",
	} {
		got, err := s.interpolate(in)
		if err != nil || got != want {
			t.Errorf("interpolate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"${{ secrets.TOKEN }}",
		"${{ github.token }}",
		"${{ contains(github.sha, 'a') }}",
		"${{ github.event }}",
		"${{ vars.X }}",
		"${{ github.sha ",
		"${{ 1 < 2 }}",
		"${{ success() }}",
	} {
		if got, err := s.interpolate(in); err == nil {
			t.Errorf("interpolate(%q) = %q, want an error", in, got)
		}
	}
}

func TestCondition(t *testing.T) {
	s := testScope()
	for _, tc := range []struct {
		cond, status string
		want         bool
	}{
		{"", "success", true},
		{"", "failure", false},
		{"github.event_name == 'push'", "success", false},
		{"${{ github.event_name == 'pull_request_target' }}", "success", true},
		{"github.event_name == 'pull_request_target'", "failure", false},
		{"always()", "failure", true},
		{"failure()", "failure", true},
		{"failure()", "success", false},
		{"success() || failure()", "failure", true},
	} {
		s.status = tc.status
		got, err := s.condition(tc.cond)
		if err != nil || got != tc.want {
			t.Errorf("condition(%q) with %s = %v, %v; want %v", tc.cond, tc.status, got, err, tc.want)
		}
	}
}

const sampleWorkflow = `name: sample
on:
  pull_request_target:
    types: [opened, edited]
    branches: [main, 'release/**']
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  gate:
    if: github.event_name == 'pull_request_target'
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: ${{ github.event.pull_request.head.sha }}
          path: tree
          persist-credentials: false
      - env:
          AUTHOR: ${{ github.event.pull_request.user.login }}
        run: scribe -C tree check --author "$AUTHOR"
`

func TestTriggered(t *testing.T) {
	w, err := ParseWorkflow("sample.yml", []byte(sampleWorkflow))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ev   Event
		want bool
	}{
		{Event{Name: "pull_request_target", Action: "opened", BaseRef: "main"}, true},
		{Event{Name: "pull_request_target", Action: "edited", BaseRef: "release/1/x"}, true},
		{Event{Name: "pull_request_target", Action: "synchronize", BaseRef: "main"}, false},
		{Event{Name: "pull_request_target", Action: "opened", BaseRef: "dev"}, false},
		{Event{Name: "pull_request", Action: "opened", BaseRef: "main"}, false},
		{Event{Name: "push", Ref: "refs/heads/main"}, true},
		{Event{Name: "push", Ref: "refs/heads/mainly"}, false},
		{Event{Name: "push", Ref: "refs/tags/v1"}, false},
	} {
		if got, err := w.Triggered(&tc.ev); err != nil || got != tc.want {
			t.Errorf("Triggered(%+v) = %v, %v; want %v", tc.ev, got, err, tc.want)
		}
	}
	if p := policyProblems("sample.yml", []byte(sampleWorkflow)); len(p) != 0 {
		t.Errorf("policy problems in the sample: %v", p)
	}
}

func TestParseRefusesUnknownKeys(t *testing.T) {
	for _, extra := range []string{"    strategy: {}\n", "    services: {}\n"} {
		src := strings.Replace(sampleWorkflow, "    timeout-minutes: 5\n", "    timeout-minutes: 5\n"+extra, 1)
		if _, err := ParseWorkflow("x.yml", []byte(src)); err == nil {
			t.Errorf("ParseWorkflow accepted %q", extra)
		}
	}
}

// TestPolicyCatches: each breach of the rules is reported.
func TestPolicyCatches(t *testing.T) {
	for name, edit := range map[string][2]string{
		"write token":        {"  contents: read\n", "  contents: write\n"},
		"unpinned":           {"actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2", "actions/checkout@v4"},
		"no version comment": {" # v4.2.2", ""},
		"credentials":        {"          persist-credentials: false\n", ""},
		"inline expression":  {`--author "$AUTHOR"`, `--author "${{ github.event.pull_request.user.login }}"`},
		"runs the PR":        {"run: scribe -C tree check", "run: go test -C tree ./... && scribe -C tree check"},
		"working directory":  {"      - env:\n", "      - working-directory: tree\n        env:\n"},
		"secret":             {"AUTHOR: ${{", "TOKEN: ${{ secrets.GH }}\n          AUTHOR: ${{"},
		"no timeout":         {"    timeout-minutes: 5\n", ""},
	} {
		src := strings.Replace(sampleWorkflow, edit[0], edit[1], 1)
		if src == sampleWorkflow {
			t.Fatalf("%s: the edit does not apply", name)
		}
		if p := policyProblems("x.yml", []byte(src)); len(p) == 0 {
			t.Errorf("%s: no policy problem reported", name)
		}
	}
}

// pagesWorkflow is a build-and-deploy workflow for GitHub Pages: its
// deploy job alone may write to Pages.
const pagesWorkflow = `name: site
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: scribe site -o site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
    steps:
      - id: deployment
        uses: actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5
`

// TestPagesDeploy: the pages deploy job may have its two permissions,
// and nothing wider, nowhere else, and not in a pull request's workflow.
func TestPagesDeploy(t *testing.T) {
	if p := policyProblems("site.yml", []byte(pagesWorkflow)); len(p) != 0 {
		t.Errorf("policy problems in the pages workflow: %v", p)
	}
	for name, edit := range map[string][2]string{
		"contents write":   {"      id-token: write\n", "      id-token: write\n      contents: write\n"},
		"a step that runs": {"      - id: deployment\n", "      - run: ./deploy.sh\n      - id: deployment\n"},
		"on pull request":  {"  push:\n", "  pull_request:\n  push:\n"},
		"build writes":     {"    timeout-minutes: 5\n    steps:\n      - run:", "    timeout-minutes: 5\n    permissions:\n      pages: write\n      id-token: write\n    steps:\n      - run:"},
	} {
		src := strings.Replace(pagesWorkflow, edit[0], edit[1], 1)
		if src == pagesWorkflow {
			t.Fatalf("%s: the edit does not apply", name)
		}
		if p := policyProblems("x.yml", []byte(src)); len(p) == 0 {
			t.Errorf("%s: no policy problem reported", name)
		}
	}
}

func TestDisarm(t *testing.T) {
	src := strings.Replace(sampleWorkflow, "scribe -C tree check", "scribe -C tree check --base x", 1)
	out, err := disarm([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w, err := ParseWorkflow("x.yml", out)
	if err != nil {
		t.Fatal(err)
	}
	if w.Jobs[0].Steps[1].Run != "true" || w.On["pull_request"] == nil || w.On["pull_request_target"] != nil {
		t.Errorf("disarm gave\n%s", out)
	}
}

func TestReadFileCommand(t *testing.T) {
	file := t.TempDir() + "/out"
	if err := writeFile(file, "a=1\nmulti<<EOF\nx\ny\nEOF\nb=two=2\n"); err != nil {
		t.Fatal(err)
	}
	got, err := readFileCommand(file)
	if err != nil || got["a"] != "1" || got["multi"] != "x\ny" || got["b"] != "two=2" {
		t.Errorf("readFileCommand = %v, %v", got, err)
	}
}
