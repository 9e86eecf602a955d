// Command workflows simulates this repository's GitHub workflows: for each
// scenario it makes a forge whose main is the work tree under test, plays
// pull requests and pushes on it, picks the workflow files and jobs as
// GitHub does for each event, runs their steps, and checks the verdicts,
// annotations and job summaries. One line per scenario; exit status 1 if
// any fails.
//
//	cd .ci/workflows && go run . -repo ../..
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() {
	repo := flag.String("repo", "../..", "the repository under test (its work tree)")
	run := flag.String("run", "", "run only the scenarios whose name matches this regular expression")
	verbose := flag.Bool("v", false, "print every command's output and each job's log")
	keep := flag.Bool("keep", false, "keep the simulation's folder")
	flag.Parse()
	filter, err := regexp.Compile(*run)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(Main(*repo, filter, *verbose, *keep))
}

// Main runs the scenarios and returns the exit status.
func Main(repo string, filter *regexp.Regexp, verbose, keep bool) int {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	start := time.Now()
	s, err := newSim(ctx, repo, verbose)
	if err != nil {
		fmt.Printf("FAIL setup: %v\n", err)
		return 1
	}
	if keep {
		fmt.Printf("simulation in %s\n", s.root)
	} else {
		defer os.RemoveAll(s.root)
	}
	failed, ran := 0, 0
	for _, sc := range scenarios {
		if !filter.MatchString(sc.Name) {
			continue
		}
		ran++
		t := time.Now()
		why, err := sc.Run(ctx, s)
		took := time.Since(t).Round(100 * time.Millisecond)
		if err != nil {
			failed++
			fmt.Printf("FAIL %s (%s): %s\n", sc.Name, took, firstLine(err.Error()))
			for _, l := range restLines(err.Error(), 30) {
				fmt.Printf("     %s\n", l)
			}
			continue
		}
		fmt.Printf("PASS %s (%s): %s\n", sc.Name, took, why)
	}
	fmt.Printf("the workflow simulation took %s\n", time.Since(start).Round(time.Second))
	fmt.Printf("simulation: %d passed, %d failed\n", ran-failed, failed)
	if failed > 0 || ran == 0 {
		return 1
	}
	return 0
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func restLines(s string, max int) []string {
	_, rest, ok := strings.Cut(strings.TrimRight(s, "\n"), "\n")
	if !ok {
		return nil
	}
	lines := strings.Split(rest, "\n")
	if len(lines) > max {
		lines = append(lines[:max], fmt.Sprintf("… %d more lines (run with -v for the whole log)", len(lines)-max))
	}
	return lines
}

// Sim is what every scenario shares: the work tree under test, a scribe
// built from it, and the runner machine's environment.
type Sim struct {
	repo    string // absolute
	root    string
	scribe  string
	baseEnv []string
	verbose io.Writer
	n       int
}

func newSim(ctx context.Context, repo string, verbose bool) (*Sim, error) {
	abs, err := filepath.Abs(repo)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, "cmd", "scribe")); err != nil {
		return nil, fmt.Errorf("%s does not look like scribe's repository: %w", abs, err)
	}
	root, err := os.MkdirTemp("", "scribe-workflows-")
	if err != nil {
		return nil, err
	}
	s := &Sim{repo: abs, root: root, scribe: filepath.Join(root, "bin", "scribe")}
	if verbose {
		s.verbose = os.Stdout
	}
	if s.baseEnv, err = runnerEnv(ctx); err != nil {
		return nil, err
	}
	// scribe from the work tree, for the people who prepare commits.
	build := exec.CommandContext(ctx, "go", "build", "-buildvcs=false", "-o", s.scribe, "./cmd/scribe")
	build.Dir = abs
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/scribe: %w\n%s", err, out)
	}
	return s, nil
}

