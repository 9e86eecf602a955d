package gitrepo

import (
	"io"
	"path"

	"github.com/go-git/go-git/v5/plumbing/cache"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// walkCacheSize bounds go-git's cache of objects (delta bases, mostly)
// during a walk: the walk keeps the trees it needs itself, and a larger
// cache only costs memory and garbage collection (on 30,000 commits,
// 96 MiB, go-git's default, took 0.67 s and 240 MB; 8 MiB 0.60 s and
// 117 MB).
const walkCacheSize = 16 * cache.MiByte

// objectReader returns what a long walk reads from, and a function to
// call when done: the object store, and git's commit-graph when there is
// one (nil otherwise).
//
// go-git's default file storage opens and closes the pack file for every
// object it reads from it; for a walk of thousands of commits, a second
// storage over the same .git folder keeps the packs open until done.
// The commit-graph (written by git gc, git commit-graph write or a fetch)
// holds each commit's tree, parents and time, so that most commits need
// not be read and inflated at all; it is read into memory whole, since
// go-git reads a field at a time from it. Other storages are used as
// they are.
func (r *Repo) objectReader() (storer.EncodedObjectStorer, commitgraph.Index, func()) {
	fs, ok := r.git.Storer.(*filesystem.Storage)
	if !ok {
		return r.git.Storer, nil, func() {}
	}
	s := filesystem.NewStorageWithOptions(fs.Filesystem(), cache.NewObjectLRU(walkCacheSize), filesystem.Options{KeepDescriptors: true})
	graph := openCommitGraph(func(name string) ([]byte, error) {
		f, err := fs.Filesystem().Open(path.Join("objects", "info", name))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	})
	return s, graph, func() {
		if graph != nil {
			_ = graph.Close()
		}
		_ = s.Close()
	}
}
