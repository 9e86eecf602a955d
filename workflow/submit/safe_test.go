package submit

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/scribe-transcription/scribe/workflow/gitrepo"
	"github.com/scribe-transcription/scribe/workflow/layout"
)

// firstParents lists HEAD's first-parent history, newest first.
func firstParents(t *testing.T, g *git.Repository) []plumbing.Hash {
	t.Helper()
	var out []plumbing.Hash
	c := headCommit(t, g)
	for {
		out = append(out, c.Hash)
		if len(c.ParentHashes) == 0 {
			return out
		}
		var err error
		if c, err = g.CommitObject(c.ParentHashes[0]); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConcurrentSubmitsOfTwoPages runs two submits of different pages at
// once, again and again: each lands or reports that the branch moved,
// and no commit and no reading is ever lost.
func TestConcurrentSubmitsOfTwoPages(t *testing.T) {
	runs := 50
	if testing.Short() {
		runs = 10
	}
	r, g := fixture(t)
	setUser(t, g, "Max", "max@example.org") // a maintainer, submitting for both
	_, hasGit := exec.LookPath("git")
	texts := map[string]string{"001": ocrText, "002": "Another page entirely\nwith its own words\n"}
	who := map[string]string{"001": "jane", "002": "kim"}
	want := map[string]string{} // reading path → content at HEAD
	history := firstParents(t, g)
	landed, moved := 0, 0
	for run := 0; run < runs; run++ {
		var wg sync.WaitGroup
		var mu sync.Mutex
		results := map[string]*Result{}
		errs := map[string]error{}
		start := make(chan struct{})
		for _, pg := range []string{"001", "002"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o := opts(texts[pg] + fmt.Sprintf("run %d\n", run))
				o.Page = pg
				<-start
				res, err := submitAs(r, who[pg], o)
				mu.Lock()
				results[pg], errs[pg] = res, err
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		for pg, err := range errs {
			rel := layout.ReadingPath("bk", pg, who[pg])
			if err != nil {
				if !strings.Contains(err.Error(), "moved") && !strings.Contains(err.Error(), "another scribe process") {
					t.Fatalf("run %d: submit of %s: %v", run, pg, err)
				}
				moved++
				continue
			}
			landed++
			want[rel] = texts[pg] + fmt.Sprintf("run %d\n", run)
			_ = results[pg]
		}
		after := firstParents(t, g)
		grew := len(after) - len(history)
		if grew < 0 || grew > 2 || fmt.Sprint(after[grew:]) != fmt.Sprint(history) {
			t.Fatalf("run %d: history lost: %d commits before, %d now", run, len(history), len(after))
		}
		history = after
		c := headCommit(t, g)
		for rel, content := range want {
			if got := fileAt(t, c, rel); got != content {
				t.Fatalf("run %d: HEAD:%s = %q, want %q", run, rel, got, content)
			}
			if got, _ := os.ReadFile(r.Abs(rel)); string(got) != content {
				t.Fatalf("run %d: work tree %s = %q, want %q", run, rel, got, content)
			}
		}
		if hasGit == nil && run%10 == 9 {
			gitCheck(t, r.Root)
		}
	}
	t.Logf("%d runs of two concurrent submits: %d submits landed, %d reported the branch moved, nothing lost", runs, landed, moved)
}

// gitCheck runs git fsck and git status: both must pass, and the
// readings must be clean for git.
func gitCheck(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{{"fsck", "--strict", "--no-dangling"}, {"status", "--porcelain", "--", "transcriptions/bk/001", "transcriptions/bk/002"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "" {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestSubmitDamagedIndex checks that a damaged .git/index stops submit
// before anything changes, with a message that names the file and the
// repair, and that submit works once it is repaired.
func TestSubmitDamagedIndex(t *testing.T) {
	r, g := fixture(t)
	before := headCommit(t, g)
	index := filepath.Join(r.Root, ".git", "index")
	b, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(index, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	snap := snapshot(t, r.Root)
	_, err = submitAs(r, "jane", opts(janeText))
	if !errors.Is(err, gitrepo.ErrDamagedIndex) || !strings.Contains(err.Error(), filepath.Join(".git", "index")) || !strings.Contains(err.Error(), "git reset") {
		t.Fatalf("submit on a damaged index = %v", err)
	}
	if c := headCommit(t, g); c.Hash != before.Hash {
		t.Fatalf("a commit was made: %s", c.Hash)
	}
	if after := snapshot(t, r.Root); fmt.Sprint(after) != fmt.Sprint(snap) {
		t.Errorf("the work tree changed")
	}
	if _, err := exec.LookPath("git"); err != nil {
		return
	}
	// The repair the message gives.
	os.Remove(index)
	cmd := exec.Command("git", "reset", "-q")
	cmd.Dir = r.Root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git reset: %v\n%s", err, out)
	}
	if _, err := submitAs(r, "jane", opts(janeText)); err != nil {
		t.Fatalf("submit after the repair: %v", err)
	}
	gitCheck(t, r.Root)
}
