package gitrepo

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ChangeKind says what a commit did to one path.
type ChangeKind string

// The kinds of change. A rename is a deletion and an addition.
const (
	Added    ChangeKind = "added"
	Modified ChangeKind = "modified"
	Deleted  ChangeKind = "deleted"
)

// Letter is the kind as git's --name-status writes it: A, M or D.
func (k ChangeKind) Letter() string {
	switch k {
	case Added:
		return "A"
	case Deleted:
		return "D"
	default:
		return "M"
	}
}

// PathChange is one file a commit changed under the prefix of a log.
type PathChange struct {
	Path   string     `json:"path"` // slash-separated, relative to the prefix
	Change ChangeKind `json:"change"`
}

// LogEntry is one commit that changed something under a prefix.
type LogEntry struct {
	Hash    string       `json:"hash"` // 40 hex digits
	Date    time.Time    `json:"date"` // the author date, in UTC
	Author  string       `json:"author"`
	Email   string       `json:"email"`
	Message string       `json:"message"` // the first line
	Changes []PathChange `json:"changes"` // sorted by path
}

// ShortHash is the first 12 hex digits of the commit's hash.
func (e LogEntry) ShortHash() string {
	if len(e.Hash) > 12 {
		return e.Hash[:12]
	}
	return e.Hash
}

// PathLog lists the commits reachable from HEAD that changed anything
// under prefix (a folder: slash-separated, from the work tree's root),
// newest first, at most limit of them (0: all). An unborn HEAD has an
// empty log; a detached HEAD is followed like a branch.
//
// The walk follows every parent, visiting each commit once, in order of
// committer date, newest first (ties by hash), as git log does. A commit
// with one parent is listed when the prefix's tree differs from its
// parent's, with every file that differs; a root commit is compared with
// an empty tree. A merge is listed only for its own changes: the files
// under the prefix whose content differs from that in every parent (a
// conflict resolved by hand, an edit made in the merge), as git's
// combined diff (--cc) shows them, each marked A, M or D against the
// first parent, as git log --first-parent would. A clean merge is left
// out: the commits it brings in are listed themselves, with their own
// authors, rather than once more under whoever merged them.
//
// The cost follows the number of commits, not the size of the trees:
// for each commit the prefix is compared with the parent's one tree level
// at a time (root, transcriptions, document, page), stopping at the first
// level whose hashes are equal, so a commit that touched another document
// costs one or two small tree reads, most of them cached, since a
// commit's trees are its child's parent trees. Trees are searched for one
// name in their stored form, not decoded; a commit's tree, parents and
// time come from git's commit-graph when there is one, or else from its
// header. Only when the prefix's trees differ are they compared entry by
// entry, descending only into folders whose hashes differ. In a shallow
// clone the shallow commits are taken as roots, as git does.
func (r *Repo) PathLog(ctx context.Context, prefix string, limit int) ([]LogEntry, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if limit < 0 {
		return nil, fmt.Errorf("the limit must not be negative, not %d", limit)
	}
	parts, err := splitPrefix(prefix)
	if err != nil {
		return nil, err
	}
	head, err := r.git.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil // unborn: nothing committed yet
	}
	if err != nil {
		return nil, err
	}
	w := &pathWalker{parts: parts}
	if w.shallow, err = r.shallow(); err != nil {
		return nil, err
	}
	fs, ok := r.git.Storer.(*filesystem.Storage)
	if !ok {
		w.treeReader = treeReader{objects: r.git.Storer, trees: newTreeCache(walkTreeCache)}
		return w.walk(ctx, head.Hash(), limit)
	}
	packs, release := openLogPacks(fs)
	defer release()
	open := func() (*treeReader, func()) {
		trees := newTreeCache(walkTreeCache)
		objects := newLogObjects(fs, packs, trees)
		return &treeReader{objects: objects, trees: trees}, func() { _ = objects.Close() }
	}
	own, done := open()
	defer done()
	w.treeReader, w.open = *own, open
	if w.graph = openCommitGraph(infoReader(fs)); w.graph != nil {
		defer w.graph.Close()
	}
	return w.walk(ctx, head.Hash(), limit)
}

// walkTreeCache bounds each generation of a walk reader's tree cache.
const walkTreeCache = 8 << 20

