package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// reviewerNote is a reviewer's note in a reading, [**…].
var reviewerNote = regexp.MustCompile(`\s*\[\*\*[^\]]*\]`)

// Scenario plays events on a forge and checks what the workflows did. Run
// returns why it passed, or an error saying what went wrong.
type Scenario struct {
	Name string
	Run  func(ctx context.Context, s *Sim) (string, error)
}

var scenarios = []Scenario{
	{"policy", scenarioPolicy},
	{"1-reading", scenarioReading},
	{"2-hostile", scenarioHostile},
	{"3-review", scenarioReview},
	{"4-push", scenarioPush},
	{"5-init", scenarioInit},
	{"6-impostor", scenarioImpostor},
}

const (
	checkYML = ".github/workflows/check.yml"
	page     = "tasks-of-the-working-class/003"
)

// scenarioReading: a contributor's reading of a page, by a registered
// contributor, passes the gate (warnings allowed: the page's decisions and
// canonical text now need a reviewer).
func scenarioReading(ctx context.Context, s *Sim) (string, error) {
	f, err := s.newForge(ctx, "reading")
	if err != nil {
		return "", err
	}
	pr, err := aliceReading(ctx, f)
	if err != nil {
		return "", err
	}
	o, err := s.Simulate(ctx, f, f.PullRequestEvent("pull_request_target", pr, "opened"), checkYML)
	if err != nil {
		return "", err
	}
	if o.WorkflowSHA != pr.Base {
		return "", fmt.Errorf("pull_request_target ran the workflows of %.12s, not of the base tip %.12s", o.WorkflowSHA, pr.Base)
	}
	if err := wantStarted(o, "check.yml/gate"); err != nil {
		return "", err
	}
	res, err := wantVerdict(o, "gate", true)
	if err != nil {
		return "", err
	}
	if err := wantSummary(res, "scribe check passed", "alice"); err != nil {
		return "", err
	}
	return fmt.Sprintf("alice-gh's reading of %s: gate passed, %s", page, counts(res)), nil
}

// scenarioHostile: a pull request that disarms check.yml (its check step
// becomes `run: "true"`, and it runs on pull_request), changes another
// contributor's reading and makes scribe's check always pass. The gate, run from the base's check.yml, fails
// with scope errors. The same pull request under pull_request, where
// GitHub runs the pull request's own check.yml, passes: that is the hole
// pull_request_target closes.
func scenarioHostile(ctx context.Context, s *Sim) (string, error) {
	f, err := s.newForge(ctx, "hostile")
	if err != nil {
		return "", err
	}
	c, err := f.Clone(ctx, alice, "alice")
	if err != nil {
		return "", err
	}
	const branch = "fix-typos"
	if _, err := c.Git(ctx, "checkout", "-q", "-b", branch); err != nil {
		return "", err
	}
	yml, err := c.ReadFile(checkYML)
	if err != nil {
		return "", err
	}
	disarmed, err := disarm(yml)
	if err != nil {
		return "", err
	}
	if err := c.WriteFile(checkYML, disarmed); err != nil {
		return "", err
	}
	const other = "transcriptions/tasks-of-the-working-class/005/readings/editor.txt"
	if err := changeWord(c, other); err != nil {
		return "", err
	}
	// And a scribe whose check always passes, for a gate that would build
	// the pull request's code.
	if err := c.WriteFile(hostileGo, []byte(hostileSource)); err != nil {
		return "", err
	}
	if err := c.CommitAll(ctx, "Fix typos"); err != nil {
		return "", err
	}
	pr, err := f.OpenPR(ctx, c, branch)
	if err != nil {
		return "", err
	}

	o, err := s.Simulate(ctx, f, f.PullRequestEvent("pull_request_target", pr, "opened"), checkYML)
	if err != nil {
		return "", err
	}
	if o.WorkflowSHA != pr.Base {
		return "", fmt.Errorf("pull_request_target ran the workflows of %.12s, not of the base tip %.12s", o.WorkflowSHA, pr.Base)
	}
	if err := wantStarted(o, "check.yml/gate"); err != nil {
		return "", err
	}
	res, err := wantVerdict(o, "gate", false)
	if err != nil {
		return "", err
	}
	for _, file := range []string{checkYML, other, hostileGo} {
		if err := wantAnnotation(res, `^::error file=`+regexp.QuoteMeta(file)+`[,:].*scope`); err != nil {
			return "", err
		}
	}
	if err := wantSummary(res, "scribe check failed"); err != nil {
		return "", err
	}

	// The contrast: pull_request runs the merge commit's check.yml.
	o2, err := s.Simulate(ctx, f, f.PullRequestEvent("pull_request", pr, "opened"), checkYML)
	if err != nil {
		return "", fmt.Errorf("under pull_request: %w", err)
	}
	if o2.WorkflowSHA != pr.Merge {
		return "", fmt.Errorf("pull_request ran the workflows of %.12s, not of the merge commit %.12s", o2.WorkflowSHA, pr.Merge)
	}
	if err := wantStarted(o2, "check.yml/gate", "test.yml/test"); err != nil {
		return "", fmt.Errorf("under pull_request: %w", err)
	}
	res2, err := wantVerdict(o2, "gate", true)
	if err != nil {
		return "", fmt.Errorf("under pull_request (the pull request's own check.yml) the gate should have passed, proving the hole: %w", err)
	}
	if !strings.Contains(res2.Log, "\n$ true\n") || strings.Contains(res2.Summary, "scribe check") {
		return "", fmt.Errorf("under pull_request the disarmed step `true` should have run instead of scribe check\n%s", describe(res2))
	}
	return fmt.Sprintf("the base's check.yml and scribe failed it (%s; scope errors on %s, %s, %s); under pull_request its own check.yml would have passed it", counts(res), checkYML, other, hostileGo), nil
}

