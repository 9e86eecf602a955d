package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// ErrUnchanged says a commit would record nothing new.
var ErrUnchanged = errors.New("the file is unchanged: nothing to commit")

// FileCommit describes a commit that changes exactly one file.
type FileCommit struct {
	Path      string // slash-separated, from the work tree's root
	Content   []byte
	Author    object.Signature
	Committer object.Signature
	Message   string
	// Branch, when set, is a new branch to commit on, created from HEAD;
	// HEAD, the current branch, the index and the work tree stay as they
	// are. When empty, the commit goes on the current branch (or detached
	// HEAD) and the index records the new content.
	Branch string
	// RepoLocked says the caller holds scribe's repository lock
	// (layout.Repo.Lock), so that no other scribe is at work: lock files
	// that a scribe left when it was killed are then removed. Without it,
	// they are refused like git's own.
	RepoLocked bool
}

// CommitFile records one file in a new commit without reading the work
// tree: it builds the commit from HEAD's tree with only the trees on the
// file's path rewritten, so making the commit costs what the depth of the
// path costs. Recording the file in the index reads and rewrites the index
// (go-git has no partial update), which grows with the number of tracked
// files but needs no scan of the work tree. Other changes, staged or not,
// are left as they are. The branch moves only if nobody moved it meanwhile.
//
// The branch and the index are written by git's lock file protocol, so a
// process killed at any instant leaves each with its old value or its new
// one; a lock file of git's is refused, as git refuses it. A damaged index
// is reported before anything is written. CommitFile returns an error
// with a hash only when the commit landed and a later step failed: the
// commit is then on the branch, and the file must stay as committed.
func (r *Repo) CommitFile(ctx context.Context, fc FileCommit) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return plumbing.ZeroHash, err
	}
	if fc.RepoLocked {
		if err := r.safe.ClearStaleLocks(); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	target, tip, err := r.head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var branch plumbing.ReferenceName
	if fc.Branch != "" {
		branch = plumbing.NewBranchReferenceName(fc.Branch)
		if err := branch.Validate(); err != nil {
			return plumbing.ZeroHash, fmt.Errorf("%q is not a valid branch name: %v", fc.Branch, err)
		}
		if _, err := r.git.Storer.Reference(branch); err == nil {
			return plumbing.ZeroHash, fmt.Errorf("branch %s already exists: choose another name with --branch=NAME, or delete it", fc.Branch)
		}
	} else if err := r.safe.checkLoose(target); err != nil {
		return plumbing.ZeroHash, err
	}

	// On the current branch, take the index's lock and read the index
	// first: git cannot change it from here on, and a damaged index stops
	// the command before anything is written.
	var idxLock *lockFile
	var idx *index.Index
	var oldIndex []byte
	if fc.Branch == "" {
		if idxLock, err = r.safe.lockIndex(); err != nil {
			return plumbing.ZeroHash, err
		}
		defer idxLock.release()
		if idx, oldIndex, err = r.readIndex(); err != nil {
			return plumbing.ZeroHash, err
		}
	}

	hash, blob, err := r.makeCommit(tip, fc)
	if errors.Is(err, ErrUnchanged) && idx != nil {
		// HEAD holds the file already. If the index does not (a git
		// program, or an older scribe, stopped between moving the branch
		// and writing the index), it would show the file staged for
		// deletion or for its old content: record it there.
		if e, ierr := idx.Entry(fc.Path); ierr != nil || e.Hash != blob {
			if err := stage(idx, r.root, fc.Path, blob, len(fc.Content)); err != nil {
				return plumbing.ZeroHash, err
			}
			if err := r.safe.writeIndex(idxLock, idx); err != nil {
				return plumbing.ZeroHash, err
			}
			if err := idxLock.commit(); err != nil && !idxLock.renamed() {
				return plumbing.ZeroHash, err
			}
		}
		return plumbing.ZeroHash, ErrUnchanged
	}
	if err != nil {
		return plumbing.ZeroHash, err
	}

	if fc.Branch != "" {
		_, l, err := r.safe.lockRef(plumbing.NewHashReference(branch, hash), nil, true)
		if errors.Is(err, ErrRefMoved) {
			return plumbing.ZeroHash, fmt.Errorf("branch %s already exists: choose another name with --branch=NAME, or delete it", fc.Branch)
		}
		if err != nil {
			return plumbing.ZeroHash, err
		}
		defer l.release()
		if err := l.commit(); err != nil {
			if l.renamed() {
				return hash, fmt.Errorf("the commit is on %s, but syncing it to disk failed: %v", fc.Branch, err)
			}
			return plumbing.ZeroHash, err
		}
		return hash, nil
	}

	_, refLock, err := r.safe.lockRef(plumbing.NewHashReference(target, hash), tip, true)
	if err != nil {
		if errors.Is(err, ErrRefMoved) {
			return plumbing.ZeroHash, fmt.Errorf("%s moved while scribe was committing (%v): run the command again", target.Short(), err)
		}
		return plumbing.ZeroHash, err
	}
	defer refLock.release()
	if err := stage(idx, r.root, fc.Path, blob, len(fc.Content)); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := r.safe.writeIndex(idxLock, idx); err != nil {
		return plumbing.ZeroHash, err
	}

	// The index is renamed into place before the branch, while both locks
	// are held. Killed between the two renames, git sees the file staged
	// with its new content on the old commit: running the command again,
	// or a git commit, records it, and nothing is lost. The other order
	// would leave the new commit with the old index, where the file
	// looks staged for deletion (a new file) or for a return to its old
	// content, and the next git commit would undo the reading.
	var syncErr error
	if err := idxLock.commit(); err != nil {
		if !idxLock.renamed() {
			return plumbing.ZeroHash, fmt.Errorf("cannot write %s: %v; nothing was committed", shown(r.safe.gitDir, "index"), err)
		}
		syncErr = err // the new index is in place: go on
	}
	if err := refLock.commit(); err != nil {
		if refLock.renamed() { // the commit landed
			return hash, fmt.Errorf("the commit is on %s, but syncing it to disk failed: %v", target.Short(), err)
		}
		if rerr := r.restoreIndex(oldIndex); rerr != nil {
			return plumbing.ZeroHash, fmt.Errorf("cannot move %s (%v), and cannot put the index back (%v): "+
				"nothing was committed, but %s is staged; run `git restore --staged %s` to unstage it", target.Short(), err, rerr, fc.Path, fc.Path)
		}
		return plumbing.ZeroHash, fmt.Errorf("cannot move %s: %v; nothing was committed", target.Short(), err)
	}
	if syncErr != nil {
		return hash, fmt.Errorf("the commit is on %s, but syncing %s to disk failed: %v", target.Short(), shown(r.safe.gitDir, "index"), syncErr)
	}
	return hash, nil
}

