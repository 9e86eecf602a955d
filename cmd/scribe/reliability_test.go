package main

// Nothing is lost: scribe processes run at once, killed at random moments,
// or failing a write. The processes are this test binary acting as scribe
// (runMainEnv), built once by go test.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/decision"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

// envInt is the integer in the environment variable name, or def.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// reliabilityProject makes a project with git, one document bk of pages
// pages, each read by the OCR, ann and ben: row 1 disputed, row 2
// unanimous, rows 3 and 4 majority. rev is a reviewer, git's user.
func reliabilityProject(t *testing.T, pages int) string {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", "")
	setGitUser(t, "Rev", "rev@example.org")
	dir := t.TempDir()
	streams, _, errOut := TestIO("")
	if code := Main([]string{"init", dir}, streams); code != 0 {
		t.Fatalf("init: %s", errOut)
	}
	var ocr strings.Builder
	for i := 1; i <= pages; i++ {
		if i > 1 {
			ocr.WriteString("\f")
		}
		fmt.Fprintf(&ocr, "Page %d: the quick brovvn fox\njumps over the lazy dog\nand then the end,\nsaid the scribe\n", i)
	}
	src := filepath.Join(t.TempDir(), "ocr.txt")
	if err := os.WriteFile(src, []byte(ocr.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := Main([]string{"-C", dir, "import", "bk", "--title", "B", src}, streams); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	proj := filepath.Join(dir, "transcriptions", "project.toml")
	f, err := os.OpenFile(proj, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("\n[people.rev]\nrole = \"reviewer\"\nemail = \"rev@example.org\"\n\n[people.ann]\nrole = \"contributor\"\n\n[people.ben]\nrole = \"contributor\"\n")
	f.Close()
	for i := 1; i <= pages; i++ {
		for id, text := range map[string]string{
			"ann": "Page %d: the quick brown fox\njumps over the lazy dog\nand then the end.\nsaid the scribe\n",
			"ben": "Page %d: the quick brown fax\njumps over the lazy dog\nand then the end.\nsaid the scrivener\n",
		} {
			p := filepath.Join(dir, filepath.FromSlash(layout.ReadingPath("bk", fmt.Sprintf("%03d", i), id)))
			if err := os.WriteFile(p, []byte(fmt.Sprintf(text, i)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// copyProject copies the project at src, git directory included, to a
// fresh folder.
func copyProject(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// scribeCmd is scribe run as a process in dir.
func scribeCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1", "NO_COLOR=1")
	return cmd
}

// runScribe runs scribe in dir and returns its output and exit status.
func runScribe(dir string, args ...string) (string, int) {
	cmd := scribeCmd(dir, args...)
	out, err := cmd.CombinedOutput()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		code = -1
	}
	return string(out), code
}

// mainIn runs scribe in dir within this process, as a process would
// (the repository lock is a lock on an open file, which two goroutines
// hold no more at once than two processes).
func mainIn(dir string, args ...string) (string, int) {
	streams, out, errOut := TestIO("")
	code := Main(append([]string{"-C", dir}, args...), streams)
	return out.String() + errOut.String(), code
}

func pageDecisions(t *testing.T, dir, pageID string) map[int]decision.Decision {
	t.Helper()
	rel := layout.DecisionsPath("bk", pageID)
	src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	ds, err := decision.Parse(rel, src)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	out := map[int]decision.Decision{}
	for _, d := range ds {
		out[d.Row] = d
	}
	return out
}

// leftovers lists the temporary files left where check or git would see
// them (anywhere outside the git directory) and those left in scribe's
// temporary folder.
func leftovers(t *testing.T, dir string) (visible, hidden []string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() && rel == ".git" {
			return fs.SkipDir
		}
		if n := d.Name(); layout.IsTemp(n) || strings.Contains(n, ".tmp") || strings.Contains(n, "scribe-tmp") {
			visible = append(visible, rel)
		}
		return nil
	})
	entries, _ := os.ReadDir(filepath.Join(dir, ".git", layout.TempDir))
	for _, e := range entries {
		hidden = append(hidden, e.Name())
	}
	return visible, hidden
}

var noErrors = regexp.MustCompile(`(?m)^0 errors`)

// checkClean runs scribe check and fails unless it reports no error.
func checkClean(t *testing.T, dir, what string) bool {
	t.Helper()
	out, code := runScribe(dir, "check")
	if code != 0 || !noErrors.MatchString(out) {
		t.Errorf("%s: check exits %d:\n%s", what, code, out)
		return false
	}
	return true
}

// TestConcurrentWritesLoseNothing runs two writers at once on one page,
// again and again: neither loses the other's work. They run as goroutines
// of this process, which the lock keeps apart as it does processes (the
// kill test below runs processes). SCRIBE_CONCURRENT_RUNS sets the number
// of runs of each pair.
func TestConcurrentWritesLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scribe processes")
	}
	runs := envInt(t, "SCRIBE_CONCURRENT_RUNS", 50)
	tmpl := reliabilityProject(t, 3)
	for _, tc := range []struct {
		name string
		cmds [][]string
		rows []int // rows of bk/001 that must hold a decision afterwards
	}{
		{"build and decide", [][]string{{"build"}, {"decide", "bk/001", "--row", "1", "--pick", "ann"}}, []int{1}},
		{"two decides", [][]string{{"decide", "bk/001", "--row", "1", "--pick", "ann"}, {"decide", "bk/001", "--row", "3", "--pick", "ben"}}, []int{1, 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept := 0
			for run := 0; run < runs; run++ {
				dir := copyProject(t, tmpl)
				var wg sync.WaitGroup
				outs := make([]string, len(tc.cmds))
				codes := make([]int, len(tc.cmds))
				for i, args := range tc.cmds {
					wg.Add(1)
					go func() {
						defer wg.Done()
						outs[i], codes[i] = mainIn(dir, args...)
					}()
				}
				wg.Wait()
				ok := true
				for i := range tc.cmds {
					if codes[i] != 0 {
						t.Errorf("run %d: %v exits %d: %s", run, tc.cmds[i], codes[i], outs[i])
						ok = false
					}
				}
				ds := pageDecisions(t, dir, "001")
				for _, row := range tc.rows {
					if _, has := ds[row]; !has {
						t.Errorf("run %d: the decision on row %d was lost", run, row)
						ok = false
					}
				}
				if ok {
					kept++
				}
			}
			t.Logf("%s: nothing lost in %d of %d runs", tc.name, kept, runs)
		})
	}
}

// TestReviewAndBuildLoseNothing: a review (its run function, on a
// terminal of in-memory streams) decides a row while a build runs; the
// decision is kept. SCRIBE_CONCURRENT_RUNS sets the number of runs.
func TestReviewAndBuildLoseNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scribe processes")
	}
	runs := envInt(t, "SCRIBE_CONCURRENT_RUNS", 50)
	tmpl := reliabilityProject(t, 3)
	kept := 0
	for run := 0; run < runs; run++ {
		dir := copyProject(t, tmpl)
		var buildOut string
		var buildCode int
		built := make(chan struct{})
		go func() {
			defer close(built)
			buildOut, buildCode = mainIn(dir, "build")
		}()
		a, out, errOut := testApp(dir, "1\nq\n")
		a.io.InTTY = true
		err := runReview(context.Background(), &reviewOptions{app: a, target: "bk/001", now: time.Now})
		if <-built; buildCode != 0 {
			t.Errorf("run %d: build exits %d: %s", run, buildCode, buildOut)
		}
		if err != nil || !strings.Contains(out.String(), "row 1: ") {
			t.Errorf("run %d: review: %v\n%s%s", run, err, out, errOut)
			continue
		}
		if d, ok := pageDecisions(t, dir, "001")[1]; !ok || d.By != "rev" {
			t.Errorf("run %d: the review's decision on row 1 was lost", run)
			continue
		}
		kept++
	}
	t.Logf("review and build: nothing lost in %d of %d runs", kept, runs)
}

// TestKilledCommandsLeaveFilesWhole kills decide, build and accept with
// SIGKILL at random moments; after each kill every file parses (check
// reports no error), no temporary file stands where check or git would
// see it, and running the command again finishes the job (and removes any
// temporary file left in the git directory). SCRIBE_CRASH_FULL=1 makes
// 210 kills instead of 30; SCRIBE_CRASH_SEED repeats a run.
func TestKilledCommandsLeaveFilesWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scribe processes")
	}
	kills := 30
	if os.Getenv("SCRIBE_CRASH_FULL") == "1" {
		kills = 210
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("SCRIBE_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("seed %d (SCRIBE_CRASH_SEED=%d repeats this run)", seed, seed)
	rng := rand.New(rand.NewSource(seed))
	tmpl := reliabilityProject(t, 12)
	type command struct {
		args []string
		done func(dir string) error // whether the job is finished
	}
	commands := []command{
		{[]string{"decide", "bk/005", "--row", "1", "--pick", "ann", "--note", "killed"}, func(dir string) error {
			if d, ok := pageDecisions(t, dir, "005")[1]; !ok || d.Note != "killed" {
				return errors.New("the decision is missing")
			}
			return nil
		}},
		{[]string{"build"}, func(dir string) error {
			out, _ := runScribe(dir, "build")
			if strings.Contains(out, "wrote ") {
				return fmt.Errorf("a further build still writes:\n%s", out)
			}
			return nil
		}},
		{[]string{"accept", "bk", "--unanimous"}, func(dir string) error {
			out, _ := runScribe(dir, "accept", "bk", "--unanimous")
			if !strings.Contains(out, "accepted 0 rows") {
				return fmt.Errorf("a further accept still accepts:\n%s", out)
			}
			return nil
		}},
	}
	// How long each command takes, so that the kills spread over its run.
	took := make([]time.Duration, len(commands))
	for i, c := range commands {
		dir := copyProject(t, tmpl)
		start := time.Now()
		if out, code := runScribe(dir, c.args...); code != 0 {
			t.Fatalf("%v: %s", c.args, out)
		}
		took[i] = time.Since(start)
	}
	survived, early := 0, 0
	for k := 0; k < kills; k++ {
		i := k % len(commands)
		c := commands[i]
		dir := copyProject(t, tmpl)
		delay := time.Duration(rng.Int63n(int64(took[i])*4/5 + 1))
		cmd := scribeCmd(dir, c.args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Kill()
		if err := cmd.Wait(); err == nil {
			early++ // it finished before the kill
		}
		what := fmt.Sprintf("kill %d (%v after %v)", k, c.args, delay)
		ok := checkClean(t, dir, what)
		if visible, _ := leftovers(t, dir); len(visible) > 0 {
			t.Errorf("%s: temporary files left in the work tree: %v", what, visible)
			ok = false
		}
		if out, code := runScribe(dir, c.args...); code != 0 {
			t.Errorf("%s: run again, exits %d: %s", what, code, out)
			ok = false
		}
		if err := c.done(dir); err != nil {
			t.Errorf("%s: after running again: %v", what, err)
			ok = false
		}
		if _, hidden := leftovers(t, dir); len(hidden) > 0 {
			t.Errorf("%s: run again, temporary files are still in the git directory: %v", what, hidden)
			ok = false
		}
		if ok {
			survived++
		}
	}
	t.Logf("kills survived: %d of %d (%d of them came after the command had finished)", survived, kills, early)
}

// atStamp is a decision's time, which differs between two runs.
var atStamp = regexp.MustCompile(`"at":"[^"]*"`)

// snapshot is every file of the project outside the git directory, with
// decision times blanked.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if rel == ".git" {
				return fs.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.ToSlash(rel)] = atStamp.ReplaceAllString(string(b), `"at":""`)
		return nil
	})
	return out
}

