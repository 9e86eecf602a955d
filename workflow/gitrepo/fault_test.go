package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

var errInjected = errors.New("injected failure")

// failAt makes the nth file system step (from 0) of the code under test
// fail, and reports in *reached whether it came to that step.
func failAt(t *testing.T, n int, reached *string) {
	t.Helper()
	i := 0
	fault = func(step string) error {
		i++
		if i-1 == n {
			*reached = step
			return fmt.Errorf("%s: %w", step, errInjected)
		}
		return nil
	}
	t.Cleanup(func() { fault = nil })
}

// TestCommitFileFaults fails each write step of CommitFile in turn, for a
// new file, a changed file and a new branch, and checks after each that
// nothing is lost: the branch is old or new, the index the old one when
// no commit landed and the new one when it did, no lock file is left,
// git finds the repository sound, and the same commit then succeeds.
func TestCommitFileFaults(t *testing.T) {
	hasGit := gitBinary(t, false)
	for _, tc := range []struct {
		name, path, branch string
	}{
		{"new file", "t/bk/new.txt", ""},
		{"changed file", "readme.txt", ""},
		{"new branch", "t/bk/new.txt", "reading/jane/bk-001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := 0
			for n := 0; ; n++ {
				dir, first := newSafeRepo(t)
				r := openSafe(t, dir)
				content := "reading " + tc.name + "\n"
				abs := filepath.Join(dir, filepath.FromSlash(tc.path))
				os.MkdirAll(filepath.Dir(abs), 0o755)
				if tc.branch == "" {
					os.WriteFile(abs, []byte(content), 0o644)
				}
				oldIndex, _ := os.ReadFile(filepath.Join(dir, ".git", "index"))
				fc := fileCommit(tc.path, content)
				fc.Branch, fc.RepoLocked = tc.branch, true
				var reached string
				failAt(t, n, &reached)
				h, err := r.CommitFile(context.Background(), fc)
				fault = nil
				if reached == "" {
					if err != nil {
						t.Fatalf("CommitFile with no fault reached: %v", err)
					}
					steps = n
					break
				}
				if err == nil {
					t.Fatalf("fault at %s (step %d) not reported", reached, n)
				}
				ref := plumbing.NewBranchReferenceName("main")
				if tc.branch != "" {
					ref = plumbing.NewBranchReferenceName(tc.branch)
				}
				cur, refErr := r.git.Storer.Reference(ref)
				index, _ := os.ReadFile(filepath.Join(dir, ".git", "index"))
				if h.IsZero() {
					// Nothing committed: everything as it was.
					if tc.branch == "" && (refErr != nil || cur.Hash() != first) {
						t.Errorf("fault at %s: %v, but main moved: %v %v", reached, err, cur, refErr)
					}
					if tc.branch != "" && refErr == nil {
						t.Errorf("fault at %s: %v, but the branch was made", reached, err)
					}
					if !bytes.Equal(index, oldIndex) {
						t.Errorf("fault at %s: %v, nothing committed, but the index changed", reached, err)
					}
				} else if refErr != nil || cur.Hash() != h {
					t.Errorf("fault at %s: %v reports commit %s, but the branch is %v %v", reached, err, h, cur, refErr)
				}
				assertNoLocks(t, dir)
				if hasGit {
					if out, err := gitCmd(dir, "fsck", "--strict", "--no-dangling"); err != nil {
						t.Errorf("fault at %s: git fsck: %v\n%s", reached, err, out)
					}
					if out, err := gitCmd(dir, "status", "--porcelain"); err != nil {
						t.Errorf("fault at %s: git status: %v\n%s", reached, err, out)
					} else if !h.IsZero() && tc.branch == "" && strings.TrimSpace(out) != "" {
						t.Errorf("fault at %s after the commit landed, git status:\n%s", reached, out)
					}
				}
				// The same commit again finishes the job.
				h2, err := openSafe(t, dir).CommitFile(context.Background(), fc)
				if !h.IsZero() && tc.branch == "" {
					if !errors.Is(err, ErrUnchanged) {
						t.Errorf("fault at %s: the run again = %v, want unchanged", reached, err)
					}
				} else if !h.IsZero() {
					if err == nil || !strings.Contains(err.Error(), "already exists") {
						t.Errorf("fault at %s: the run again = %v, want the branch exists", reached, err)
					}
				} else if err != nil || h2.IsZero() {
					t.Errorf("fault at %s: the run again = %v", reached, err)
				}
				if hasGit && tc.branch == "" {
					if out := runGit(t, dir, "show", "HEAD:"+tc.path); out != content {
						t.Errorf("fault at %s: HEAD:%s = %q", reached, tc.path, out)
					}
					if out := runGit(t, dir, "status", "--porcelain"); out != "" {
						t.Errorf("fault at %s: git status after the run again:\n%s", reached, out)
					}
				}
				if t.Failed() {
					t.FailNow()
				}
			}
			t.Logf("%d write steps failed in turn", steps)
			if steps < 5 {
				t.Errorf("only %d steps: the fault hook is not reached", steps)
			}
		})
	}
}