// infoReader reads a file under the storage's objects/info/ whole.
func infoReader(fs *filesystem.Storage) func(name string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		f, err := fs.Filesystem().Open(path.Join("objects", "info", name))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(f)
	}
}

// openCommitGraph opens objects/info/commit-graph, or else the chain of
// graphs in objects/info/commit-graphs/, from files read by read (a path
// under objects/info/), with go-git's decoders of the two formats, over
// the files held in memory, since go-git reads a field at a time from
// them. It returns nil when there is none or it cannot be read: the
// graph only saves time. go-git's own loader of a chain, OpenChainIndex,
// is not used: it reads the files from a billy filesystem, which would
// be the repository's own, one system call per field, and it panics when
// a graph of the chain is missing or malformed. Decoding a malformed
// file must not stop the log either, so a panic in it means no graph.
func openCommitGraph(read func(name string) ([]byte, error)) (graph commitgraph.Index) {
	defer func() {
		if recover() != nil {
			graph = nil
		}
	}()
	if b, err := read("commit-graph"); err == nil {
		idx, err := commitgraph.OpenFileIndex(memFile{bytes.NewReader(b)})
		if err != nil {
			return nil
		}
		return idx
	}
	b, err := read(path.Join("commit-graphs", "commit-graph-chain"))
	if err != nil {
		return nil
	}
	chain, err := commitgraph.OpenChainFile(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	var idx commitgraph.Index
	for _, h := range chain {
		b, err := read(path.Join("commit-graphs", "graph-"+h+".graph"))
		if err != nil {
			return nil
		}
		if idx, err = commitgraph.OpenFileIndexWithParent(memFile{bytes.NewReader(b)}, idx); err != nil {
			return nil
		}
	}
	return idx
}

type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

// shallow returns the commits whose parents a shallow clone lacks; the
// walk takes them as root commits, as git does.
func (r *Repo) shallow() (map[plumbing.Hash]bool, error) {
	hashes, err := r.git.Storer.Shallow()
	if err != nil || len(hashes) == 0 {
		return nil, err
	}
	m := make(map[plumbing.Hash]bool, len(hashes))
	for _, h := range hashes {
		m[h] = true
	}
	return m, nil
}

// splitPrefix checks a folder path and cuts it into its names.
func splitPrefix(prefix string) ([]string, error) {
	p := strings.Trim(prefix, "/")
	if p == "" || path.Clean(p) != p || strings.HasPrefix(p, "../") || p == ".." || p == "." {
		return nil, fmt.Errorf("%q is not a folder path inside the repository", prefix)
	}
	return strings.Split(p, "/"), nil
}

type pathWalker struct {
	treeReader
	graph commitgraph.Index // nil without a commit-graph
	// graphChecked is set once the graph has been checked against the
	// object store for one commit.
	graphChecked bool
	shallow      map[plumbing.Hash]bool // commits taken as roots
	parts        []string
	// open returns another reader, with an object store of its own, for
	// one more goroutine; nil when the store cannot be opened twice.
	open    func() (*treeReader, func())
	readers []*walkReader // the readers of later batches
	closers []func()
}

// queued is a commit waiting in the walk, with what the walk needs of it.
type queued struct {
	hash    plumbing.Hash
	tree    plumbing.Hash
	parents []plumbing.Hash
	when    int64 // committer time, Unix seconds
}

// step is one commit of the walk, in order, with its parents.
type step struct {
	c       queued
	parents []queued
}

// The walk takes commits in batches: the first is small and read by the
// walker alone, so that a short history or a limit met early costs no
// more than a sequential walk; each later one is cut into one slice for
// each reader of its own, read in parallel while the walker orders the
// next batch.
var (
	firstBatch, laterBatch = 1024, 8192
	// walkReaders is how many readers a batch is cut among.
	walkReaders = func() int { return min(runtime.GOMAXPROCS(0), 4) }
)

func (w *pathWalker) walk(ctx context.Context, tip plumbing.Hash, limit int) ([]LogEntry, error) {
	own := newWalkReader(&w.treeReader)
	var pending *evaluation
	defer func() {
		if pending != nil {
			_, _ = pending.wait() // before its readers are closed
		}
		for _, done := range w.closers {
			done()
		}
	}()
	seen := map[plumbing.Hash]bool{tip: true}
	first, err := w.commit(tip)
	if err != nil {
		return nil, err
	}
	queue := &commitQueue{first}
	var out []LogEntry
	// emit appends the listed commits of a batch, and says whether the
	// limit is met.
	emit := func(entries []*LogEntry) bool {
		for _, e := range entries {
			if e != nil {
				out = append(out, *e)
				if limit > 0 && len(out) == limit {
					return true
				}
			}
		}
		return false
	}
	for round := 0; ; round++ {
		size := laterBatch
		if round == 0 {
			size = firstBatch
		}
		batch, err := w.order(ctx, queue, seen, size)
		if err != nil {
			return nil, err
		}
		if pending != nil {
			entries, err := pending.wait()
			pending = nil
			if err != nil {
				return nil, err
			}
			if emit(entries) {
				return out, nil
			}
		}
		if len(batch) == 0 {
			return out, nil
		}
		if round > 0 {
			if pending = w.start(ctx, batch); pending != nil {
				continue
			}
		}
		entries := make([]*LogEntry, len(batch))
		if err := w.evaluateSlice(ctx, own, batch, entries); err != nil {
			return nil, err
		}
		if emit(entries) {
			return out, nil
		}
	}
}

// order takes the next size commits of the walk off the queue, in order,
// with their parents, queueing the parents not seen before.
func (w *pathWalker) order(ctx context.Context, queue *commitQueue, seen map[plumbing.Hash]bool, size int) ([]step, error) {
	batch := make([]step, 0, min(size, queue.Len()+size/8))
	for queue.Len() > 0 && len(batch) < size {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := heap.Pop(queue).(queued)
		s := step{c: c, parents: make([]queued, 0, len(c.parents))}
		for _, h := range c.parents {
			p, err := w.commit(h)
			if err != nil {
				return nil, fmt.Errorf("reading commit %s, parent of %s: %w", h, c.hash, err)
			}
			s.parents = append(s.parents, p)
			if !seen[h] {
				seen[h] = true
				heap.Push(queue, p)
			}
		}
		batch = append(batch, s)
	}
	return batch, nil
}

// evaluation is a batch being read by the walk's readers.
type evaluation struct {
	wg      sync.WaitGroup
	entries []*LogEntry // one for each step, nil where not listed
	errs    []error     // one for each reader
}

func (e *evaluation) wait() ([]*LogEntry, error) {
	e.wg.Wait()
	for _, err := range e.errs {
		if err != nil {
			return nil, err
		}
	}
	return e.entries, nil
}

// start cuts the batch into contiguous slices, one for each reader,
// opening readers as needed, and reads them in parallel; it returns nil
// when no reader of its own can be opened (the walker then reads the
// batch itself).
func (w *pathWalker) start(ctx context.Context, batch []step) *evaluation {
	for len(w.readers) < walkReaders() && w.open != nil {
		r, done := w.open()
		if r == nil {
			break
		}
		w.readers = append(w.readers, newWalkReader(r))
		w.closers = append(w.closers, done)
	}
	n := min(len(w.readers), len(batch))
	if n == 0 {
		return nil
	}
	e := &evaluation{entries: make([]*LogEntry, len(batch)), errs: make([]error, n)}
	per := (len(batch) + n - 1) / n
	for k := range n {
		lo, hi := min(k*per, len(batch)), min((k+1)*per, len(batch))
		e.wg.Add(1)
		go func() {
			defer e.wg.Done()
			e.errs[k] = w.evaluateSlice(ctx, w.readers[k], batch[lo:hi], e.entries[lo:hi])
		}()
	}
	return e
}

func (w *pathWalker) evaluateSlice(ctx context.Context, r *walkReader, steps []step, entries []*LogEntry) error {
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		changed, err := w.changed(r, s.c, s.parents)
		if err != nil {
			return err
		}
		if changed == nil {
			continue
		}
		full, err := object.GetCommit(r.objects, s.c.hash)
		if err != nil {
			return err
		}
		msg, _, _ := strings.Cut(strings.TrimSpace(full.Message), "\n")
		entries[i] = &LogEntry{
			Hash:    s.c.hash.String(),
			Date:    full.Author.When.UTC(),
			Author:  full.Author.Name,
			Email:   full.Author.Email,
			Message: strings.TrimSpace(msg),
			Changes: changed,
		}
	}
	return nil
}

