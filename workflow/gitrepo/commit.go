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
}

// CommitFile records one file in a new commit without reading the work
// tree: it builds the commit from HEAD's tree with only the trees on the
// file's path rewritten, so making the commit costs what the depth of the
// path costs. Recording the file in the index reads and rewrites the index
// (go-git has no partial update), which grows with the number of tracked
// files but needs no scan of the work tree. Other changes, staged or not,
// are left as they are. The branch moves only if nobody moved it meanwhile.
func (r *Repo) CommitFile(ctx context.Context, fc FileCommit) (plumbing.Hash, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return plumbing.ZeroHash, err
	}
	target, tip, err := r.head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if fc.Branch != "" {
		name := plumbing.NewBranchReferenceName(fc.Branch)
		if err := name.Validate(); err != nil {
			return plumbing.ZeroHash, fmt.Errorf("%q is not a valid branch name: %v", fc.Branch, err)
		}
		if _, err := r.git.Storer.Reference(name); err == nil {
			return plumbing.ZeroHash, fmt.Errorf("branch %s already exists: choose another name with --branch=NAME, or delete it", fc.Branch)
		}
	}
	var parents []plumbing.Hash
	var base *object.Tree
	if tip != nil {
		c, err := r.git.CommitObject(tip.Hash())
		if err != nil {
			return plumbing.ZeroHash, err
		}
		if base, err = c.Tree(); err != nil {
			return plumbing.ZeroHash, err
		}
		parents = []plumbing.Hash{c.Hash}
	}
	blob, err := r.store(plumbing.BlobObject, fc.Content)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	parts := strings.Split(fc.Path, "/")
	treeHash, changed, err := r.putPath(base, parts, blob)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if !changed {
		return plumbing.ZeroHash, ErrUnchanged
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
		return plumbing.ZeroHash, err
	}
	hash, err := r.git.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, err
	}

	if fc.Branch != "" {
		return hash, r.git.Storer.CheckAndSetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(fc.Branch), hash), nil)
	}
	if err := r.git.Storer.CheckAndSetReference(plumbing.NewHashReference(target, hash), tip); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s moved while scribe was committing (%v): run the command again", target.Short(), err)
	}
	return hash, r.stage(fc.Path, blob, len(fc.Content))
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

// stage records the committed content of one path in the index, with the
// file's stat data so that git sees the work tree file as clean.
func (r *Repo) stage(rel string, blob plumbing.Hash, size int) error {
	idx, err := r.git.Storer.Index()
	if err != nil {
		return err
	}
	e, err := idx.Entry(rel)
	if errors.Is(err, index.ErrEntryNotFound) {
		e = idx.Add(rel)
		sort.Slice(idx.Entries, func(a, b int) bool { return idx.Entries[a].Name < idx.Entries[b].Name })
	} else if err != nil {
		return err
	}
	e.Hash, e.Mode, e.Size = blob, filemode.Regular, uint32(size)
	if fi, err := os.Stat(filepath.Join(r.root, filepath.FromSlash(rel))); err == nil {
		e.ModifiedAt, e.CreatedAt = fi.ModTime(), fi.ModTime()
	}
	return r.git.Storer.SetIndex(idx)
}

// Signature is a commit author or committer at a time.
func Signature(name, email string, when time.Time) object.Signature {
	return object.Signature{Name: name, Email: email, When: when}
}
