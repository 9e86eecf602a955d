package submit

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/scribe-transcription/scribe/workflow/layout"
)

// The submit crash test runs Submit, as `scribe submit` does, in a child
// process (the test binary run again) and kills it with SIGKILL at a
// random moment; after each kill git must find the repository sound,
// HEAD must hold every commit it held, and the same submit run again
// must commit the reading and leave no lock file behind.

const submitChildEnv = "SCRIBE_SUBMIT_CRASH_CHILD"

// childDeadline bounds one run of a child.
const childDeadline = time.Minute

// TestSubmitCrashChild is the child: it does nothing in a normal run.
func TestSubmitCrashChild(t *testing.T) {
	dir := os.Getenv(submitChildEnv)
	if dir == "" {
		t.Skip("run by TestSubmitCrash")
	}
	r, err := layout.Open(dir)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	o := opts(os.Getenv("SCRIBE_SUBMIT_CRASH_TEXT"))
	o.Page = os.Getenv("SCRIBE_SUBMIT_CRASH_PAGE")
	fmt.Println("ready")
	start := time.Now()
	if _, err := submitAs(r, "jane", o); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("done", time.Since(start).Microseconds())
	os.Exit(0)
}

// runSubmitChild submits text for page in a child; kill, when not
// negative, is how long after it is ready to kill it.
func runSubmitChild(t *testing.T, dir, page, text string, kill time.Duration) (last string, killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSubmitCrashChild$")
	cmd.Env = append(os.Environ(), submitChildEnv+"="+dir, "SCRIBE_SUBMIT_CRASH_PAGE="+page, "SCRIBE_SUBMIT_CRASH_TEXT="+text)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A child that hangs is made to print its goroutines and fails the
	// test, rather than hanging it.
	var hung atomic.Bool
	watchdog := time.AfterFunc(childDeadline, func() {
		hung.Store(true)
		_ = cmd.Process.Signal(syscall.SIGQUIT)
	})
	defer watchdog.Stop()
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if last = sc.Text(); last == "ready" {
			break
		}
	}
	if kill >= 0 {
		time.Sleep(kill)
		_ = cmd.Process.Signal(syscall.SIGKILL)
	}
	for sc.Scan() {
		last = sc.Text()
	}
	err = cmd.Wait()
	if hung.Load() {
		t.Fatalf("the child hung for %v (its goroutines are above); last line %q", childDeadline, last)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return last, true
		}
	}
	if err != nil || !strings.HasPrefix(last, "done") {
		t.Fatalf("child: %v, last line %q", err, last)
	}
	return last, false
}

func gitOut(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestSubmitCrash(t *testing.T) {
	if os.Getenv(submitChildEnv) != "" {
		t.Skip("in the child")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed: the repository cannot be checked with git fsck and git status")
	}
	kills := 20
	if os.Getenv("SCRIBE_CRASH_FULL") != "" {
		kills = 200
	} else if testing.Short() {
		kills = 5
	}
	seed := time.Now().UnixNano()
	if s := os.Getenv("SCRIBE_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("seed %d (SCRIBE_CRASH_SEED=%d repeats this run)", seed, seed)
	rng := rand.New(rand.NewSource(seed))
	r, _ := fixture(t)
	dir := r.Root
	revs := func() []string {
		out, err := gitOut(t, dir, "rev-list", "--first-parent", "HEAD")
		if err != nil {
			t.Fatalf("git rev-list: %v\n%s", err, out)
		}
		return strings.Fields(out)
	}
	texts := map[string]string{"001": ocrText, "002": "Another page entirely\nwith its own words\n"}
	var work time.Duration
	for i, page := range []string{"001", "002"} {
		last, _ := runSubmitChild(t, dir, page, texts[page]+fmt.Sprintf("calibration %d\n", i), -1)
		f := strings.Fields(last)
		us, _ := strconv.Atoi(f[len(f)-1])
		work = max(work, time.Duration(us)*time.Microsecond)
	}
	t.Logf("one submit takes up to %v", work)
	history := revs()
	total, landed := 0, 0
	for i := 0; total < kills; i++ {
		page := []string{"001", "002"}[i%2]
		text := texts[page] + fmt.Sprintf("kill %d\n", i)
		rel := layout.ReadingPath("bk", page, "jane")
		delay := time.Duration(rng.Int63n(int64(work)*2 + 1))
		if _, killed := runSubmitChild(t, dir, page, text, delay); killed {
			total++
			if out, err := gitOut(t, dir, "fsck", "--strict", "--no-dangling"); err != nil {
				t.Fatalf("kill %d (delay %v): git fsck: %v\n%s", total, delay, err, out)
			}
			if out, err := gitOut(t, dir, "status", "--porcelain"); err != nil {
				t.Fatalf("kill %d (delay %v): git status: %v\n%s", total, delay, err, out)
			}
			after := revs()
			switch {
			case len(after) == len(history) && after[0] == history[0]:
			case len(after) == len(history)+1 && strings.Join(after[1:], " ") == strings.Join(history, " "):
				landed++
			default:
				t.Fatalf("kill %d (delay %v): history lost: %d commits before, %d now", total, delay, len(history), len(after))
			}
			runSubmitChild(t, dir, page, text, -1)
		}
		after := revs()
		if len(after) != len(history)+1 || strings.Join(after[1:], " ") != strings.Join(history, " ") {
			t.Fatalf("run %d: %d commits before, %d after the submit", i, len(history), len(after))
		}
		history = after
		if out, _ := gitOut(t, dir, "show", "HEAD:"+rel); out != text {
			t.Fatalf("run %d: HEAD:%s = %q, want %q", i, rel, out, text)
		}
		if out, err := gitOut(t, dir, "status", "--porcelain", "--", rel); err != nil || out != "" {
			t.Fatalf("run %d: git status of the reading: %v\n%s", i, err, out)
		}
		if left := locksIn(filepath.Join(dir, ".git")); len(left) > 0 {
			t.Fatalf("run %d: left behind: %v", i, left)
		}
	}
	t.Logf("%d of %d kills of submit survived (%d after the commit landed); each submit run again finished the job", total, total, landed)
}

// locksIn lists git lock files and files of scribe's lock folder in dir.
func locksIn(dir string) []string {
	var left []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if (strings.HasSuffix(p, ".lock") && d.Name() != "scribe.lock") || (!d.IsDir() && filepath.Base(filepath.Dir(p)) == "scribe-locks") {
			left = append(left, p)
		}
		return nil
	})
	return left
}