// walkReader is one reader of a walk: a treeReader, and the folders it
// found in the trees it read, by level of the prefix: each commit's trees
// are searched again as its child's parent trees.
type walkReader struct {
	*treeReader
	children map[childKey]plumbing.Hash
}

type childKey struct {
	level int
	tree  plumbing.Hash
}

// maxChildren bounds a walkReader's memory of folders found.
const maxChildren = 1 << 16

func newWalkReader(r *treeReader) *walkReader {
	return &walkReader{treeReader: r, children: make(map[childKey]plumbing.Hash, 1024)}
}

// child is treeReader.child for the prefix's name at level.
func (r *walkReader) child(level int, tree plumbing.Hash, name string) (plumbing.Hash, error) {
	if tree.IsZero() {
		return plumbing.ZeroHash, nil
	}
	k := childKey{level, tree}
	if h, ok := r.children[k]; ok {
		return h, nil
	}
	h, err := r.find(tree, name)
	if err != nil {
		return h, err
	}
	if len(r.children) >= maxChildren {
		clear(r.children)
	}
	r.children[k] = h
	return h, nil
}

// find is treeReader.child, but reads the tree from a logObjects store
// directly, without the copy that treeReader.read makes of every object
// and without keeping it in the tree cache: the walk asks for each tree
// once, r.children answering again, and a delta's base is kept by the
// store.
func (r *walkReader) find(tree plumbing.Hash, name string) (plumbing.Hash, error) {
	objects, ok := r.objects.(*logObjects)
	if !ok {
		return r.treeReader.child(tree, name)
	}
	typ, data, err := objects.resolve(tree, 0)
	if err == nil && typ != plumbing.TreeObject {
		err = plumbing.ErrObjectNotFound
	}
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("reading %s %s: %w", plumbing.TreeObject, tree, err)
	}
	e, ok, err := rawTree(data).find(name)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("tree %s: %w", tree, err)
	}
	if !ok || !e.dir() {
		return plumbing.ZeroHash, nil
	}
	return e.hash, nil
}