// runnerEnv is the environment of the simulated runner machine: its PATH
// and Go's settings and caches (so that builds reuse this machine's), and
// nothing of GitHub's or git's from the caller.
func runnerEnv(ctx context.Context) ([]string, error) {
	keys := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOINSECURE", "GOFLAGS", "GOTOOLCHAIN"}
	out, err := exec.CommandContext(ctx, "go", append([]string{"env", "-json"}, keys...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %w", err)
	}
	var goEnv map[string]string
	if err := json.Unmarshal(out, &goEnv); err != nil {
		return nil, err
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "TZ=UTC"}
	if t := os.Getenv("TMPDIR"); t != "" {
		env = append(env, "TMPDIR="+t)
	}
	for _, k := range keys {
		if v := goEnv[k]; v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env, nil
}

// newForge makes a forge for one scenario, its main the work tree under
// test plus a maintainer's commit that registers the scenario's people.
func (s *Sim) newForge(ctx context.Context, name string) (*Forge, error) {
	s.n++
	root := filepath.Join(s.root, fmt.Sprintf("%02d-%s", s.n, name))
	f, err := NewForge(ctx, root, "scribe-transcription/scribe", s.repo, s.scribe, s.baseEnv, maintainer)
	if err != nil {
		return nil, err
	}
	m, err := f.Clone(ctx, maintainer, "maintainer")
	if err != nil {
		return nil, err
	}
	toml, err := m.ReadFile("transcriptions/project.toml")
	if err != nil {
		return nil, err
	}
	toml = append(toml, peopleTOML...)
	if err := m.WriteFile("transcriptions/project.toml", toml); err != nil {
		return nil, err
	}
	if err := m.CommitAll(ctx, "Register alice (contributor) and rita (reviewer)"); err != nil {
		return nil, err
	}
	if _, _, err := m.PushMain(ctx); err != nil {
		return nil, err
	}
	return f, nil
}

var (
	maintainer = Person{ID: "maintainers", Name: "Project maintainers", Email: "maintainers@example.org", Login: "maintainer-gh"}
	alice      = Person{ID: "alice", Name: "Alice Volunteer", Email: "alice@example.org", Login: "alice-gh"}
	rita       = Person{ID: "rita", Name: "Rita Reviewer", Email: "rita@example.org", Login: "rita-gh"}
)

const peopleTOML = `
[people.alice]
role = "contributor"
name = "Alice Volunteer"
email = "alice@example.org"
login = "alice-gh"

[people.rita]
role = "reviewer"
name = "Rita Reviewer"
email = "rita@example.org"
login = "rita-gh"
`

// Outcome is what GitHub would do for an event: the workflow commit, the
// jobs that the event starts in every workflow file, and the results of
// those of the file simulated.
type Outcome struct {
	WorkflowSHA string
	Started     []string // file/job of every workflow, whether run or not
	Jobs        map[string]*JobResult
}

// Simulate picks the workflow files for the event as GitHub does (from
// ev.WorkflowSHA), selects the jobs whose on: and if: match, and runs those
// of the workflow file named: the others are listed, not run (test.yml runs
// .ci/run, which runs this simulator).
func (s *Sim) Simulate(ctx context.Context, f *Forge, ev *Event, file string) (*Outcome, error) {
	ws, err := f.Workflows(ctx, ev.WorkflowSHA)
	if err != nil {
		return nil, err
	}
	o := &Outcome{WorkflowSHA: ev.WorkflowSHA, Jobs: map[string]*JobResult{}}
	r := &Runner{Forge: f, BaseEnv: s.baseEnv, Verbose: s.verbose}
	found := false
	for _, w := range ws {
		ok, err := w.Triggered(ev)
		if err != nil {
			return nil, err
		}
		if w.File == file {
			found = true
		}
		if !ok {
			continue
		}
		for _, job := range w.Jobs {
			sel := &scope{contexts: map[string]any{"github": eventContext(f, ev)}, status: "success"}
			run, err := sel.condition(job.If)
			if err != nil {
				return nil, fmt.Errorf("%s: job %s: %w", w.File, job.ID, err)
			}
			if !run {
				continue
			}
			name := strings.TrimPrefix(w.File, ".github/workflows/") + "/" + job.ID
			o.Started = append(o.Started, name)
			if w.File != file {
				continue
			}
			res, err := r.RunJob(ctx, w, job, ev)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if s.verbose != nil {
				fmt.Fprintf(s.verbose, "---- %s: passed=%v\n%s\n---- summary\n%s\n", name, res.Passed, res.Log, res.Summary)
			}
			o.Jobs[job.ID] = res
		}
	}
	if !found {
		return nil, fmt.Errorf("commit %.12s has no %s", ev.WorkflowSHA, file)
	}
	return o, nil
}

// eventContext is the github context as a job's if: sees it.
func eventContext(f *Forge, ev *Event) map[string]any {
	data, _ := json.Marshal(ev.Payload)
	var event map[string]any
	json.Unmarshal(data, &event)
	return map[string]any{
		"event_name": ev.Name, "event": event, "sha": ev.SHA, "ref": ev.Ref,
		"base_ref": ev.BaseRef, "head_ref": ev.HeadRef, "repository": f.Repo, "actor": ev.Actor,
		"token": refused("the simulator hands out no token"),
	}
}

// run runs a command of the simulation itself, with the runner machine's
// environment and a home of its own.
func (s *Sim) run(ctx context.Context, dir string, argv ...string) (string, error) {
	home := filepath.Join(s.root, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(append([]string{}, s.baseEnv...), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, out)
	}
	return string(out), nil
}
