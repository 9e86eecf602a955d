package gitrepo

import (
	"errors"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// FileAt returns a file's content in a commit, and false when the commit
// has no such file.
func (r *Repo) FileAt(commit, rel string) ([]byte, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.fileAt(plumbing.NewHash(commit), rel)
}

// fileAt is FileAt with the lock held.
func (r *Repo) fileAt(commit plumbing.Hash, rel string) ([]byte, bool, error) {
	c, err := r.git.CommitObject(commit)
	if err != nil {
		return nil, false, err
	}
	f, err := c.File(rel)
	if errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	rd, err := f.Reader()
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	b, err := io.ReadAll(rd)
	return b, true, err
}
