package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/go-git/go-git/v5/plumbing/storer"
)

func (r *Repo) treeOf(commit plumbing.Hash) (*object.Tree, error) {
	c, err := r.git.CommitObject(commit)
	if err != nil {
		return nil, err
	}
	return c.Tree()
}

// rawTree is a tree object's content as stored: entries of
// "MODE NAME\x00HASH", read as needed rather than decoded whole, since
// most trees of a walk are only searched for one name.
type rawTree []byte

type treeEntry struct {
	name string
	mode string // octal, as stored: "40000" is a folder
	hash plumbing.Hash
}

func (e treeEntry) dir() bool { return e.mode == "40000" }

var errBadTree = errors.New("malformed tree object")

// next cuts the first entry off the tree.
func (t rawTree) next() (mode, name []byte, hash plumbing.Hash, rest rawTree, err error) {
	sp := bytes.IndexByte(t, ' ')
	if sp <= 0 {
		return nil, nil, hash, nil, errBadTree
	}
	nul := bytes.IndexByte(t[sp+1:], 0)
	if nul <= 0 || sp+1+nul+1+len(hash) > len(t) {
		return nil, nil, hash, nil, errBadTree
	}
	nul += sp + 1
	copy(hash[:], t[nul+1:])
	return t[:sp], t[sp+1 : nul], hash, t[nul+1+len(hash):], nil
}

// find returns the entry called name.
func (t rawTree) find(name string) (treeEntry, bool, error) {
	for len(t) > 0 {
		mode, n, h, rest, err := t.next()
		if err != nil {
			return treeEntry{}, false, err
		}
		if string(n) == name {
			return treeEntry{name: name, mode: string(mode), hash: h}, true, nil
		}
		t = rest
	}
	return treeEntry{}, false, nil
}

// entries decodes every entry.
func (t rawTree) entries() ([]treeEntry, error) {
	var out []treeEntry
	for len(t) > 0 {
		mode, n, h, rest, err := t.next()
		if err != nil {
			return nil, err
		}
		out = append(out, treeEntry{name: string(n), mode: string(mode), hash: h})
		t = rest
	}
	return out, nil
}

// treeReader reads trees from an object store in their stored form,
// keeping the recently read ones.
type treeReader struct {
	objects storer.EncodedObjectStorer
	trees   *treeCache
}

func (w *treeReader) tree(h plumbing.Hash) (rawTree, error) {
	if t, ok := w.trees.get(h); ok {
		return t, nil
	}
	b, err := w.read(plumbing.TreeObject, h)
	if err != nil {
		return nil, err
	}
	w.trees.put(h, b)
	return b, nil
}

func (w *treeReader) entries(h plumbing.Hash) ([]treeEntry, error) {
	if h.IsZero() {
		return nil, nil
	}
	t, err := w.tree(h)
	if err != nil {
		return nil, err
	}
	e, err := t.entries()
	if err != nil {
		return nil, fmt.Errorf("tree %s: %w", h, err)
	}
	return e, nil
}

// child is the hash of the folder name in the tree h, or zero when h is
// zero or has no folder of that name.
func (w *treeReader) child(h plumbing.Hash, name string) (plumbing.Hash, error) {
	if h.IsZero() {
		return plumbing.ZeroHash, nil
	}
	t, err := w.tree(h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	e, ok, err := t.find(name)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("tree %s: %w", h, err)
	}
	if !ok || !e.dir() {
		return plumbing.ZeroHash, nil
	}
	return e.hash, nil
}

// read returns an object's content.
func (w *treeReader) read(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	obj, err := w.objects.EncodedObject(t, h)
	if err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", t, h, err)
	}
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b := make([]byte, obj.Size())
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("reading %s %s: %w", t, h, err)
	}
	return b, nil
}

// treeCache keeps recently read trees, bounded: two generations of at
// most size bytes each; a tree found in the older one moves to the newer,
// and when the newer fills up the older is dropped. A commit's trees are
// read again as its child's parent trees, so they are hits.
type treeCache struct {
	size, used int
	cur, old   map[plumbing.Hash]rawTree
}

func newTreeCache(size int) *treeCache {
	return &treeCache{size: size, cur: map[plumbing.Hash]rawTree{}}
}

func (c *treeCache) get(h plumbing.Hash) (rawTree, bool) {
	if t, ok := c.cur[h]; ok {
		return t, true
	}
	if t, ok := c.old[h]; ok {
		c.put(h, t)
		return t, true
	}
	return nil, false
}

func (c *treeCache) put(h plumbing.Hash, t rawTree) {
	if c.used+len(t) > c.size && len(c.cur) > 0 {
		c.old, c.cur, c.used = c.cur, map[plumbing.Hash]rawTree{}, 0
	}
	c.cur[h] = t
	c.used += len(t)
}