// TestFailedWritesLeaveFilesWhole fails each write of a command in turn,
// at each step of the write (creating the temporary file, writing it,
// renaming it): the command exits non-zero saying which file it could not
// write, every file is as it was before the command or as the command
// leaves it, and no temporary file is left.
func TestFailedWritesLeaveFilesWhole(t *testing.T) {
	tmpl := reliabilityProject(t, 2)
	for _, args := range [][]string{
		{"decide", "bk/001", "--row", "1", "--pick", "ann"},
		{"decide", "bk/001", "--row", "1", "--through", "2", "--pick", "ann"},
		{"build"},
		{"accept", "bk", "--unanimous"},
		{"people", "add", "zoe", "--role", "contributor"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			before := snapshot(t, tmpl)
			ref := copyProject(t, tmpl)
			streams, _, errOut := TestIO("")
			if code := Main(append([]string{"-C", ref}, args...), streams); code != 0 {
				t.Fatalf("without a fault: %s", errOut)
			}
			after := snapshot(t, ref)
			failed := 0
			for n := 1; ; n++ {
				hit := false
				for _, step := range []string{"create", "write", "rename"} {
					dir := copyProject(t, tmpl)
					// The n-th file to be replaced is the one that fails
					// (build writes on all cores: the order may vary).
					count, target := 0, ""
					hit = false
					var mu sync.Mutex
					layout.WriteHook = func(s, abs string) error {
						mu.Lock()
						defer mu.Unlock()
						if s == "create" {
							if count++; count == n {
								target = abs
							}
						}
						if abs == target && s == step {
							hit = true
							return errors.New("injected fault")
						}
						return nil
					}
					streams, _, errOut := TestIO("")
					code := Main(append([]string{"-C", dir}, args...), streams)
					layout.WriteHook = nil
					if !hit {
						break
					}
					failed++
					what := fmt.Sprintf("write %d failing at %s", n, step)
					if code == 0 || !strings.Contains(errOut.String(), "could not write transcriptions/") || !strings.Contains(errOut.String(), "injected fault") {
						t.Errorf("%s: exit %d, stderr %q; want a failure naming the file", what, code, errOut)
					}
					for rel, got := range snapshot(t, dir) {
						if b, ok := before[rel]; ok && got == b {
							continue
						}
						if a, ok := after[rel]; ok && got == a {
							continue
						}
						t.Errorf("%s: %s is neither as before nor as after:\n%s", what, rel, got)
					}
					for rel := range before {
						if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
							t.Errorf("%s: %s is gone", what, rel)
						}
					}
					if visible, hidden := leftovers(t, dir); len(visible)+len(hidden) > 0 {
						t.Errorf("%s: temporary files left: %v %v", what, visible, hidden)
					}
				}
				if !hit {
					break
				}
			}
			if failed == 0 {
				t.Fatal("the command wrote nothing")
			}
			t.Logf("%d faults injected", failed)
		})
	}
}

