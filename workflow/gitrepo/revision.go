package gitrepo

import (
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// Resolve turns a revision (a branch, tag, hash, HEAD~2…) into a commit.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	h, err := r.git.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("cannot resolve %q to a commit: %v", rev, err)
	}
	return *h, nil
}

// MergeBase returns the best common ancestor of two commits.
func (r *Repo) MergeBase(a, b plumbing.Hash) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ca, err := r.git.CommitObject(a)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	cb, err := r.git.CommitObject(b)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if len(bases) == 0 {
		return plumbing.ZeroHash, fmt.Errorf("%s and %s have no common history", a.String()[:12], b.String()[:12])
	}
	return bases[0].Hash, nil
}
