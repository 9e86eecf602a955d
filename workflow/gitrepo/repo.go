package gitrepo

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Repo is one git repository behind one lock: go-git is not safe for
// concurrent use, so every method holds the lock while it works.
type Repo struct {
	mu   sync.Mutex
	git  *git.Repository
	root string // the work tree's root, absolute
	// safe writes references and the index by git's lock file protocol;
	// every reference or index write goes through it, not through git's
	// own storage, which truncates a file before it writes it.
	safe *SafeStorage
}

// Open opens the git repository that holds dir.
func Open(dir string) (*Repo, error) {
	g, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil, fmt.Errorf("%s is not in a git repository: run `scribe init` there, or clone the project", dir)
		}
		return nil, err
	}
	wt, err := g.Worktree()
	if err != nil {
		return nil, err
	}
	fs, ok := g.Storer.(*filesystem.Storage)
	if !ok {
		return nil, fmt.Errorf("%s: the git repository is not stored in files", dir)
	}
	safe, err := NewSafeStorage(g.Storer, fs.Filesystem().Root())
	if err != nil {
		return nil, err
	}
	return &Repo{git: g, root: wt.Filesystem.Root(), safe: safe}, nil
}

// Root is the absolute path of the work tree.
func (r *Repo) Root() string { return r.root }

// Rel turns an absolute path into a slash-separated path from the work
// tree's root, the form git stores.
func (r *Repo) Rel(abs string) (string, error) {
	rel, err := filepath.Rel(r.root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%s is outside the git work tree %s", abs, r.root)
	}
	return filepath.ToSlash(rel), nil
}

// User returns git's user.name and user.email from the repository's,
// the user's and the system's configuration.
func (r *Repo) User() (name, email string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cfg, err := r.git.ConfigScoped(config.SystemScope)
	if err != nil {
		return "", "", err
	}
	return cfg.User.Name, cfg.User.Email, nil
}

// CurrentBranch is the short name of the checked-out branch, or "" on a
// detached HEAD.
func (r *Repo) CurrentBranch() (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, err := r.git.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", err
	}
	if h.Type() != plumbing.SymbolicReference {
		return "", nil
	}
	return h.Target().Short(), nil
}

// head returns the reference a commit on the current branch updates, and
// its current value: nil on an unborn branch. A detached HEAD is updated
// itself.
func (r *Repo) head() (plumbing.ReferenceName, *plumbing.Reference, error) {
	h, err := r.git.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return "", nil, err
	}
	if h.Type() == plumbing.HashReference {
		return plumbing.HEAD, h, nil
	}
	tip, err := r.git.Storer.Reference(h.Target())
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return h.Target(), nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	return h.Target(), tip, nil
}

// DefaultBranch is the branch a repository created by scribe starts on.
const DefaultBranch = "main"

// Ensure makes dir a git repository unless it already is one or lies
// inside one. It reports whether it created a repository.
func Ensure(dir string) (created bool, err error) {
	_, err = git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, git.ErrRepositoryNotExists) {
		return false, err
	}
	_, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(DefaultBranch)},
	})
	if err != nil {
		return false, err
	}
	return true, nil
}
