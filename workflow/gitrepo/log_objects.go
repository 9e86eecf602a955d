package gitrepo

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// logObjects is the object store one reader of a log walk reads from: a
// go-git file storage of its own over the repository's .git, so that
// readers in different goroutines share nothing, with the pack files kept
// open until done.
//
// go-git's storage resolves a delta by reading its base through an object
// cache keyed by hash, and computes the SHA-1 of every object it puts
// there; in a walk that reads two trees a commit, that hashing and the
// cache's bookkeeping cost more than the reading. So the storage gets no
// cache, deltas are fetched unresolved (DeltaObject) and patched here with
// go-git's PatchDelta, and their bases are looked up among the trees the
// walk keeps anyway: a tree's base in a pack is nearly always a version
// of the same folder from a nearby commit, read just before. The storage
// is opened for exclusive access, so that go-git lists the loose objects
// once instead of trying to open a loose file for every object: the walk
// reads only what HEAD reached when it started, which a concurrent writer
// does not change.
type logObjects struct {
	*filesystem.Storage
	trees *treeCache   // the walk's trees, shared with its treeReader
	packs []packCursor // the packs held in memory, read first
	bases *baseCache   // what was read from them, for deltas' bases
}

// maxDeltaChain bounds the deltas followed to reach one object; git's
// own limit is 4095, and a malformed pack must not recurse forever.
const maxDeltaChain = 10000

func newLogObjects(fs *filesystem.Storage, packs []*logPack, trees *treeCache) *logObjects {
	s := filesystem.NewStorageWithOptions(fs.Filesystem(), noCache{}, filesystem.Options{KeepDescriptors: true, ExclusiveAccess: true})
	o := &logObjects{Storage: s, trees: trees, bases: newBaseCache(walkTreeCache)}
	for _, p := range packs {
		o.packs = append(o.packs, newPackCursor(p))
	}
	return o
}

// EncodedObject returns an object with its content resolved. Trees
// reached as delta bases are kept in the walk's tree cache; the object
// asked for is not, since the walk's treeReader keeps what it reads.
func (o *logObjects) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	typ, data, err := o.resolve(h, 0)
	if err != nil {
		return nil, err
	}
	if t != plumbing.AnyObject && typ != t {
		return nil, plumbing.ErrObjectNotFound
	}
	return &rawObject{hash: h, typ: typ, data: data}, nil
}

func (o *logObjects) resolve(h plumbing.Hash, depth int) (plumbing.ObjectType, []byte, error) {
	if t, ok := o.trees.get(h); ok {
		return plumbing.TreeObject, t, nil
	}
	if depth > maxDeltaChain {
		return 0, nil, fmt.Errorf("object %s: more than %d deltas deep", h, maxDeltaChain)
	}
	for i, p := range o.packs {
		if offset, err := p.idx.FindOffset(h); err == nil {
			obj, err := o.packed(i, offset, depth)
			if err != nil {
				return 0, nil, fmt.Errorf("reading object %s: %w", h, err)
			}
			return obj.typ, obj.data, nil
		}
	}
	obj, err := o.Storage.DeltaObject(plumbing.AnyObject, h)
	if errors.Is(err, plumbing.ErrObjectNotFound) {
		// Not in this repository's own packs or loose objects: an
		// alternate's, which go-git's EncodedObject looks in.
		obj, err = o.Storage.EncodedObject(plumbing.AnyObject, h)
	}
	if err != nil {
		return 0, nil, err
	}
	content, err := readAll(obj)
	if err != nil {
		return 0, nil, fmt.Errorf("reading object %s: %w", h, err)
	}
	typ := obj.Type()
	if d, ok := obj.(plumbing.DeltaObject); ok {
		var base []byte
		if typ, base, err = o.resolve(d.BaseHash(), depth+1); err != nil {
			return 0, nil, fmt.Errorf("reading the base of object %s: %w", h, err)
		}
		if content, err = packfile.PatchDelta(base, content); err != nil {
			return 0, nil, fmt.Errorf("object %s: %w", h, err)
		}
	}
	if depth > 0 && typ == plumbing.TreeObject {
		o.trees.put(h, content)
	}
	return typ, content, nil
}

func readAll(obj plumbing.EncodedObject) ([]byte, error) {
	r, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n := obj.Size()
	if n < 0 || n > 1<<30 {
		return io.ReadAll(r)
	}
	b := make([]byte, n)
	_, err = io.ReadFull(r, b)
	return b, err
}

// rawObject is an object whose content has been read whole.
type rawObject struct {
	hash plumbing.Hash
	typ  plumbing.ObjectType
	data []byte
}

func (o *rawObject) Hash() plumbing.Hash           { return o.hash }
func (o *rawObject) Type() plumbing.ObjectType     { return o.typ }
func (o *rawObject) SetType(t plumbing.ObjectType) { o.typ = t }
func (o *rawObject) Size() int64                   { return int64(len(o.data)) }
func (o *rawObject) SetSize(int64)                 {}
func (o *rawObject) Reader() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}
func (o *rawObject) Writer() (io.WriteCloser, error) {
	return nil, errors.New("a log walk's objects are read-only")
}

// noCache is go-git's object cache turned off: a walk keeps what it
// reads itself.
type noCache struct{}

func (noCache) Put(plumbing.EncodedObject)                       {}
func (noCache) Get(plumbing.Hash) (plumbing.EncodedObject, bool) { return nil, false }
func (noCache) Clear()                                           {}

var _ storer.EncodedObjectStorer = (*logObjects)(nil)