// makeCommit writes the objects of the commit of fc on tip (nil on an
// unborn branch) and returns its hash and the file's blob.
func (r *Repo) makeCommit(tip *plumbing.Reference, fc FileCommit) (plumbing.Hash, plumbing.Hash, error) {
	var parents []plumbing.Hash
	var base *object.Tree
	if tip != nil {
		c, err := r.git.CommitObject(tip.Hash())
		if err != nil {
			return plumbing.ZeroHash, plumbing.ZeroHash, err
		}
		if base, err = c.Tree(); err != nil {
			return plumbing.ZeroHash, plumbing.ZeroHash, err
		}
		parents = []plumbing.Hash{c.Hash}
	}
	blob, err := r.store(plumbing.BlobObject, fc.Content)
	if err != nil {
		return plumbing.ZeroHash, plumbing.ZeroHash, err
	}
	parts := strings.Split(fc.Path, "/")
	treeHash, changed, err := r.putPath(base, parts, blob)
	if err != nil {
		return plumbing.ZeroHash, plumbing.ZeroHash, err
	}
	if !changed {
		return plumbing.ZeroHash, blob, ErrUnchanged
	}
	commit := &object.Commit{
		Author:       fc.Author,
		Committer:    fc.Committer,
		Message:      fc.Message,
		TreeHash:     treeHash,
		ParentHashes: parents,
	}
	obj := r.git.Storer.NewEncodedObject()
	if err := commit.Encode(obj); err != nil {
		return plumbing.ZeroHash, plumbing.ZeroHash, err
	}
	hash, err := r.git.Storer.SetEncodedObject(obj)
	return hash, blob, err
}

