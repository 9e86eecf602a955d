package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestConcurrentCommitFile runs two CommitFile of different files at once
// on separate handles, as two processes would, without scribe's
// repository lock: git's lock files alone must keep them apart. Each
// lands, or fails because the other held a lock or moved the branch;
// nothing that landed is lost, from the branch or from the index.
func TestConcurrentCommitFile(t *testing.T) {
	hasGit := gitBinary(t, false)
	runs := 50
	if testing.Short() {
		runs = 10
	}
	dir, _ := newSafeRepo(t)
	var history []string
	if hasGit {
		history = revList(t, dir)
	}
	want := map[string]string{}
	landed, refused := 0, 0
	for run := 0; run < runs; run++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for i := range 2 {
			r := openSafe(t, dir)
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = r.CommitFile(context.Background(), fileCommit(fmt.Sprintf("t/p%d.txt", i), fmt.Sprintf("run %d\n", run)))
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				if !errors.Is(err, ErrLocked) && !strings.Contains(err.Error(), "moved") {
					t.Fatalf("run %d: commit %d: %v", run, i, err)
				}
				refused++
				continue
			}
			landed++
			want[fmt.Sprintf("t/p%d.txt", i)] = fmt.Sprintf("run %d\n", run)
		}
		assertNoLocks(t, dir)
		if !hasGit {
			continue
		}
		after := revList(t, dir)
		if grew := len(after) - len(history); grew < 0 || grew > 2 || strings.Join(after[grew:], " ") != strings.Join(history, " ") {
			t.Fatalf("run %d: history lost: %d commits before, %d now", run, len(history), len(after))
		}
		history = after
		for rel, content := range want {
			if got := runGit(t, dir, "show", "HEAD:"+rel); got != content {
				t.Fatalf("run %d: HEAD:%s = %q, want %q", run, rel, got, content)
			}
		}
		// The index holds what HEAD holds: nothing staged, nothing lost.
		if out := runGit(t, dir, "diff", "--cached", "--name-status"); out != "" {
			t.Fatalf("run %d: staged after the commits:\n%s", run, out)
		}
	}
	t.Logf("%d runs of two concurrent commits: %d landed, %d refused (lock held or branch moved), nothing lost", runs, landed, refused)
	if landed < runs {
		t.Errorf("only %d of %d commits landed", landed, 2*runs)
	}
}