// commit returns what the walk needs of a commit: its tree, parents and
// committer time, from the commit-graph when it has the commit, or else
// from the commit's header, without decoding the rest.
func (w *pathWalker) commit(h plumbing.Hash) (queued, error) {
	c, err := w.commitData(h)
	if w.shallow[h] {
		c.parents = nil
	}
	return c, err
}

func (w *pathWalker) commitData(h plumbing.Hash) (queued, error) {
	if c, ok := w.fromGraph(h); ok {
		return c, nil
	}
	return w.fromObjects(h)
}

// fromGraph returns what the commit-graph holds of a commit, if it has
// it. The first commit it answers for is checked against the object
// store, and when they differ, or a look-up panics (go-git decodes the
// file as it goes, and a malformed one may make it index out of range),
// the graph is dropped and every commit read from the store: a graph
// that is stale or corrupt must not change the log.
func (w *pathWalker) fromGraph(h plumbing.Hash) (c queued, ok bool) {
	if w.graph == nil {
		return queued{}, false
	}
	defer func() {
		if recover() != nil {
			w.graph, c, ok = nil, queued{}, false
		}
	}()
	i, err := w.graph.GetIndexByHash(h)
	if err != nil {
		return queued{}, false
	}
	d, err := w.graph.GetCommitDataByIndex(i)
	if err != nil {
		return queued{}, false
	}
	c = queued{hash: h, tree: d.TreeHash, parents: d.ParentHashes, when: d.When.Unix()}
	if !w.graphChecked {
		w.graphChecked = true
		stored, err := w.fromObjects(h)
		if err != nil || stored.tree != c.tree || stored.when != c.when || !slices.Equal(stored.parents, c.parents) {
			w.graph = nil
			return queued{}, false
		}
	}
	return c, true
}

// fromObjects reads a commit's header from the object store.
func (w *pathWalker) fromObjects(h plumbing.Hash) (queued, error) {
	raw, err := w.read(plumbing.CommitObject, h)
	if err != nil {
		return queued{}, err
	}
	c := queued{hash: h}
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		if len(line) == 0 {
			break // the end of the header
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "tree", "parent":
			var x plumbing.Hash
			if !parseHash(val, &x) {
				return queued{}, fmt.Errorf("commit %s: malformed %s line", h, key)
			}
			if key[0] == 't' {
				c.tree = x
			} else {
				c.parents = append(c.parents, x)
			}
		case "committer":
			// Name <email> SECONDS ZONE
			if i := bytes.LastIndexByte(val, '>'); i >= 0 {
				f := strings.Fields(string(val[i+1:]))
				if len(f) > 0 {
					c.when, _ = strconv.ParseInt(f[0], 10, 64)
				}
			}
		}
	}
	if c.tree.IsZero() {
		return queued{}, fmt.Errorf("commit %s has no tree", h)
	}
	return c, nil
}

