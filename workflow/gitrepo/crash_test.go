package gitrepo

import (
	"bufio"
	"context"
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
)

// The crash test runs CommitFile the way submit does (the reading
// written into the work tree, then committed, holding the repository
// lock) in a child process, the test binary run again, and kills it with
// SIGKILL at a random moment. After every kill the repository must be
// sound for git, hold every commit it held, and the same command run
// again must finish the job.

const crashChildEnv = "SCRIBE_CRASH_CHILD"

// childDeadline bounds one run of a child.
const childDeadline = time.Minute

// TestCrashChild is the child: it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		t.Skip("run by TestCommitFileCrash")
	}
	rel, content := os.Getenv("SCRIBE_CRASH_PATH"), os.Getenv("SCRIBE_CRASH_CONTENT")
	r, err := Open(dir)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("ready")
	start := time.Now()
	abs := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	if err := os.WriteFile(abs, []byte(content), 0o644); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fc := fileCommit(rel, content)
	fc.RepoLocked = true
	h, err := r.CommitFile(context.Background(), fc)
	if err != nil && !errors.Is(err, ErrUnchanged) {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("done", h, time.Since(start).Microseconds())
	os.Exit(0)
}

// child starts the child on dir; kill, when not negative, is how long
// after it is ready to kill it. It returns the child's last line.
func runCrashChild(t *testing.T, dir, rel, content string, kill time.Duration) (last string, killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir, "SCRIBE_CRASH_PATH="+rel, "SCRIBE_CRASH_CONTENT="+content)
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
		last = sc.Text()
		if last == "ready" {
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

func crashKills(t *testing.T) int {
	if os.Getenv("SCRIBE_CRASH_FULL") != "" {
		return 200
	}
	if testing.Short() {
		return 10
	}
	return 30
}

func crashSeed(t *testing.T) int64 {
	seed := time.Now().UnixNano()
	if s := os.Getenv("SCRIBE_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatalf("SCRIBE_CRASH_SEED=%s: %v", s, err)
		}
	}
	t.Logf("seed %d (SCRIBE_CRASH_SEED=%d repeats this run)", seed, seed)
	return seed
}

func TestCommitFileCrash(t *testing.T) {
	if os.Getenv(crashChildEnv) != "" {
		t.Skip("in the child")
	}
	gitBinary(t, true)
	rng := rand.New(rand.NewSource(crashSeed(t)))
	dir, _ := newSafeRepo(t)
	history := revList(t, dir)

	// How long the work takes (the longest of three runs), to spread the
	// kills over it.
	var work time.Duration
	for i := range 3 {
		last, _ := runCrashChild(t, dir, fmt.Sprintf("t/bk/p%d.txt", i), "reading 0\n", -1)
		f := strings.Fields(last)
		us, _ := strconv.Atoi(f[len(f)-1])
		work = max(work, time.Duration(us)*time.Microsecond)
	}
	history = revList(t, dir)
	t.Logf("one commit takes up to %v", work)

	kills := crashKills(t)
	var landed, staged, locksLeft, total, finished int
	for i := 1; total < kills; i++ {
		rel := fmt.Sprintf("t/bk/p%d.txt", i%4)
		content := fmt.Sprintf("reading %d\n", i)
		delay := time.Duration(rng.Int63n(int64(work)*2 + 1))
		_, killed := runCrashChild(t, dir, rel, content, delay)
		if !killed {
			// Finished before the kill: fine, but not a kill.
			finished++
			history = checkAfter(t, dir, history, rel, content, true)
			continue
		}
		total++
		if len(leftLocks(dir)) > 0 {
			locksLeft++
		}
		after := checkSound(t, dir, history)
		if len(after) > len(history) {
			landed++
		} else if out, _ := gitCmd(dir, "diff", "--cached", "--name-only"); strings.TrimSpace(out) == rel {
			staged++
		}
		// The same command again finishes the job.
		runCrashChild(t, dir, rel, content, -1)
		history = checkAfter(t, dir, history, rel, content, len(after) == len(history))
		if t.Failed() {
			t.Fatalf("after kill %d (delay %v)", total, delay)
		}
	}
	t.Logf("%d of %d kills survived: %d after the commit landed, %d with the reading staged on the old commit, %d left lock files (cleared by the next run); %d runs finished before their kill",
		total, total, landed, staged, locksLeft, finished)
}

// checkSound checks the repository after a kill: git fsck and git status
// pass, and HEAD holds every commit of history plus at most one.
func checkSound(t *testing.T, dir string, history []string) []string {
	t.Helper()
	if out, err := gitCmd(dir, "fsck", "--strict", "--no-progress", "--no-dangling"); err != nil || strings.TrimSpace(out) != "" {
		t.Errorf("git fsck --strict: %v\n%s", err, out)
	}
	if out, err := gitCmd(dir, "status", "--porcelain"); err != nil {
		t.Errorf("git status: %v\n%s", err, out)
	}
	after := revList(t, dir)
	switch {
	case len(after) == len(history) && after[0] == history[0]:
	case len(after) == len(history)+1 && strings.Join(after[1:], " ") == strings.Join(history, " "):
	default:
		t.Errorf("HEAD lost history: had %d commits (tip %s), now %d (tip %s)", len(history), history[0], len(after), after[0])
	}
	return after
}

// checkAfter checks the repository once the command finished: sound,
// the file committed with its content, clean for git, no lock file left.
// grew says whether this run must have added a commit.
func checkAfter(t *testing.T, dir string, history []string, rel, content string, grew bool) []string {
	t.Helper()
	after := checkSound(t, dir, history)
	if grew && len(after) != len(history)+1 {
		t.Errorf("the run again made no commit")
	}
	if out := runGit(t, dir, "show", "HEAD:"+rel); out != content {
		t.Errorf("HEAD:%s = %q, want %q", rel, out, content)
	}
	if out := runGit(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status after the run again:\n%s", out)
	}
	assertNoLocks(t, dir)
	return after
}

func revList(t testing.TB, dir string) []string {
	t.Helper()
	return strings.Fields(runGit(t, dir, "rev-list", "--first-parent", "HEAD"))
}
