package layout

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// LockWait is how long a command waits for another scribe process to
// release the repository's lock before giving up.
const LockWait = 30 * time.Second

// gitDir is the git directory of the work tree at root: root/.git, or the
// folder a .git file names (a linked work tree or a submodule); empty
// when there is none.
func gitDir(root string) string {
	dotGit := filepath.Join(root, ".git")
	fi, err := os.Stat(dotGit)
	if err != nil {
		return ""
	}
	if fi.IsDir() {
		return dotGit
	}
	b, err := os.ReadFile(dotGit)
	if err != nil {
		return ""
	}
	dir, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:")
	if !ok {
		return ""
	}
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return ""
	}
	return dir
}

// privateDir is where scribe keeps what is never part of the project: the
// lock and temporary files. It is the git directory, or the root when
// there is none (outside transcriptions/, which is all check reads).
func (r *Repo) privateDir() string {
	if r.Root == "" {
		return ""
	}
	if g := gitDir(r.Root); g != "" {
		return g
	}
	return r.Root
}

// tempDir is the folder temporary files are written in: TempDir in the
// git directory, or .scribe-tmp at the root without one.
func (r *Repo) tempDir() string {
	d := r.privateDir()
	switch {
	case d == "":
		return ""
	case d == r.Root:
		return filepath.Join(d, "."+TempDir)
	}
	return filepath.Join(d, TempDir)
}

// lockPath is the file the repository's lock is taken on: scribe.lock in
// the git directory, or .scribe.lock at the root without one, so that it
// is never committed.
func (r *Repo) lockPath() string {
	d := r.privateDir()
	if d == r.Root {
		return filepath.Join(d, ".scribe.lock")
	}
	return filepath.Join(d, "scribe.lock")
}

// Lock takes the repository's write lock, waiting up to LockWait or the
// context's end. It is an advisory lock on a file in the git directory
// (or at the root when there is none), so that it is never committed.
// With the lock held it removes the temporary files an earlier command
// left when it was killed: no other scribe process is writing.
func (r *Repo) Lock(ctx context.Context) (unlock func(), err error) {
	if r.Root == "" {
		return nil, errors.New("this repository is read from git and cannot be written")
	}
	lockPath := r.lockPath()
	fl := flock.New(lockPath)
	wait, cancel := context.WithTimeout(ctx, LockWait)
	defer cancel()
	ok, err := fl.TryLockContext(wait, 5*time.Millisecond)
	if errors.Is(ctx.Err(), context.Canceled) { // interrupted while waiting
		if ok {
			_ = fl.Unlock()
		}
		return nil, ctx.Err()
	}
	if err != nil || !ok {
		return nil, fmt.Errorf("another scribe process is writing to this repository (lock %s): wait for it to finish and try again", lockPath)
	}
	r.CleanTemp()
	return func() { _ = fl.Unlock() }, nil
}

// CleanTemp removes the temporary files a killed command left in the
// repository's temporary folder. The caller holds the lock.
func (r *Repo) CleanTemp() {
	dir := r.tempDir()
	if dir == "" {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// Update is every read-modify-write of the repository, written once: it
// takes the lock, then prepare reads what it needs (under the lock, so
// that nothing written meanwhile is lost) and works out the change,
// which commit then writes. prepare may stop when ctx is done (an
// interrupt), and nothing is written; once commit has started it runs to
// the end whatever ctx says, so an interrupt never stops a write midway.
// A nil commit writes nothing.
func (r *Repo) Update(ctx context.Context, prepare func(ctx context.Context) (commit func() error, err error)) error {
	unlock, err := r.Lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	commit, err := prepare(ctx)
	if err != nil {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if commit == nil {
		return nil
	}
	return commit()
}
