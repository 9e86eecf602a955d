package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/storage"
)

// ErrRefMoved says a reference no longer holds the value a command read
// at its start: someone else moved it meanwhile.
var ErrRefMoved = errors.New("the reference moved")

// SafeStorage is a go-git storage whose reference and index writes follow
// git's lock file protocol (see lockfile.go): a process killed at any
// instant leaves a reference or the index with its old value or its new
// one, and a compare-and-set holds git's lock on the reference while it
// compares. Reads, objects and everything else are go-git's own.
type SafeStorage struct {
	storage.Storer
	gitDir    string // the git directory: HEAD, the index
	commonDir string // where refs and objects live; gitDir but in a linked work tree
}

// NewSafeStorage wraps s, go-git's storage of the git directory gitDir
// (whose commondir file, in a linked work tree, names where refs live).
func NewSafeStorage(s storage.Storer, gitDir string) (*SafeStorage, error) {
	common := gitDir
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		common = filepath.Clean(c)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return &SafeStorage{Storer: s, gitDir: gitDir, commonDir: common}, nil
}

// refDir is the git directory that holds the reference name, following
// git's layout of a linked work tree: HEAD and refs/bisect, refs/rewritten
// and refs/worktree are the work tree's own.
func (s *SafeStorage) refDir(name plumbing.ReferenceName) string {
	n := name.String()
	if !strings.HasPrefix(n, "refs/") {
		return s.gitDir
	}
	for _, own := range []string{"refs/bisect/", "refs/rewritten/", "refs/worktree/"} {
		if strings.HasPrefix(n, own) {
			return s.gitDir
		}
	}
	return s.commonDir
}

// shown names a file in a git directory for messages, from the work
// tree's root when it lies in the usual .git folder.
func shown(dir, rel string) string {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if filepath.Base(dir) == ".git" {
		return filepath.Join(".git", filepath.FromSlash(rel))
	}
	return p
}

// SetReference sets a reference, whatever it held.
func (s *SafeStorage) SetReference(ref *plumbing.Reference) error {
	return s.setRef(ref, nil, false)
}

// CheckAndSetReference sets a reference if it still holds old (any value
// when old is nil), comparing while it holds the reference's lock.
func (s *SafeStorage) CheckAndSetReference(ref, old *plumbing.Reference) error {
	return s.setRef(ref, old, old != nil)
}

// CreateReference sets a reference that must not exist yet.
func (s *SafeStorage) CreateReference(ref *plumbing.Reference) error {
	return s.setRef(ref, nil, true)
}

// setRef writes ref through its lock file. With compare, the reference
// must hold old's hash (or not exist, when old is nil) once the lock is
// taken; the value is read through go-git, so a reference only in
// packed-refs counts with its packed value.
func (s *SafeStorage) setRef(ref, old *plumbing.Reference, compare bool) error {
	ref, l, err := s.lockRef(ref, old, compare)
	if err != nil {
		return err
	}
	defer l.release()
	return l.commit()
}

// lockRef takes the reference's lock, writes the new value into it and
// compares; the caller commits or releases the lock.
func (s *SafeStorage) lockRef(ref, old *plumbing.Reference, compare bool) (*plumbing.Reference, *lockFile, error) {
	name := ref.Name()
	if err := name.Validate(); err != nil && name != plumbing.HEAD {
		return nil, nil, fmt.Errorf("%q is not a valid reference name: %v", name, err)
	}
	var content string
	switch ref.Type() {
	case plumbing.HashReference:
		content = ref.Hash().String() + "\n"
	case plumbing.SymbolicReference:
		content = "ref: " + ref.Target().String() + "\n"
	default:
		return nil, nil, fmt.Errorf("cannot write reference %s of no type", name)
	}
	dir := s.refDir(name)
	l, err := takeLock(dir, name.String(), shown(dir, name.String()))
	if err != nil {
		return nil, nil, err
	}
	if err := l.write([]byte(content)); err != nil {
		l.release()
		return nil, nil, err
	}
	if compare {
		if err := s.compare(name, old); err != nil {
			l.release()
			return nil, nil, err
		}
	}
	return ref, l, nil
}

// compare checks, holding the reference's lock, that the reference holds
// old (does not exist, when old is nil).
func (s *SafeStorage) compare(name plumbing.ReferenceName, old *plumbing.Reference) error {
	if err := s.checkLoose(name); err != nil {
		return err
	}
	cur, err := s.Storer.Reference(name)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		cur, err = nil, nil
	}
	if err != nil {
		return err
	}
	switch {
	case old == nil && cur == nil:
		return nil
	case old == nil:
		return fmt.Errorf("%s already exists: %w", name.Short(), ErrRefMoved)
	case cur == nil:
		return fmt.Errorf("%s was deleted: %w", name.Short(), ErrRefMoved)
	case cur.Type() != old.Type() || cur.Hash() != old.Hash() || cur.Target() != old.Target():
		return fmt.Errorf("%s now points at %s: %w", name.Short(), cur.Hash().String()[:12], ErrRefMoved)
	}
	return nil
}

// checkLoose refuses a loose reference file that is empty or holds no
// value: go-git would read it as absent, or fall back to an older value
// in packed-refs, and a commit on it would drop history.
func (s *SafeStorage) checkLoose(name plumbing.ReferenceName) error {
	dir := s.refDir(name)
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name.String())))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	line := strings.TrimSpace(string(b))
	if strings.HasPrefix(line, "ref: ") || plumbing.IsHash(line) {
		return nil
	}
	f := shown(dir, name.String())
	return fmt.Errorf("%s is damaged (it holds %q, not a commit's hash; a git program was probably stopped while writing it): "+
		"nothing was changed; find the last commit of %s with `git reflog %s` and restore it with `git update-ref %s HASH`, then run the command again",
		f, truncate(line, 40), name.Short(), name.Short(), name)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// SetIndex writes the index through index.lock, encoded by go-git.
func (s *SafeStorage) SetIndex(idx *index.Index) error {
	l, err := s.lockIndex()
	if err != nil {
		return err
	}
	defer l.release()
	if err := s.writeIndex(l, idx); err != nil {
		return err
	}
	return l.commit()
}

func (s *SafeStorage) lockIndex() (*lockFile, error) {
	return takeLock(s.gitDir, "index", shown(s.gitDir, "index"))
}

func (s *SafeStorage) writeIndex(l *lockFile, idx *index.Index) error {
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(idx); err != nil {
		return fmt.Errorf("cannot encode the index: %v", err)
	}
	return l.write(buf.Bytes())
}

// ClearStaleLocks removes the lock files that a scribe that was killed
// left in the git directories. Call it only holding scribe's repository
// lock, when no other scribe can be at work.
func (s *SafeStorage) ClearStaleLocks() error {
	if err := clearStaleLocks(s.gitDir); err != nil {
		return err
	}
	if s.commonDir != s.gitDir {
		return clearStaleLocks(s.commonDir)
	}
	return nil
}