// TestInterruptedDecideSaysWhatHappened sends SIGINT to decide at random
// moments: it either saves the decision and says so (exit 0), or stops
// before writing and says that (exit 130, every file as before).
func TestInterruptedDecideSaysWhatHappened(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scribe processes")
	}
	runs := envInt(t, "SCRIBE_INTERRUPT_RUNS", 20)
	tmpl := reliabilityProject(t, 3)
	before := snapshot(t, tmpl)
	args := []string{"decide", "bk/001", "--row", "1", "--pick", "ann"}
	took := time.Hour
	for range 3 {
		dir := copyProject(t, tmpl)
		start := time.Now()
		if out, code := runScribe(dir, args...); code != 0 {
			t.Fatal(out)
		}
		took = min(took, time.Since(start))
	}
	t.Logf("decide takes %v", took)
	seed := time.Now().UnixNano()
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewSource(seed))
	tally := map[string]int{}
	for run := 0; run < runs; run++ {
		dir := copyProject(t, tmpl)
		cmd := scribeCmd(dir, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int63n(int64(took) + 1)))
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		_, saved := pageDecisions(t, dir, "001")[1]
		switch msg := out.String(); {
		case code == -1: // the signal came before scribe had started
			tally["before scribe started"]++
			if saved {
				t.Errorf("run %d: killed at start, yet the decision is saved", run)
			}
		case strings.Contains(msg, "scribe: interrupted: the decision was saved"):
			tally["saved"]++
			if code != 0 || !saved {
				t.Errorf("run %d: says saved, exit %d, decision saved %v", run, code, saved)
			}
		case strings.Contains(msg, "scribe: interrupted before anything was written"):
			tally["not written"]++
			if code != exitInterrupted || saved {
				t.Errorf("run %d: says not written, exit %d, decision saved %v", run, code, saved)
			}
			for rel, b := range snapshot(t, dir) {
				if before[rel] != b {
					t.Errorf("run %d: says not written, but %s changed", run, rel)
				}
			}
		case code == 0 && saved:
			tally["finished before the signal"]++
		default:
			t.Errorf("run %d: exit %d, decision saved %v, output:\n%s", run, code, saved, msg)
		}
	}
	t.Logf("%d interrupts: %v", runs, tally)
}