const hostileGo = "cmd/scribe/zz_hostile.go"

const hostileSource = `package main

import "os"

// A hostile pull request's scribe: every check passes.
func init() {
	for _, a := range os.Args[1:] {
		if a == "check" {
			os.Exit(0)
		}
	}
}
`

// scenarioReview: a reviewer settles the rows of a page on which a merged
// reading made the readings differ, rebuilds, and passes the gate.
func scenarioReview(ctx context.Context, s *Sim) (string, error) {
	f, err := s.newForge(ctx, "review")
	if err != nil {
		return "", err
	}
	pr, err := aliceReading(ctx, f)
	if err != nil {
		return "", err
	}
	if _, _, err := f.MergePR(ctx, pr, maintainer); err != nil {
		return "", err
	}
	c, err := f.Clone(ctx, rita, "rita")
	if err != nil {
		return "", err
	}
	const branch = "review/tasks-of-the-working-class-003"
	if _, err := c.Git(ctx, "checkout", "-q", "-b", branch); err != nil {
		return "", err
	}
	out, err := c.Scribe(ctx, "diff", page, "--json")
	if err != nil {
		return "", err
	}
	var collation struct {
		Rows []struct {
			Index     int    `json:"index"`
			Status    string `json:"status"`
			Consensus string `json:"consensus"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &collation); err != nil {
		return "", fmt.Errorf("scribe diff --json: %w", err)
	}
	decided := 0
	for _, row := range collation.Rows {
		note := strings.Contains(row.Consensus, "[**")
		if row.Status == "unanimous" && !note {
			continue
		}
		args := []string{"decide", page, "--row", strconv.Itoa(row.Index), "--consensus", "--as", "rita", "--note", "consensus of the three readings"}
		if row.Consensus == "" {
			// A stray line most readings lack: the reviewer omits it.
			args = []string{"decide", page, "--row", strconv.Itoa(row.Index), "--omit", "--as", "rita", "--note", "a stray line the other readings lack"}
		}
		if note {
			// A reviewer's note never enters the canonical text: the
			// reviewer types the line without it.
			args = []string{"decide", page, "--row", strconv.Itoa(row.Index), "--text", strings.TrimSpace(reviewerNote.ReplaceAllString(row.Consensus, "")), "--as", "rita", "--note", "the consensus without the reading's note"}
		}
		if _, err := c.Scribe(ctx, args...); err != nil {
			return "", err
		}
		decided++
	}
	if decided == 0 {
		return "", fmt.Errorf("%s has no row to decide after alice's reading", page)
	}
	if _, err := c.Scribe(ctx, "build"); err != nil {
		return "", err
	}
	if err := c.CommitAll(ctx, "Review "+page); err != nil {
		return "", err
	}
	pr2, err := f.OpenPR(ctx, c, branch)
	if err != nil {
		return "", err
	}
	o, err := s.Simulate(ctx, f, f.PullRequestEvent("pull_request_target", pr2, "opened"), checkYML)
	if err != nil {
		return "", err
	}
	res, err := wantVerdict(o, "gate", true)
	if err != nil {
		return "", err
	}
	if err := wantSummary(res, "scribe check passed", "rita"); err != nil {
		return "", err
	}
	return fmt.Sprintf("rita-gh decided %d rows of %s and rebuilt: gate passed, %s", decided, page, counts(res)), nil
}

// scenarioPush: the merge button on a reading's pull request, then the push
// to main: the tree job passes (warnings allowed: the page needs a
// reviewer).
func scenarioPush(ctx context.Context, s *Sim) (string, error) {
	f, err := s.newForge(ctx, "push")
	if err != nil {
		return "", err
	}
	pr, err := aliceReading(ctx, f)
	if err != nil {
		return "", err
	}
	before, after, err := f.MergePR(ctx, pr, maintainer)
	if err != nil {
		return "", err
	}
	o, err := s.Simulate(ctx, f, f.PushEvent(before, after, maintainer), checkYML)
	if err != nil {
		return "", err
	}
	if err := wantStarted(o, "check.yml/tree", "site.yml/build", "site.yml/deploy", "test.yml/test"); err != nil {
		return "", err
	}
	res, err := wantVerdict(o, "tree", true)
	if err != nil {
		return "", err
	}
	if err := wantSummary(res, "scribe check passed"); err != nil {
		return "", err
	}
	return fmt.Sprintf("push of the merge of alice-gh's reading: tree job passed, %s", counts(res)), nil
}

// scenarioImpostor: the forge account "alice" is not alice-gh. Its pull
// request adds readings/alice.txt, committed with alice's own name and
// email (anyone can set those), and fails the gate: the author is the
// forge login, matched against login only.
func scenarioImpostor(ctx context.Context, s *Sim) (string, error) {
	f, err := s.newForge(ctx, "impostor")
	if err != nil {
		return "", err
	}
	impostor := alice
	impostor.Login = "alice"
	pr, err := readingBy(ctx, f, impostor)
	if err != nil {
		return "", err
	}
	o, err := s.Simulate(ctx, f, f.PullRequestEvent("pull_request_target", pr, "opened"), checkYML)
	if err != nil {
		return "", err
	}
	res, err := wantVerdict(o, "gate", false)
	if err != nil {
		return "", err
	}
	file := "transcriptions/" + page + "/readings/alice.txt"
	if err := wantAnnotation(res, `^::error file=`+regexp.QuoteMeta(file)+`[,:].*scope`); err != nil {
		return "", err
	}
	return fmt.Sprintf("login \"alice\" (the id, not the login, of a contributor) adding %s with alice's git identity: gate failed with a scope error", file), nil
}

// aliceReading opens alice-gh's pull request with her reading of page 003:
// the editor's reading with one word spelt otherwise.
func aliceReading(ctx context.Context, f *Forge) (*PR, error) {
	return readingBy(ctx, f, alice)
}

// readingBy is aliceReading with the pull request opened by who, whose git
// identity makes the commit.
func readingBy(ctx context.Context, f *Forge, who Person) (*PR, error) {
	c, err := f.Clone(ctx, who, "alice")
	if err != nil {
		return nil, err
	}
	const branch = "reading/alice/tasks-of-the-working-class-003"
	if _, err := c.Git(ctx, "checkout", "-q", "-b", branch); err != nil {
		return nil, err
	}
	editor, err := c.ReadFile("transcriptions/" + page + "/readings/editor.txt")
	if err != nil {
		return nil, err
	}
	reading := strings.Replace(string(editor), "utilised", "utilized", 1)
	if reading == string(editor) {
		return nil, fmt.Errorf("the editor's reading of %s has no \"utilised\" to spell otherwise", page)
	}
	file := filepath.Join(f.Root, "alice-003.txt")
	if err := os.WriteFile(file, []byte(reading), 0o644); err != nil {
		return nil, err
	}
	if _, err := c.Scribe(ctx, "submit", page, file, "--as", "alice"); err != nil {
		return nil, err
	}
	return f.OpenPR(ctx, c, branch)
}

// changeWord changes one word of a file in a clone.
func changeWord(c *Clone, rel string) error {
	data, err := c.ReadFile(rel)
	if err != nil {
		return err
	}
	changed := strings.Replace(string(data), " the ", " a ", 1)
	if changed == string(data) {
		return fmt.Errorf("%s has no \" the \" to change", rel)
	}
	return c.WriteFile(rel, []byte(changed))
}

// disarm is a hostile edit of check.yml: every step that runs scribe check
// --base becomes `run: "true"`, and pull_request_target becomes
// pull_request, so that the file would judge its own pull request.
func disarm(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	n := 0
	var walk func(*yaml.Node)
	walk = func(x *yaml.Node) {
		if x.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(x.Content); i += 2 {
				if k, v := x.Content[i], x.Content[i+1]; k.Value == "run" && strings.Contains(v.Value, "check --base") {
					v.Value, v.Style = "true", yaml.DoubleQuotedStyle
					n++
				}
			}
		}
		if x.Kind == yaml.ScalarNode {
			x.Value = strings.ReplaceAll(x.Value, "pull_request_target", "pull_request")
		}
		for _, c := range x.Content {
			walk(c)
		}
	}
	walk(&doc)
	if n == 0 {
		return nil, fmt.Errorf("%s has no step that runs scribe check --base to disarm", checkYML)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// wantStarted checks the jobs the event started, in all workflow files.
func wantStarted(o *Outcome, want ...string) error {
	got := slices.Sorted(slices.Values(o.Started))
	if !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		return fmt.Errorf("the event started the jobs %v, want %v", got, want)
	}
	return nil
}

func wantVerdict(o *Outcome, job string, pass bool) (*JobResult, error) {
	res, ok := o.Jobs[job]
	if !ok {
		return nil, fmt.Errorf("the job %s did not run", job)
	}
	if res.Passed != pass {
		verdict := map[bool]string{true: "passed", false: "failed"}
		return nil, fmt.Errorf("the job %s %s, want %s\n%s", job, verdict[res.Passed], verdict[pass], describe(res))
	}
	if pass {
		for _, a := range res.Annotations() {
			if strings.HasPrefix(a, "::error") {
				return nil, fmt.Errorf("the job %s passed with an error annotation: %s\n%s", job, a, describe(res))
			}
		}
	}
	return res, nil
}

func wantAnnotation(res *JobResult, pattern string) error {
	re := regexp.MustCompile(pattern)
	for _, a := range res.Annotations() {
		if re.MatchString(a) {
			return nil
		}
	}
	return fmt.Errorf("no annotation matches %s\n%s", pattern, describe(res))
}

func wantSummary(res *JobResult, want ...string) error {
	for _, w := range want {
		if !strings.Contains(res.Summary, w) {
			return fmt.Errorf("the job summary lacks %q\n%s\nsummary:\n%s", w, describe(res), res.Summary)
		}
	}
	return nil
}

// counts says how many errors and warnings the job annotated.
func counts(res *JobResult) string {
	e, w := 0, 0
	for _, a := range res.Annotations() {
		switch {
		case strings.HasPrefix(a, "::error"):
			e++
		case strings.HasPrefix(a, "::warning"):
			w++
		}
	}
	return fmt.Sprintf("%d error and %d warning annotations", e, w)
}

// describe is a job's result for a failure message: its steps, then its
// error annotations, or the end of its log when there are none.
func describe(res *JobResult) string {
	var b strings.Builder
	mark := map[string]string{"success": "ok  ", "failure": "FAIL", "skipped": "skip"}
	for _, st := range res.Steps {
		fmt.Fprintf(&b, "  %s %s", mark[st.Outcome], st.Name)
		if st.Err != "" {
			fmt.Fprintf(&b, ": %s", st.Err)
		}
		b.WriteByte('\n')
	}
	var errs []string
	for _, a := range res.Annotations() {
		if strings.HasPrefix(a, "::error") {
			errs = append(errs, "  "+a)
		}
	}
	if len(errs) > 0 {
		b.WriteString(strings.Join(errs, "\n"))
		return b.String()
	}
	lines := strings.Split(strings.TrimRight(res.Log, "\n"), "\n")
	if len(lines) > 12 {
		lines = lines[len(lines)-12:]
	}
	b.WriteString("  log: …\n  " + strings.Join(lines, "\n  "))
	return b.String()
}