func parseHash(hexDigits []byte, h *plumbing.Hash) bool {
	if len(hexDigits) != 2*len(h) {
		return false
	}
	_, err := hex.Decode(h[:], hexDigits)
	return err == nil
}

// changed returns what c changed under the prefix, or nil when c is not
// listed. A commit with one parent is compared with it, a root commit
// with an empty tree. A merge's own changes are the files whose content
// differs from that in every parent (git's combined-diff rule), each
// marked against the first parent; a merge that only takes each file
// from one parent or another has none.
func (w *pathWalker) changed(r *walkReader, c queued, parents []queued) ([]PathChange, error) {
	bases := []plumbing.Hash{plumbing.ZeroHash}
	if len(parents) > 0 {
		bases = make([]plumbing.Hash, len(parents))
		for i, p := range parents {
			bases[i] = p.tree
		}
	}
	here := plumbing.ZeroHash
	for i, root := range bases {
		h, b, err := w.descend(r, c.tree, root)
		if err != nil {
			return nil, err
		}
		if h == b {
			return nil, nil // the same as in this parent: nothing of its own
		}
		here, bases[i] = h, b
	}
	changes := []PathChange{}
	if err := diffKinds(r.treeReader, bases[0], here, "", &changes); err != nil {
		return nil, err
	}
	for _, base := range bases[1:] {
		var other []PathChange
		if err := diffKinds(r.treeReader, base, here, "", &other); err != nil {
			return nil, err
		}
		changes = intersect(changes, other)
	}
	if len(changes) == 0 {
		return nil, nil
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].Path < changes[j].Path })
	return changes, nil
}

// intersect keeps the changes of a whose path is changed in b too.
func intersect(a, b []PathChange) []PathChange {
	in := make(map[string]bool, len(b))
	for _, c := range b {
		in[c.Path] = true
	}
	kept := a[:0]
	for _, c := range a {
		if in[c.Path] {
			kept = append(kept, c)
		}
	}
	return kept
}

// descend walks the prefix down from two root trees together, one level
// at a time, and stops at the first level where the two are equal: the
// hashes it returns are equal when nothing under the prefix differs, and
// otherwise are the prefix's trees (zero where it does not exist: a
// missing folder reads as zero all the way down, so the descent never
// stops above the prefix with two different hashes).
func (w *pathWalker) descend(r *walkReader, a, b plumbing.Hash) (plumbing.Hash, plumbing.Hash, error) {
	for level, name := range w.parts {
		if a == b {
			return a, b, nil
		}
		var err error
		if a, err = r.child(level, a, name); err != nil {
			return a, b, err
		}
		if b, err = r.child(level, b, name); err != nil {
			return a, b, err
		}
	}
	return a, b, nil
}

// diffKinds appends the files that differ between the trees old and new (zero
// for an absent tree) under dir, descending only into folders whose
// hashes differ. A file that became a folder, or the reverse, is a
// deletion and an addition; so is a rename. A change of mode alone (a
// file made executable) is a modification.
func diffKinds(r *treeReader, old, new plumbing.Hash, dir string, out *[]PathChange) error {
	var changes []Change
	if err := r.diffModes(old, new, dir, &changes); err != nil {
		return err
	}
	for _, c := range changes {
		kind := Modified
		switch {
		case c.From == 0:
			kind = Added
		case c.To == 0:
			kind = Deleted
		}
		*out = append(*out, PathChange{Path: c.Path, Change: kind})
	}
	return nil
}

// commitQueue orders commits newest first by committer time, then by
// hash, so that the order never depends on how the walk reached them.
type commitQueue []queued

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	if q[i].when != q[j].when {
		return q[i].when > q[j].when
	}
	return bytes.Compare(q[i].hash[:], q[j].hash[:]) < 0
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *commitQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}