func (r *Repo) store(t plumbing.ObjectType, data []byte) (plumbing.Hash, error) {
	obj := r.git.Storer.NewEncodedObject()
	obj.SetType(t)
	obj.SetSize(int64(len(data)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(data); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return r.git.Storer.SetEncodedObject(obj)
}

// putPath returns the hash of tree with the blob at parts, rewriting only
// the trees along the path, and whether anything changed.
func (r *Repo) putPath(tree *object.Tree, parts []string, blob plumbing.Hash) (plumbing.Hash, bool, error) {
	var entries []object.TreeEntry
	if tree != nil {
		entries = append(entries, tree.Entries...)
	}
	name := parts[0]
	i := sort.Search(len(entries), func(i int) bool { return entries[i].Name >= name })
	found := i < len(entries) && entries[i].Name == name
	if !found {
		// Git sorts a directory as if its name ended in "/": search again.
		for k, e := range entries {
			if e.Name == name {
				i, found = k, true
				break
			}
		}
	}
	var entry object.TreeEntry
	if len(parts) == 1 {
		if found && entries[i].Mode != filemode.Regular && entries[i].Mode != filemode.Executable {
			return plumbing.ZeroHash, false, fmt.Errorf("%s is a %s in the last commit, not a file: a maintainer must fix the repository", name, modeName(entries[i].Mode))
		}
		if found && entries[i].Hash == blob && entries[i].Mode == filemode.Regular {
			return tree.Hash, false, nil
		}
		entry = object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blob}
	} else {
		var sub *object.Tree
		if found {
			if entries[i].Mode != filemode.Dir {
				return plumbing.ZeroHash, false, fmt.Errorf("%s is a %s in the last commit, not a folder", name, modeName(entries[i].Mode))
			}
			var err error
			if sub, err = r.git.TreeObject(entries[i].Hash); err != nil {
				return plumbing.ZeroHash, false, err
			}
		}
		h, changed, err := r.putPath(sub, parts[1:], blob)
		if err != nil || !changed {
			if tree != nil {
				return tree.Hash, changed, err
			}
			return plumbing.ZeroHash, changed, err
		}
		entry = object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h}
	}
	if found {
		entries[i] = entry
	} else {
		entries = append(entries, entry)
	}
	sort.Slice(entries, func(a, b int) bool { return gitName(entries[a]) < gitName(entries[b]) })
	obj := r.git.Storer.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		return plumbing.ZeroHash, false, err
	}
	h, err := r.git.Storer.SetEncodedObject(obj)
	return h, true, err
}

func gitName(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

func modeName(m filemode.FileMode) string {
	switch m {
	case filemode.Symlink:
		return "symbolic link"
	case filemode.Dir:
		return "folder"
	case filemode.Submodule:
		return "submodule"
	default:
		return "file"
	}
}

// stage records the committed content of one path in idx, with the
// file's stat data so that git sees the work tree file as clean.
func stage(idx *index.Index, root, rel string, blob plumbing.Hash, size int) error {
	e, err := idx.Entry(rel)
	if errors.Is(err, index.ErrEntryNotFound) {
		e = idx.Add(rel)
		sort.Slice(idx.Entries, func(a, b int) bool { return idx.Entries[a].Name < idx.Entries[b].Name })
	} else if err != nil {
		return err
	}
	e.Hash, e.Mode, e.Size = blob, filemode.Regular, uint32(size)
	if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err == nil {
		e.ModifiedAt, e.CreatedAt = fi.ModTime(), fi.ModTime()
	}
	return nil
}

// Signature is a commit author or committer at a time.
func Signature(name, email string, when time.Time) object.Signature {
	return object.Signature{Name: name, Email: email, When: when}
}
