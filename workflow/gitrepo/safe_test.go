package gitrepo

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

var safeWhen = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

// newSafeRepo makes a repository on main with one commit holding
// readme.txt and returns its folder and that commit.
func newSafeRepo(t testing.TB) (string, plumbing.Hash) {
	t.Helper()
	dir := t.TempDir()
	if _, err := Ensure(dir); err != nil {
		t.Fatal(err)
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wt, _ := g.Worktree()
	if _, err := wt.Add("readme.txt"); err != nil {
		t.Fatal(err)
	}
	h, err := wt.Commit("init", &git.CommitOptions{Author: &object.Signature{Name: "Init", Email: "init@example.org", When: safeWhen}})
	if err != nil {
		t.Fatal(err)
	}
	return dir, h
}

func openSafe(t testing.TB, dir string) *Repo {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func fileCommit(path, content string) FileCommit {
	sig := Signature("Jane", "jane@example.org", safeWhen)
	return FileCommit{Path: path, Content: []byte(content), Author: sig, Committer: sig, Message: "Add " + path + "\n"}
}

// commitAt makes a commit of one file on parent without moving any ref.
func commitAt(t testing.TB, r *Repo, parent plumbing.Hash, content string) plumbing.Hash {
	t.Helper()
	h, _, err := r.makeCommit(plumbing.NewHashReference("x", parent), fileCommit("a.txt", content))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func refHash(t testing.TB, r *Repo, name plumbing.ReferenceName) plumbing.Hash {
	t.Helper()
	ref, err := r.git.Storer.Reference(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ref.Hash()
}

func TestSafeRefCompareAndSet(t *testing.T) {
	dir, first := newSafeRepo(t)
	r := openSafe(t, dir)
	main := plumbing.NewBranchReferenceName("main")
	second := commitAt(t, r, first, "two\n")
	third := commitAt(t, r, first, "three\n")

	if err := r.safe.CheckAndSetReference(plumbing.NewHashReference(main, second), plumbing.NewHashReference(main, first)); err != nil {
		t.Fatalf("CAS from the current value: %v", err)
	}
	if got := refHash(t, r, main); got != second {
		t.Fatalf("main = %s, want %s", got, second)
	}
	// main moved to second: a CAS that expects first must refuse.
	err := r.safe.CheckAndSetReference(plumbing.NewHashReference(main, third), plumbing.NewHashReference(main, first))
	if !errors.Is(err, ErrRefMoved) {
		t.Fatalf("CAS against a moved ref = %v, want ErrRefMoved", err)
	}
	if got := refHash(t, r, main); got != second {
		t.Fatalf("after a refused CAS main = %s, want %s", got, second)
	}
	// Creating a ref that exists is refused; one that does not is made.
	if err := r.safe.CreateReference(plumbing.NewHashReference(main, third)); !errors.Is(err, ErrRefMoved) {
		t.Fatalf("creating an existing ref = %v, want ErrRefMoved", err)
	}
	topic := plumbing.NewBranchReferenceName("reading/jane/bk-001")
	if err := r.safe.CreateReference(plumbing.NewHashReference(topic, third)); err != nil {
		t.Fatal(err)
	}
	if got := refHash(t, r, topic); got != third {
		t.Fatalf("new branch = %s, want %s", got, third)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ".git", "refs", "heads", "main"))
	if string(b) != second.String()+"\n" {
		t.Errorf("refs/heads/main holds %q", b)
	}
	assertNoLocks(t, dir)
}

func TestSafeRefPackedOnly(t *testing.T) {
	dir, first := newSafeRepo(t)
	r := openSafe(t, dir)
	main := plumbing.NewBranchReferenceName("main")
	// Move main into packed-refs only, as git pack-refs does, with a
	// stale loose value elsewhere to be sure the packed one is used.
	packed := "# pack-refs with: peeled fully-peeled sorted \n" + first.String() + " refs/heads/main\n"
	if err := os.WriteFile(filepath.Join(dir, ".git", "packed-refs"), []byte(packed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, ".git", "refs", "heads", "main")); err != nil {
		t.Fatal(err)
	}
	second := commitAt(t, r, first, "two\n")
	other := commitAt(t, r, first, "other\n")
	err := r.safe.CheckAndSetReference(plumbing.NewHashReference(main, second), plumbing.NewHashReference(main, other))
	if !errors.Is(err, ErrRefMoved) {
		t.Fatalf("CAS against a wrong packed value = %v, want ErrRefMoved", err)
	}
	if err := r.safe.CreateReference(plumbing.NewHashReference(main, second)); !errors.Is(err, ErrRefMoved) {
		t.Fatalf("creating a ref that is packed = %v, want ErrRefMoved", err)
	}
	if err := r.safe.CheckAndSetReference(plumbing.NewHashReference(main, second), plumbing.NewHashReference(main, first)); err != nil {
		t.Fatalf("CAS against the packed value: %v", err)
	}
	if got := refHash(t, r, main); got != second {
		t.Fatalf("main = %s, want %s", got, second)
	}
	// A commit through CommitFile builds on the new value.
	h, err := r.CommitFile(context.Background(), fileCommit("b.txt", "bee\n"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.git.CommitObject(h)
	if len(c.ParentHashes) != 1 || c.ParentHashes[0] != second {
		t.Fatalf("commit's parents = %v, want %s", c.ParentHashes, second)
	}
	if gitBinary(t, false) {
		out := runGit(t, dir, "rev-parse", "main")
		if strings.TrimSpace(out) != h.String() {
			t.Errorf("git rev-parse main = %s, want %s", out, h)
		}
	}
}

func TestSafeRefRefusesExistingLock(t *testing.T) {
	dir, first := newSafeRepo(t)
	r := openSafe(t, dir)
	main := plumbing.NewBranchReferenceName("main")
	lock := filepath.Join(dir, ".git", "refs", "heads", "main.lock")
	if err := os.WriteFile(lock, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	second := commitAt(t, r, first, "two\n")
	err := r.safe.CheckAndSetReference(plumbing.NewHashReference(main, second), plumbing.NewHashReference(main, first))
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), filepath.Join(".git", "refs", "heads", "main.lock")) ||
		!strings.Contains(err.Error(), "another git process") {
		t.Fatalf("with main.lock present = %v", err)
	}
	// A lock that git made is not scribe's to remove, even under the
	// repository lock.
	fc := fileCommit("b.txt", "bee\n")
	fc.RepoLocked = true
	if _, err := r.CommitFile(context.Background(), fc); !errors.Is(err, ErrLocked) {
		t.Fatalf("CommitFile with main.lock present = %v", err)
	}
	if _, err := os.Stat(lock); err != nil {
		t.Fatalf("git's lock file was removed: %v", err)
	}
	if got := refHash(t, r, main); got != first {
		t.Fatalf("main moved to %s", got)
	}
	os.Remove(lock)

	index := filepath.Join(dir, ".git", "index.lock")
	if err := os.WriteFile(index, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = r.CommitFile(context.Background(), fc)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), filepath.Join(".git", "index.lock")) {
		t.Fatalf("CommitFile with index.lock present = %v", err)
	}
	if got := refHash(t, r, main); got != first {
		t.Fatalf("main moved to %s", got)
	}
	os.Remove(index)
	if _, err := r.CommitFile(context.Background(), fc); err != nil {
		t.Fatalf("after removing the lock: %v", err)
	}
}

func TestSafeRefStaleScribeLock(t *testing.T) {
	dir, first := newSafeRepo(t)
	r := openSafe(t, dir)
	main := plumbing.NewBranchReferenceName("main")
	second := commitAt(t, r, first, "two\n")
	// A scribe killed after writing the new value into main.lock, before
	// the rename: the lock is left, linked to its file in scribe-locks.
	_, l, err := r.safe.lockRef(plumbing.NewHashReference(main, second), plumbing.NewHashReference(main, first), true)
	if err != nil {
		t.Fatal(err)
	}
	if l.link == "" {
		t.Skip("no hard links on this file system: stale locks are refused, not cleared")
	}
	// The index lock too, empty, as a kill right after taking it leaves it.
	il, err := r.safe.lockIndex()
	if err != nil {
		t.Fatal(err)
	}
	il.f.Close()
	if got := refHash(t, r, main); got != first {
		t.Fatalf("with the lock left main = %s, want the old %s", got, first)
	}
	// Without the repository lock, the stale lock is refused.
	fc := fileCommit("b.txt", "bee\n")
	if _, err := r.CommitFile(context.Background(), fc); !errors.Is(err, ErrLocked) {
		t.Fatalf("CommitFile over a stale lock without the repository lock = %v", err)
	}
	fc.RepoLocked = true
	h, err := r.CommitFile(context.Background(), fc)
	if err != nil {
		t.Fatalf("CommitFile under the repository lock: %v", err)
	}
	if got := refHash(t, r, main); got != h {
		t.Fatalf("main = %s, want %s", got, h)
	}
	assertNoLocks(t, dir)
}

func TestSafeRefDamagedLooseRef(t *testing.T) {
	dir, first := newSafeRepo(t)
	r := openSafe(t, dir)
	// go-git's own writer, killed between truncating and writing, leaves
	// an empty ref; with a packed value behind it, a commit would build
	// on that older value.
	packed := "# pack-refs with: peeled fully-peeled sorted \n" + first.String() + " refs/heads/main\n"
	os.WriteFile(filepath.Join(dir, ".git", "packed-refs"), []byte(packed), 0o644)
	os.WriteFile(filepath.Join(dir, ".git", "refs", "heads", "main"), nil, 0o644)
	_, err := r.CommitFile(context.Background(), fileCommit("b.txt", "bee\n"))
	if err == nil || !strings.Contains(err.Error(), filepath.Join(".git", "refs", "heads", "main")+" is damaged") {
		t.Fatalf("CommitFile on an empty ref = %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, ".git", "refs", "heads", "main"))
	if len(b) != 0 {
		t.Fatalf("the damaged ref was rewritten: %q", b)
	}
}

func TestSafeIndexDamaged(t *testing.T) {
	dir, first := newSafeRepo(t)
	r := openSafe(t, dir)
	path := filepath.Join(dir, ".git", "index")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []int{0, 12, len(b) - 1} {
		if err := os.WriteFile(path, b[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		if err := r.CheckIndex(); !errors.Is(err, ErrDamagedIndex) {
			t.Fatalf("CheckIndex on %d of %d bytes = %v", cut, len(b), err)
		}
		_, err := r.CommitFile(context.Background(), fileCommit("b.txt", "bee\n"))
		if !errors.Is(err, ErrDamagedIndex) || !strings.Contains(err.Error(), filepath.Join(".git", "index")) ||
			!strings.Contains(err.Error(), "git reset") {
			t.Fatalf("CommitFile on an index of %d bytes = %v", cut, err)
		}
		if got := refHash(t, r, plumbing.NewBranchReferenceName("main")); got != first {
			t.Fatalf("a commit was made on a damaged index: %s", got)
		}
		assertNoLocks(t, dir)
	}
}

// TestCommitFileStagesNewFile checks that after CommitFile the committed
// file is clean for git: neither staged for deletion nor modified.
func TestCommitFileStagesNewFile(t *testing.T) {
	if !gitBinary(t, true) {
		return
	}
	dir, _ := newSafeRepo(t)
	r := openSafe(t, dir)
	os.MkdirAll(filepath.Join(dir, "t", "bk"), 0o755)
	os.WriteFile(filepath.Join(dir, "t", "bk", "one.txt"), []byte("one\n"), 0o644)
	if _, err := r.CommitFile(context.Background(), fileCommit("t/bk/one.txt", "one\n")); err != nil {
		t.Fatal(err)
	}
	if out := runGit(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status after CommitFile:\n%s", out)
	}
	runGit(t, dir, "fsck", "--strict")
}

// assertNoLocks fails when a lock file or a file of scribe's lock folder
// is left in the repository.
func assertNoLocks(t testing.TB, dir string) {
	t.Helper()
	for _, left := range leftLocks(dir) {
		t.Errorf("left behind: %s", left)
	}
}

func leftLocks(dir string) []string {
	var left []string
	filepath.WalkDir(filepath.Join(dir, ".git"), func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if strings.HasSuffix(p, ".lock") && d.Name() != "scribe.lock" {
			left = append(left, p)
		}
		if !d.IsDir() && filepath.Base(filepath.Dir(p)) == lockDir {
			left = append(left, p)
		}
		return nil
	})
	return left
}

// gitBinary reports whether git is installed; with skip, the test is
// skipped when it is not.
func gitBinary(t testing.TB, skip bool) bool {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if skip {
			t.Skip("git is not installed: the repository cannot be checked with git fsck and git status")
		}
		return false
	}
	return true
}

func runGit(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := gitCmd(dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func gitCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir, "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestCommitFileRepairsStaleIndex checks that committing a file HEAD
// already holds, with the index still without it (as a writer stopped
// between the branch and the index leaves it), records it in the index.
func TestCommitFileRepairsStaleIndex(t *testing.T) {
	dir, _ := newSafeRepo(t)
	r := openSafe(t, dir)
	path := filepath.Join(dir, ".git", "index")
	before, _ := os.ReadFile(path)
	os.WriteFile(filepath.Join(dir, "new.txt"), []byte("new\n"), 0o644)
	if _, err := r.CommitFile(context.Background(), fileCommit("new.txt", "new\n")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, before, 0o644) // the index from before the commit
	if _, err := r.CommitFile(context.Background(), fileCommit("new.txt", "new\n")); !errors.Is(err, ErrUnchanged) {
		t.Fatalf("the same commit again = %v, want ErrUnchanged", err)
	}
	idx, _, err := r.readIndex()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Entry("new.txt"); err != nil {
		t.Fatalf("the index still lacks the committed file: %v", err)
	}
	if gitBinary(t, false) {
		if out := runGit(t, dir, "status", "--porcelain"); out != "" {
			t.Errorf("git status:\n%s", out)
		}
	}
	assertNoLocks(t, dir)
}

// TestCommitFileInLinkedWorkTree checks the lock files' places in a work
// tree made by git worktree add: the branch in the common git directory,
// HEAD and the index in the work tree's own.
func TestCommitFileInLinkedWorkTree(t *testing.T) {
	gitBinary(t, true)
	dir, _ := newSafeRepo(t)
	wt := filepath.Join(t.TempDir(), "wt")
	runGit(t, dir, "worktree", "add", "-q", "-b", "topic", wt)
	r := openSafe(t, wt)
	os.WriteFile(filepath.Join(wt, "w.txt"), []byte("w\n"), 0o644)
	fc := fileCommit("w.txt", "w\n")
	fc.RepoLocked = true
	h, err := r.CommitFile(context.Background(), fc)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(runGit(t, dir, "rev-parse", "topic")); got != h.String() {
		t.Errorf("topic = %s, want %s", got, h)
	}
	if out := runGit(t, wt, "status", "--porcelain"); out != "" {
		t.Errorf("git status in the work tree:\n%s", out)
	}
	if out := runGit(t, dir, "status", "--porcelain"); out != "" {
		t.Errorf("git status in the main work tree:\n%s", out)
	}
	runGit(t, dir, "fsck", "--strict")
	assertNoLocks(t, dir)
}
