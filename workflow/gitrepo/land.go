package gitrepo

import (
	"io/fs"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Landing is a pull request's change as it would land on its base
// branch: the base tip's tree with the head's changes since the merge
// base applied, the way a forge's merge button makes the merge commit.
type Landing struct {
	Base, MergeBase, Head plumbing.Hash
	// Changes are the pull request's own: merge base → head, exact paths.
	Changes []Change
	// FS is the landed tree. A path with an invalid name is left out: no
	// tree can hold it, and the scope rules refuse it.
	FS fs.FS
	// Conflicts are the paths that the base branch and the pull request
	// both changed and that do not merge line by line. The landed tree
	// holds the pull request's side of each, so that its checks still see
	// what the pull request wrote.
	Conflicts []string
}

// Land works out how the change from the merge base of base and head to
// head would land on base. Files both sides changed are merged line by
// line, as git merges text: changes to separate lines merge, changes to
// the same or adjacent lines conflict.
func (r *Repo) Land(base, head plumbing.Hash) (*Landing, error) {
	mb, err := r.MergeBase(base, head)
	if err != nil {
		return nil, err
	}
	changes, err := r.Changes(mb, head)
	if err != nil {
		return nil, err
	}
	since, err := r.Changes(mb, base)
	if err != nil {
		return nil, err
	}
	baseFS, err := r.TreeFS(base)
	if err != nil {
		return nil, err
	}
	onBase := make(map[string]Change, len(since))
	for _, c := range since {
		onBase[c.Path] = c
	}
	l := &Landing{Base: base, MergeBase: mb, Head: head, Changes: changes}
	ov := &overlayFS{base: baseFS, files: map[string]*overlayFile{}, read: r.blob, size: r.blobSize}
	for _, c := range changes {
		if c.Invalid != "" {
			continue
		}
		b, both := onBase[c.Path]
		switch {
		case !both:
			ov.put(c.Path, c.To, c.ToHash, nil)
		case b.To == c.To && b.ToHash == c.ToHash:
			// Both made the same change.
		default:
			mode, data, ok, err := r.merge(c, b)
			if err != nil {
				return nil, err
			}
			if !ok {
				l.Conflicts = append(l.Conflicts, c.Path)
				ov.put(c.Path, c.To, c.ToHash, nil)
				continue
			}
			ov.put(c.Path, mode, plumbing.ZeroHash, data)
		}
	}
	ov.index()
	l.FS = ov
	return l, nil
}

// merge merges one file that the pull request (ours) and the base since
// the merge base (theirs) both changed. ok is false on a conflict: a
// deletion against a change, a change of mode on both sides, anything
// but regular files, or text changes that overlap.
func (r *Repo) merge(ours, theirs Change) (filemode.FileMode, []byte, bool, error) {
	if ours.To == 0 || theirs.To == 0 || ours.From == 0 {
		return 0, nil, false, nil // a deletion or an addition on both sides
	}
	mode := ours.To
	switch {
	case ours.To == ours.From:
		mode = theirs.To
	case theirs.To != theirs.From && theirs.To != ours.To:
		return 0, nil, false, nil
	}
	if !mode.IsFile() || mode == filemode.Symlink {
		return 0, nil, false, nil
	}
	var texts [3][]byte
	for i, h := range []plumbing.Hash{ours.FromHash, ours.ToHash, theirs.ToHash} {
		b, err := r.blob(h)
		if err != nil {
			return 0, nil, false, err
		}
		texts[i] = b
	}
	merged, ok := Merge3(texts[0], texts[1], texts[2])
	return mode, merged, ok, nil
}
